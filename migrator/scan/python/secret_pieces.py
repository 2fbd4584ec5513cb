"""The strings a credential expression is built from, read from its code with the stdlib parser.

`"%s-%s" % ("Qq7", "Ww8")`, `"".join(["Jn4", "x"])`, `"{}{}".format(a, "b")`, f-strings and
`+` show their secret in pieces: each piece is masked wherever a diff shows it. A piece that is
only format syntax (`"%s-%s"`, `"{}"`) is none; a credential written whole is one, whatever it says. Environment reads and other calls give nothing:
`os.environ["CP_PW"]` names where a secret lives, and masking it would hide that from the review.
"""

from __future__ import annotations

import ast
from typing import Iterator

from migrator.masking import secret_piece

_BUILDERS = frozenset({"join", "format"})


def of_code(code: str) -> list[tuple[str, object]]:
    """("text", a string piece) and ("name", (a name it reads, the string key it indexes or None))."""
    try:
        tree = ast.parse(f"(\n{code}\n)", mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    return list(_pieces(tree.body, whole=True))


def _pieces(node: ast.AST, whole: bool = False) -> Iterator[tuple[str, object]]:
    """`whole`: the expression is the credential itself, whatever its text (`"!!!!"` too)."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str) and node.value and (whole or secret_piece(node.value)):
            yield "text", node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            yield from _pieces(part.value if isinstance(part, ast.FormattedValue) else part)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        yield from _pieces(node.left)
        yield from _pieces(node.right)
    elif isinstance(node, (ast.Tuple, ast.List)):
        for element in node.elts:
            yield from _pieces(element)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _BUILDERS:
        yield from _pieces(node.func.value)
        for arg in (*node.args, *(k.value for k in node.keywords)):
            yield from _pieces(arg)
    elif isinstance(node, ast.Name):
        yield "name", (node.id, None)
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
            and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        yield "name", (node.value.id, node.slice.value)
