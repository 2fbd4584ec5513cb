"""Judgements about argument and parameter shapes shared by the COP1xx rules.

The legacy client takes (email, password, account[, url, charset]) and the oldest one
(url, login, account, password); the access-token client takes (token[, url, charset,
options]). Arity alone cannot tell them apart, so look at what the arguments are.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from migrator.scan.treesitter.syntax import quoted_value, text

if TYPE_CHECKING:
    from tree_sitter import Node

# Dutch and German too: Copernica is a Dutch company, and so are many of its integrators
_SECRET = frozenset({"password", "passwd", "pwd", "pass", "pw", "secret", "wachtwoord", "passwort", "kennwort"})
_ACCOUNT = frozenset({"account", "acct"})
_LOGIN = frozenset({"email", "mail", "user", "username", "login", "name", "gebruiker", "gebruikersnaam",
                    "benutzer", "benutzername"})
_NOT_LOGIN = frozenset({"url", "host", "charset", "options", "wsdl", "endpoint", "database"})
_URLISH = ("url", "wsdl", "endpoint", "host")
_STRING_TYPES = frozenset({"string", "encapsed_string", "string_literal", "verbatim_string_literal",
                           "template_string"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def words(name: str) -> set[str]:
    """`apiPassword`, `API_PASS`, `$acct_pw` -> {"api", "password"}, {"api", "pass"}, {"acct", "pw"}."""
    return {w.lower() for w in _WORD.findall(name)}


def is_secret_name(name: str) -> bool:
    return bool(words(name) & _SECRET)


def is_account_name(name: str) -> bool:
    return bool(words(name) & _ACCOUNT)


def is_login_name(name: str) -> bool:
    """`$email`, `username`, `loginName`: the login half of a credential pair (not `$userUrl`)."""
    w = words(name)
    return bool(w & _LOGIN) and not w & _NOT_LOGIN


def names_secret(name: str) -> bool:
    """`API_PASSWORD`, `$ftpPw`, 'smtp_pass': a name for the secret itself, where is_secret_name
    also takes a name about one (`$passwordResetUrl`)."""
    found = _WORD.findall(name)
    return bool(found) and found[-1].lower() in _SECRET


def _last_name(node: Node) -> str:
    """`$this->password`, `cfg.password`, `$url` -> the last plain name, lower case."""
    raw = text(node).lower().lstrip("$@")
    for sep in ("->", ".", "::"):
        raw = raw.rsplit(sep, 1)[-1]
    return raw


def looks_like_url(node: Node) -> bool:
    if node.type in _STRING_TYPES:
        value = quoted_value(node).lower()
        return value.startswith(("http://", "https://")) or "soapapi" in value
    if node.type.endswith(("call_expression", "invocation", "invocation_expression")):
        return False
    return any(u in _last_name(node) for u in _URLISH)


def looks_like_token(node: Node) -> bool:
    return "token" in text(node).lower()


def passes_token(args: tuple[tuple[str | None, Node], ...]) -> bool:
    """An argument visibly carries a token (`$token`, `getenv('COPERNICA_ACCESS_TOKEN')`, `token:`)."""
    return any(looks_like_token(node) or (n and "token" in n.lower()) for n, node in args)


def legacy_client_args(args: tuple[tuple[str | None, Node], ...]) -> bool:
    """Is this construction given login credentials (rather than an access token)?"""
    names = [n for n, _ in args if n]
    if any(is_secret_name(n) for n in names):
        return True
    if passes_token(args):
        return False
    values = [node for _, node in args]
    if len(values) < 3:
        return False
    if looks_like_url(values[0]):
        return True  # oldest client: (url, login, account, password)
    if looks_like_url(values[1]):
        return False  # token client: (token, url, ...)
    return True  # (email, password, account, ...)


def legacy_ctor_params(params: tuple[str, ...]) -> bool:
    """A constructor that takes a password and an account: a login-session wrapper."""
    return any(is_secret_name(p) for p in params) and any(is_account_name(p) for p in params)


def names_credentials(args: tuple[tuple[str | None, Node], ...]) -> bool:
    """Visibly credentials: a password-like name (`$config['pass']`, `apiPassword`) or an email literal."""
    for name, node in args:
        if is_secret_name(name or "") or (node.type not in _STRING_TYPES and is_secret_name(text(node))):
            return True
    first = args[0][1] if args else None
    return first is not None and first.type in _STRING_TYPES and "@" in quoted_value(first)
