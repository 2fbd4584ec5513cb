"""`verify` and `check-token`: run a program against the mock (or live) API and judge its calls."""
