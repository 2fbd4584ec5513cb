"""The strings a credential expression is built from, read from its code with the stdlib parser.

`"%s-%s" % ("Qq7", "Ww8")`, `"".join(["Jn4", "x"])`, `"{}{}".format(a, "b")`, f-strings, `+`,
`or`-fallbacks and `b64decode("...")` show their secret in pieces: each piece is masked wherever
a diff shows it. A piece that is only format syntax (`"%s-%s"`, `"{}"`) is none; a credential
written whole is one, whatever it says. Environment reads and other calls give nothing:
`os.environ["CP_PW"]` names where a secret lives, and masking it would hide that from the review.
"""

from __future__ import annotations

import ast
from typing import Iterator

from migrator.masking import secret_piece

# calls that make a string of the strings they are given (a password may be spelled with them)
_BUILDERS = frozenset({"join", "format", "b64decode", "urlsafe_b64decode", "b32decode", "b16decode",
                       "unhexlify", "fromhex", "decode", "encode", "strip", "lower", "upper", "replace"})


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
    elif isinstance(node, (ast.Tuple, ast.List)):
        for element in node.elts:
            yield from _pieces(element)
    elif isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name in _BUILDERS:
            if isinstance(node.func, ast.Attribute):
                yield from _pieces(node.func.value)
            for arg in (*node.args, *(k.value for k in node.keywords)):
                yield from _pieces(arg)
    elif isinstance(node, ast.Name):
        yield "name", (node.id, ())
    elif isinstance(node, ast.Attribute):
        yield "name", (node.attr, ())
    elif isinstance(node, ast.Subscript):
        keys: list[str | None] = []
        while isinstance(node, ast.Subscript):
            index = node.slice
            keys.insert(0, index.value if isinstance(index, ast.Constant) and isinstance(index.value, str) else None)
            node = node.value
        if isinstance(node, ast.Name):  # `CFG["cp"]["key"]`, `creds[1]`; not `os.environ["PW"]`
            yield "name", (node.id, tuple(keys))
