"""What makes a piece of Python code "Copernica": text evidence shared by the analysis and the prefilter.

Detection must never fire on any SOAP/IMAP/FTP/Django `login`, so every finding
needs evidence that the API is Copernica's: its host or WSDL suffix, one of its
`Object_method` operation names, or the username/account/password login shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from migrator.catalogue import OPERATION_NAME, OPERATIONS

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


# ---- Per-client decision ----------------------------------------------------------------
# A login is migrated only when the client it belongs to is proven Copernica's. The facts
# come from what reaches *that* client (its WSDL, the operations called on it, its login's
# arguments, the wrapper class around it), never from the rest of the file.

COPERNICA, REVIEW, OTHER = "copernica", "review", "other"

# clue kind -> weight. Positive kinds prove Copernica (2 and more is enough on its own);
# "shape" alone only asks for a review; any negative kind is counter-evidence.
WEIGHTS = {
    "endpoint": 3,  # the WSDL/endpoint names Copernica (literal, constant, setting, env name)
    "operation": 3,  # a Copernica Object_method operation is called on it
    "wrapper": 3,  # it lives in a PomSoapClient/Copernica-named wrapper class
    "credentials": 2,  # its login's credentials come from names that say Copernica
    "shape": 1,  # its login takes exactly Copernica's username/account/password
    "operation-name": 1,  # a call named Object_method like Copernica's, but no operation we know
    "migrated": 3,  # decided Copernica's before a rewrite removed the login that said so
    "other-endpoint": -9,  # a literal endpoint on another host
    "session-id": -3,  # the login's result is passed into later calls (a session id)
    "logout": -3,  # Copernica's API has no logout
    "foreign-key": -3,  # its login takes keys Copernica's does not (tenant, ...)
}
_STRONG = 2


@dataclass(frozen=True)
class Clue:
    kind: str  # a key of WEIGHTS
    detail: str  # shown with the finding, e.g. "Account_databases is called on it"

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


def verdict(clues) -> str:
    """COPERNICA (migrate), REVIEW (report only, never rewrite) or OTHER (not Copernica's: silent).

    - a literal endpoint on another host wins: OTHER;
    - positive weight >= 2 (endpoint, operation, wrapper or credentials) and no counter-evidence:
      COPERNICA; with counter-evidence: REVIEW;
    - counter-evidence alone: OTHER; the login shape or an operation-like
      name alone: REVIEW; nothing: OTHER.
    """
    kinds = {c.kind for c in clues}
    if "other-endpoint" in kinds and "operation" not in kinds:
        return OTHER
    positive = sum(WEIGHTS[k] for k in kinds if WEIGHTS[k] >= _STRONG)
    negative = any(WEIGHTS[k] < 0 for k in kinds)
    if positive >= _STRONG:
        return REVIEW if negative else COPERNICA
    if negative:
        return OTHER
    return REVIEW if kinds & {"shape", "operation-name"} else OTHER


def foreign_keys(keys: set[str]) -> set[str]:
    """Login parameters Copernica's login does not take (it takes username, account, password)."""
    return {k for k in keys if k not in ("username", "account", "password", "parameters")}


def may_hold_envelope(text: str) -> bool:
    """Whether text holds a SOAP login element at all (the first test of `envelope_login`)."""
    return bool(_LOGIN_ELEMENT.search(text))


def operation_clue(ops, on: str) -> list[Clue]:
    """The clue the operations called on a client give: proof when one is an operation of
    Copernica's API this tool knows (catalogue.py); a name only shaped like one (`Account_balance`
    on an ERP's client) is as weak as the login's shape: reported for review, never migrated."""
    known = [op for op in ops if op in OPERATIONS]  # as written: Python's names are case-sensitive
    if known:
        return [Clue("operation", f"{known[0]} is called on {on}")]
    if ops:
        return [Clue("operation-name", f"{ops[0]} is called on {on} (named like a Copernica operation, "
                                       "but not one of its API this tool knows)")]
    return []
