"""What makes a piece of Python code "Copernica": text evidence shared by the analysis and the prefilter.

Detection must never fire on any SOAP/IMAP/FTP/Django `login`, so every finding
needs evidence that the API is Copernica's: its host or WSDL suffix, one of its
`Object_method` operation names, or the username/account/password login shape.
"""

from __future__ import annotations

import re

from migrator.catalogue import OPERATION_NAME

# Pass-1 prefilter (lower case). Measured on the CPython 3.11 standard library
# (site-packages excluded): none of these occurs in any of its modules.
NEEDLES: tuple[bytes, ...] = (
    b"copernica", b"soapapi", b"not logged on", b"pomsoapclient", b"zeep", b"suds",
)

NOT_LOGGED_ON = "not logged on"  # Copernica's fault text for a missing/expired session

_URL_EVIDENCE = re.compile(r"copernica|soapapi\s*=\s*wsdl", re.IGNORECASE)

# A login element in a raw SOAP envelope, any namespace prefix.
_LOGIN_ELEMENT = re.compile(r"<\s*(?:[\w.-]+:)?login\b[^>]*>", re.IGNORECASE)
_CHILD = r"<\s*(?:[\w.-]+:)?{}\s*>"

PASSWORD_NAMES = frozenset({"password", "passwd", "pwd", "pass", "secret"})
USER_NAMES = frozenset({"username", "user", "email", "login", "user_name", "email_address"})
ACCOUNT_NAMES = frozenset({"account", "account_name", "accountname"})


def mentions_copernica(text: str) -> bool:
    """The Copernica host or the WSDL suffix its clients add (`?SOAPAPI=WSDL`)."""
    return bool(_URL_EVIDENCE.search(text))


def is_operation_name(name: str) -> bool:
    return bool(OPERATION_NAME.match(name))


def login_shape(keys: set[str]) -> bool:
    """Copernica's login struct is {username, account, password}; other APIs' logins lack `account`."""
    return "account" in keys and bool(keys & {"username", "password"})


def envelope_login(text: str) -> tuple[bool, bool]:
    """(has a login element with username/password children, has an account child too)."""
    if not _LOGIN_ELEMENT.search(text):
        return False, False
    has = {n for n in ("username", "password", "account")
           if re.search(_CHILD.format(n), text, re.IGNORECASE)}
    return bool(has & {"username", "password"}), "account" in has


def credential_param(name: str) -> str | None:
    """Classify a parameter name as "password", "user" or "account" (constructor signatures)."""
    n = name.lower().lstrip("_")
    if n in PASSWORD_NAMES:
        return "password"
    if n in ACCOUNT_NAMES:
        return "account"
    if n in USER_NAMES:
        return "user"
    return None
