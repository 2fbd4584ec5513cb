"""COP002 as direct edits: codemods/login_struct.py's replacement of a per-call `login` struct by
`"access_token": os.environ[...]`, for structs of literals in a Copernica call's parameters dict.

A struct that reads variables (the codemod then decides which of them go), one outside a call
it recognises (a TODO), or a dict that already sends access_token is the codemod's (CannotEdit).
"""

from __future__ import annotations

import ast

from codemods.login_struct import REPLACED
from migrator.catalogue import OPERATION_NAME, lookup
import migrator.rewrite.direct.syntax as syntax
from migrator.rewrite.direct.plan import Plan, give_up
from migrator.scan.python import evidence

_LOGIN_KEYS = {"username", "password", "account"}


def plan(p: Plan) -> None:
    a = p.analysis
    if not (a.raw.soap_imported or _mentions_copernica(p)):
        return
    imports_os = any(isinstance(st, ast.Import) and any(n.name == "os" and n.asname is None for n in st.names)
                     for st in a.tree.body)
    operations: dict[int, str | None] = {}  # id(a call's parameters dict) -> its Copernica operation
    for call in a.raw.calls:
        params = _parameters_dict(call)
        if params is not None and not p.gone(call):
            operations[id(params)] = _operation_name(call)
    for node in syntax.post_order(a.tree):
        if not isinstance(node, ast.Dict) or p.gone(node):
            continue
        keys = [_key(p, k) for k in node.keys]
        logins = [i for i, k in enumerate(keys) if k == "login"]
        if not logins or (id(node) in operations and operations[id(node)] is None):
            continue
        operation = operations.get(id(node))
        if operation is None:
            if any(_is_login_struct(p, node.values[i]) for i in logins):
                give_up("a login struct outside a call the tool recognises (a TODO)")
            continue
        if "access_token" in keys or len(logins) > 1:
            give_up("the call already sends access_token, or two login keys (one becomes the token)")
        for i in reversed(logins):
            value = node.values[i]
            if any(isinstance(n, ast.Name) for n in ast.walk(value)):
                give_up("a struct that reads variables")
            start, end = p.analysis.source.offsets(node.keys[i])
            quote = p.source.text[start]
            if quote not in "'\"":
                give_up("a prefixed key")
            p.replace(node.keys[i], f"{quote}access_token{quote}")
            p.replace(value, f"os.environ[{quote}{p.token_env}{quote}]")
            if not imports_os and "import os" not in p.adds:
                p.adds.append("import os")
        p.note_change(node.lineno, REPLACED.format(operation=operation, token_env=p.token_env), node)


def _mentions_copernica(p: Plan) -> bool:
    """Copernica evidence in a string literal's text (libcst's raw token text; an f-string's
    literal parts, which only libcst tells apart: such a file is the codemod's)."""
    a = p.analysis
    fstrings = False
    for s in a.raw.strings:
        start, end = a._offsets(s)
        if evidence.mentions_copernica(p.source.text[start:end]):
            if isinstance(s, ast.JoinedStr):
                fstrings = True
            else:
                return True
    if fstrings:
        give_up("Copernica named in an f-string")
    return False


def _key(p: Plan, key: ast.expr | None) -> str | None:
    return key.value if key is not None and syntax.plain_string(p.analysis, key) else None


def _is_login_struct(p: Plan, value: ast.expr) -> bool:
    if not isinstance(value, ast.Dict):
        return False
    keys = {_key(p, k) for k in value.keys}
    return "account" in keys and bool(keys & {"username", "password"}) and keys <= _LOGIN_KEYS


def _operation_name(call: ast.Call) -> str | None:
    if not isinstance(call.func, ast.Attribute):
        return None
    name = call.func.attr
    if name.lower() == "login":
        return None
    return name if (OPERATION_NAME.match(name) or lookup(name)) else None


def _parameters_dict(call: ast.Call) -> ast.Dict | None:
    """The dict literal passed as the call's parameters: parameters=, else its first positional."""
    for keyword in call.keywords:
        if keyword.arg == "parameters":
            return keyword.value if isinstance(keyword.value, ast.Dict) else None
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    if positional and isinstance(positional[0], ast.Dict):
        return positional[0]
    return None
