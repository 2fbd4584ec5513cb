"""Throw-away credentials for tests, distinctive so a leak is easy to grep for.

Import them from here, not from conftest: with several conftest.py files in the
tree, `import conftest` finds whichever one pytest loaded first.
"""

TOKEN = "tok-RW-7f3a9c1e5b"
READ_ONLY_TOKEN = "tok-RO-2d8e4b6a0c"
LOGIN = {"username": "demo-user", "password": "pw-S3cr3t-9q8w7e", "account": "Demo"}
