"""The strings a credential expression is built from, read from its code with the stdlib parser.

`"%s-%s" % ("Qq7", "Ww8")`, `"".join(["Jn4", "x"])`, `"{}{}".format(a, "b")`, f-strings, `+`,
`or`-fallbacks and `b64decode("...")` show their secret in pieces: each piece is masked wherever
a diff shows it. A piece that is only format syntax (`"%s-%s"`, `"{}"`) is none; a credential
written whole is one, whatever it says. Environment reads and other calls give nothing:
`os.environ["CP_PW"]` names where a secret lives, and masking it would hide that from the review.
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from migrator.masking import secret_piece

# calls that make a string of the strings they are given (a password may be spelled with them)
_BUILDERS = frozenset({"join", "format", "format_map", "b64decode", "urlsafe_b64decode", "b32decode", "b16decode",
                       "unhexlify", "fromhex", "strip", "lower", "upper", "replace", "reversed", "dict", "str"})
# the text is the receiver (or codecs.decode's first argument), not the codec
_CODECS = frozenset({"decode", "encode"})
_DEFAULTS = frozenset({"field", "Field"})  # dataclasses' and pydantic's field(default=...)
_KNOWN_CALLS = _BUILDERS | _CODECS | _DEFAULTS
# `config.get("copernica", "password")`: the second argument names an option, no default
_OPTION_NAME = re.compile(r"(?i)[a-z_]*(?:pass(?:word|wd)?|pw|pwd|user(?:name)?|login|e?mail|account|secret|token"
                          r"|key|phrase|wachtwoord|gebruiker|passwort|kennwort)")


def of_code(code: str) -> list[tuple[str, object]]:
    """("text", a string piece) and ("name", (a name it reads, the keys it indexes it with: a string
    key, or None for any other index)). An attribute `a.b.c` reads the name `c` (by name: cautious)."""
    try:
        tree = ast.parse(f"(\n{code}\n)", mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    return list(_pieces(tree.body, whole=True))


def _pieces(node: ast.AST, whole: bool = False) -> Iterator[tuple[str, object]]:
    """`whole`: the expression is the credential itself, whatever its text (`"!!!!"` too)."""
    if isinstance(node, ast.Constant):
        value = node.value.decode("latin-1") if isinstance(node.value, bytes) else node.value
        if isinstance(value, str) and value and (whole or secret_piece(value)):
            yield "text", value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            yield from _pieces(part.value if isinstance(part, ast.FormattedValue) else part)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        yield from _pieces(node.left)
        yield from _pieces(node.right)
    elif isinstance(node, ast.BoolOp):  # `os.environ.get("PW") or "fallback"`
        for value in node.values:
            yield from _pieces(value, whole)
    elif isinstance(node, ast.IfExp):
        yield from _pieces(node.body, whole)
        yield from _pieces(node.orelse, whole)
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        for element in node.elts:
            yield from _pieces(element)
    elif isinstance(node, ast.Dict):  # `"%(a)s" % {"a": ..}`, `.format_map({..})`: the values
        for value in node.values:
            yield from _pieces(value)
    elif isinstance(node, (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
        for generator in node.generators:
            yield from _pieces(generator.iter)
    elif isinstance(node, (ast.Lambda, ast.NamedExpr)):
        yield from _pieces(node.body if isinstance(node, ast.Lambda) else node.value, whole)
    elif isinstance(node, ast.Subscript) and isinstance(node.value, (ast.Constant, ast.JoinedStr)):
        yield from _pieces(node.value, whole)  # `"wp-cba"[::-1]`
    elif isinstance(node, ast.Call):
        yield from _call_pieces(node, whole)
    elif isinstance(node, ast.Name):
        yield "name", (node.id, ())
    elif isinstance(node, ast.Attribute):  # `Cred.PHRASE.value` of an Enum reads PHRASE
        inner = node.value if node.attr == "value" and isinstance(node.value, ast.Attribute) else node
        yield "name", (inner.attr, ())
    elif isinstance(node, ast.Subscript):
        keys: list[str | None] = []
        while isinstance(node, ast.Subscript):
            index = node.slice
            keys.insert(0, index.value if isinstance(index, ast.Constant) and isinstance(index.value, str) else None)
            node = node.value
        if isinstance(node, ast.Name):  # `CFG["cp"]["key"]`, `creds[1]`; not `os.environ["PW"]`
            yield "name", (node.id, tuple(keys))
        elif isinstance(node, ast.Attribute) and node.attr not in ("environ", "env"):
            yield "name", (node.attr, tuple(keys))  # `settings.CP["code"]`: by the attribute's name


def _call_pieces(node: ast.Call, whole: bool) -> Iterator[tuple[str, object]]:
    receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
    name = node.func.attr if receiver is not None else getattr(node.func, "id", None)
    keywords = {k.arg: k.value for k in node.keywords if k.arg}
    if name == "getattr" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
            and isinstance(node.args[1].value, str):
        yield "name", (node.args[1].value, ())  # `getattr(Cfg, "phrase")` reads phrase
        yield from _pieces(node.args[2]) if len(node.args) > 2 else ()
    elif isinstance(node.func, ast.Name) and name not in _KNOWN_CALLS:
        yield "name", (name, ())  # `get_phrase()`: what the name holds (`lambda: ".."`)
    elif name in _BUILDERS:
        if receiver is not None:
            yield from _pieces(receiver)
        for arg in (*node.args, *keywords.values()):
            yield from _pieces(arg)
    elif name in _CODECS:
        if isinstance(receiver, ast.Name) and receiver.id == "codecs":
            yield from _pieces(node.args[0]) if node.args else ()
        elif receiver is not None:
            yield from _pieces(receiver, whole)
    elif name == "get" and receiver is not None:
        # a dict's `get(key, default)`; configparser's `get(section, option, fallback=..)`
        defaults = [keywords["fallback"]] if "fallback" in keywords else node.args[1:2] if len(node.args) == 2 else []
        for default in defaults:
            if not (isinstance(default, ast.Constant) and _OPTION_NAME.fullmatch(str(default.value))):
                yield from _pieces(default, whole)
    elif name in _DEFAULTS:
        for default in (*node.args[:1], *(keywords[k] for k in ("default",) if k in keywords)):
            yield from _pieces(default, whole)
