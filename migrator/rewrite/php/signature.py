"""The one contract between the class-side and the call-site fixes: how a legacy constructor's
parameters become the token constructor's.

The credential parameters (login name, password, account) collapse into one `$accessToken` at the
position of the first of them; every other parameter keeps its name, default and relative order. A
call site maps its arguments through the declared names (the order differs between client
versions: (email, password, account, url, charset) vs (url, login, account, password)).
"""

from __future__ import annotations

from migrator.scan.treesitter.shapes import is_account_name, is_login_name, is_secret_name

TOKEN_PARAM = "accessToken"
TOKEN_PROPERTY = "accessToken"
# the key a settings-array constructor reads the token from, and call sites pass it under
TOKEN_KEY = "access_token"


def credential_kind(name: str) -> str | None:
    """"password", "account" or "login" for a credential parameter/key name, else None."""
    if is_secret_name(name):
        return "password"
    if is_account_name(name):
        return "account"
    if is_login_name(name):
        return "login"
    return None


def is_legacy(params: tuple[str, ...]) -> bool:
    kinds = {credential_kind(p) for p in params}
    return "password" in kinds and "account" in kinds


def bind(params: tuple[str, ...], positional: int, named: tuple[str, ...] = ()) -> dict[str, int | str]:
    """Which declared parameter each argument binds to: index -> name for the first `positional`
    arguments, and the PHP 8 named arguments by name. Raises ValueError for more arguments than
    parameters (a variadic or func_get_args constructor: not provable, leave it to a human)."""
    if positional > len(params):
        raise ValueError(f"{positional} arguments for {len(params)} parameters")
    binding: dict[str, int | str] = {params[i].lower(): i for i in range(positional)}
    for name in named:
        if name.lower() not in {p.lower() for p in params}:
            raise ValueError(f"no parameter named {name}")
        binding[name.lower()] = name
    return binding
