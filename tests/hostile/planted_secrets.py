"""A tree of legacy Copernica programs, one per credential form, each with its own distinctive
secret, so a leak names the form that leaked it."""

from __future__ import annotations

import hashlib
from pathlib import Path

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"

# form -> (file name, source with {s} where the secret goes); every program logs in, then makes a
# business call, so rewrite changes lines near the secret and verify can run it
FORMS: dict[str, tuple[str, str]] = {
    "value on the line after its key": ("next_line.py", '''\
import zeep

LOGIN = {{
    "username": "demo",
    "account": "Demo",
    "password":
        "{s}",
}}
svc = zeep.Client("{wsdl}").service
svc.login(LOGIN)
print(svc.Account_databases({{}}))
'''),
    "environment default": ("env_default.py", '''\
import os
import zeep

PASSWORD = os.environ.get("LEGACY_PW", "{s}")
svc = zeep.Client("{wsdl}").service
svc.login({{"username": "demo", "account": "Demo", "password": PASSWORD}})
print(svc.Account_databases({{}}))
'''),
    "second half of an implicit concatenation": ("implicit_concat.py", '''\
import zeep

PASSWORD = "pw-" "{s}"
svc = zeep.Client("{wsdl}").service
svc.login({{"username": "demo", "account": "Demo", "password": PASSWORD}})
print(svc.Account_databases({{}}))
'''),
    "part of a + concatenation on its own line": ("plus_concat.py", '''\
import zeep

PASSWORD = (
    "prefix-"
    + "{s}"
)
svc = zeep.Client("{wsdl}").service
svc.login({{"username": "demo", "account": "Demo", "password": PASSWORD}})
print(svc.Account_databases({{}}))
'''),
    "constant on a context line": ("context_line.py", '''\
import zeep

USERNAME = "demo"
PASSWORD = "{s}"
svc = zeep.Client("{wsdl}").service
svc.login({{"username": USERNAME, "account": "Demo", "password": PASSWORD}})
print(svc.Account_databases({{}}))
'''),
    "tuple of credentials to a wrapper": ("wrapper_tuple.py", '''\
import zeep

CREDENTIALS = ("demo", "Demo", "{s}")


class Copernica:
    def __init__(self, username, account, password):
        self.service = zeep.Client("{wsdl}").service
        self.service.login({{"username": username, "account": account, "password": password}})

    def databases(self):
        return self.service.Account_databases({{}})


api = Copernica(*CREDENTIALS)
print(api.databases())
'''),
    "keyword argument of a wrapper": ("wrapper_keyword.py", '''\
import zeep


class CopernicaApi:
    def __init__(self, username, account, password):
        self.service = zeep.Client("{wsdl}").service
        self.service.login({{"username": username, "account": account, "password": password}})


api = CopernicaApi(username="demo", account="Demo",
                   password="{s}")
print(api.service.Account_databases({{}}))
'''),
    "positional argument of a wrapper": ("wrapper_positional.py", '''\
import zeep


class CopernicaClient:
    def __init__(self, username, account, password):
        self.service = zeep.Client("{wsdl}").service
        self.service.login({{"username": username, "account": account, "password": password}})


api = CopernicaClient("demo", "Demo", "{s}")
print(api.service.Account_databases({{}}))
'''),
    "literal in the login call": ("login_literal.py", '''\
from suds.client import Client

client = Client("{wsdl}")
client.service.login({{"username": "demo", "account": "Demo", "password": "{s}"}})
print(client.service.Account_databases())
'''),
    "password passed to login by position": ("positional_login.py", '''\
from suds.client import Client

client = Client("{wsdl}")
client.service.login("demo", "{s}", "Demo")  # the WSDL's order
print(client.service.Account_databases())
'''),
    "f-string part": ("fstring.py", '''\
import zeep

SEASON = "2026"
svc = zeep.Client("{wsdl}").service
svc.login({{"username": "demo", "account": "Demo", "password": f"{{SEASON}}-{s}"}})
print(svc.Account_databases({{}}))
'''),
    "secret username and account": ("secret_username.py", '''\
import zeep

svc = zeep.Client("{wsdl}").service
svc.login({{"username": "{s}", "account": "{s}-acct", "password": "x"}})
print(svc.Account_databases({{}}))
'''),
    "line of a file that does not parse": ("broken.py", """\
import zeep

svc = zeep.Client("{wsdl}").service
PASSWORD = "{s}" +
svc.login({{"username": "demo", "account": "Demo", "password": PASSWORD}})
"""),
    "printed by the program when it fails": ("gives_up.py", """\
import sys
import zeep

PASSWORD = "{s}"
svc = zeep.Client("{wsdl}").service
svc.login({{"username": "demo", "account": "Demo", "password": PASSWORD}})
svc.Account_databases({{}})
sys.exit(f"giving up: the password {{PASSWORD}} was not accepted")
"""),
}

# secrets that live outside the code
ARGV_FORM = "password on the program's command line"  # the program ignores it; verify records argv
ENV_FORM = "password in the environment"  # COPERNICA_PASSWORD, set for every command
TOKEN_FORM = "access token"  # the mock accepts it; check-token and snapshot use it
REJECTED_FORM = "access token the API rejects"
OUTSIDE = [ARGV_FORM, ENV_FORM, TOKEN_FORM, REJECTED_FORM]

# The one program verify runs: every form's program in turn. Its own stderr lines start with
# PROGRAM_SAYS, so a test tells them from verify's (verify passes the program's output through as
# it is; what verify itself writes, including the excerpt of that stderr, is masked).
PROGRAM_SAYS = "program| "
DRIVER = f"""\
import pathlib, runpy, sys, traceback

here = pathlib.Path(__file__).resolve().parent / "app"
sys.path.insert(0, str(here))  # the generated plugin module lives next to the programs
failures = []
for path in sorted(here.glob("*.py")):
    if path.name.startswith("copernica_"):
        continue
    try:
        runpy.run_path(str(path), run_name="__main__")
        continue
    except SystemExit as exc:
        if exc.code in (None, 0):
            continue
        failures.append(str(exc.code))
    except BaseException:
        failures.append("\\n".join(traceback.format_exc().splitlines()[-3:]))
# at the end, so every failure is in the excerpt of stderr verify shows
for text in failures:
    for line in text.splitlines():
        print({PROGRAM_SAYS!r} + line, file=sys.stderr)
sys.exit(1 if failures else 0)
"""


def secret_for(form: str) -> str:
    """Distinctive, grep-able and unlike any ordinary word: 'Zq' + 14 hex digits of the form."""
    return "Zq" + hashlib.sha256(form.encode()).hexdigest()[:14]


SECRETS = {form: secret_for(form) for form in [*FORMS, *OUTSIDE]}


def build(root: Path) -> Path:
    """Write app/ (a program per form) and run_all.py into root; returns root."""
    (root / "app").mkdir(parents=True, exist_ok=True)
    for form, (name, source) in FORMS.items():
        (root / "app" / name).write_text(source.format(s=SECRETS[form], wsdl=WSDL))
    (root / "run_all.py").write_text(DRIVER)
    return root


def leaks(text: str) -> list[str]:
    """The forms whose secret appears in text (any part of it: the head and tail too)."""
    return [form for form, secret in SECRETS.items()
            if secret in text or secret[:9] in text or secret[-9:] in text]
