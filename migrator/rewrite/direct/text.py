"""Where a statement's bytes are, as libcst owns them: its line(s), and the blank and comment
lines above it that libcst counts as its `leading_lines` (they go when it goes).

libcst gives the lines above a module's first statement to the module's header, and the lines
after an indented block partly to that block's footer; a removal that would need that split
is not made here (CannotEdit: the libcst codemods take the file).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

SIMPLE = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Import, ast.ImportFrom, ast.Pass,
          ast.Return, ast.Raise, ast.Global, ast.Nonlocal, ast.Delete, ast.Assert, ast.Break, ast.Continue)


class CannotEdit(Exception):
    """Not a shape the direct edits reproduce exactly: the libcst codemods rewrite this file."""


@dataclass(frozen=True)
class Edit:
    start: int  # character offsets in the text
    end: int
    text: str


def apply(text: str, edits: list[Edit]) -> str:
    """`text` with every edit made; edits that overlap cannot both be right."""
    out, at = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < at:
            raise CannotEdit("two edits overlap")
        out += [text[at:edit.start], edit.text]
        at = edit.end
    out.append(text[at:])
    return "".join(out)


# `source` below is the scan's ast_analysis.Source of the file: its text, lines and line starts.

def line_start(source, line: int) -> int:
    return source.starts[line - 1]


def line_after(source, line: int) -> int:
    """Offset just past 1-based `line`'s newline."""
    return source.starts[line] if line < len(source.starts) else len(source.text)


def indent(source, line: int) -> str:
    text = source.lines[line - 1]
    return text[:len(text) - len(text.lstrip(" \t"))]


def blank(source, line: int) -> bool:
    return not source.lines[line - 1].strip(" \t")


def comment(source, line: int) -> bool:
    return source.lines[line - 1].lstrip(" \t").startswith("#")


def start_of(source, region: range, statement: ast.stmt) -> int:
    """Where the statement's bytes start: its first leading line (`region`), else its own first line."""
    return line_start(source, region.start if region else first_line(statement))


def first_line(statement: ast.stmt) -> int:
    decorators = getattr(statement, "decorator_list", ())
    return min([statement.lineno, *(d.lineno for d in decorators)])


def body_of(parent: ast.AST, statement: ast.stmt) -> list[ast.stmt]:
    """The statement list of `parent` that holds `statement`."""
    for name in ("body", "orelse", "finalbody"):
        body = getattr(parent, name, None)
        if isinstance(body, list) and any(s is statement for s in body):
            return body
    raise CannotEdit("a statement outside every body")


def alone_on_line(source, statement: ast.stmt) -> bool:
    """The statement has its lines to itself: nothing before it, at most a comment after it (no `;`)."""
    head = source.lines[statement.lineno - 1][:source.column(statement.lineno, statement.col_offset)]
    tail = source.lines[statement.end_lineno - 1][source.column(statement.end_lineno, statement.end_col_offset):]
    tail = tail.strip(" \t")
    rest = tail[1:].lstrip(" \t")
    if tail.startswith(";") and (not rest or rest.startswith("#")):
        raise CannotEdit("a statement ending in `;` (libcst: a line of its own; here: not modelled)")
    return not head.strip(" \t") and (not tail or tail.startswith("#"))


def leading(source, body: list[ast.stmt], index: int, module_level: bool) -> range:
    """The 1-based line numbers of body[index]'s leading lines (blank and comment lines above it)."""
    statement = body[index]
    top = first_line(statement)
    if module_level and index == 0:
        return range(top, top)  # the module's header holds them
    floor = body[index - 1].end_lineno if index else 0
    line = top - 1
    while line > floor and (blank(source, line) or comment(source, line)):
        line -= 1
    region = range(line + 1, top)
    if index and not isinstance(body[index - 1], SIMPLE):
        # after a block, its footer takes the lines up to its last comment indented deeper
        # than this statement; the statement owns the rest (all of them when there is none)
        own = len(indent(source, top))
        if any(comment(source, n) and len(indent(source, n)) > own for n in region):
            raise CannotEdit("lines after a block: libcst splits them with the block's footer")
    return region
