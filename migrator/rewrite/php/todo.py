"""A site a human must decide: a `// TODO(copernica-migrate): ...` line above it, and a
needs-hands note for the report. Run again on a migrated file, it adds no second TODO."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from migrator.rewrite.php import layout
from migrator.rewrite.php.edit import Edit, Note

if TYPE_CHECKING:
    from tree_sitter import Node

    from migrator.rewrite.php.registry import FileContext

MARKER = "TODO(copernica-migrate)"


def todo(ctx: FileContext, node: Node, message: str) -> Iterator[Edit]:
    """Note `message` at `node`'s line, and yield the TODO line above it (with its doc comment),
    unless a run before this one left it there."""
    data = ctx.data
    start = layout.leading_comments(node, data)
    line = layout.line_of(data, node.start_byte)
    ctx.notes.append(Note(line, "needs-hands", message))
    at = layout.line_start(data, start)
    above = data[layout.line_start(data, max(at - 1, 0)):at] if at else b""
    if MARKER.encode("ascii") not in above:
        indent = layout.indent_at(data, start).decode("ascii")
        yield Edit(at, at, layout.encode(ctx, f"{indent}// {MARKER}: {message}\n"), f"line {line}: {message}")
