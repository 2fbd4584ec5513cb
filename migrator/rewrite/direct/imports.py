"""Imports as direct edits: what codemods/_imports.PendingImports.settle makes libcst's
AddImportsVisitor and RemoveImportsVisitor do, for module-level imports on lines of their own.

Added imports go after the import lines at the top (after a docstring), the first statement
below them getting a blank line above when it has none; an import only removed code used goes,
with keep_spacing's blank-line rule. Other layouts are the codemods' (CannotEdit).
"""

from __future__ import annotations

import ast
import re

from migrator.rewrite.direct.plan import Plan, give_up
from migrator.rewrite.direct.text import Edit, alone_on_line, blank, first_line, leading, line_after, line_start


def add(p: Plan) -> None:
    if not p.adds:
        return
    body = p.analysis.tree.body
    start = 1 if body and _skip_first(p, body[0]) else 0
    end = start
    while end < len(body) and isinstance(body[end], (ast.Import, ast.ImportFrom)) \
            and alone_on_line(p.source, body[end]):
        end += 1
    if end == start:
        give_up("no import lines at the top to add after")
    if any(st is d for st in body[start:end + 1] for d in p.dropped):
        give_up("the statement after the imports goes")
    lines = sorted(a for a in p.adds if a.startswith("import ")) + [a for a in p.adds if a.startswith("from ")]
    text = "".join(f"{line}\n" for line in lines)
    if end < len(body):
        region = leading(p.source, body, end, module_level=True)
        if not region or not blank(p.source, region.start):
            text += "\n"  # libcst sets the first statement below the imports off by a blank line
    p.edits.append(Edit(line_after(p.source, body[end - 1].end_lineno), line_after(p.source, body[end - 1].end_lineno),
                        text))


def _skip_first(p: Plan, statement: ast.stmt) -> bool:
    """A docstring (one string token) or `__strict__ = ...` on a line of its own: imports go below it."""
    if not alone_on_line(p.source, statement):
        return False
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) \
            and isinstance(statement.value.value, (str, bytes)):
        return statement.value not in p.analysis.raw.concats
    return isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
        and isinstance(statement.targets[0], ast.Name) and statement.targets[0].id == "__strict__"


def remove_unused(p: Plan, new_text: str) -> None:
    """The imports the removed code named, when the new code reads them nowhere."""
    if not p.released:
        return
    used = {n.id for st in p.released for n in ast.walk(st) if isinstance(n, ast.Name)}
    a = p.analysis
    for node in a.raw.parents:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and a.parent(node) is not a.tree \
                and any((n.asname or n.name).split(".")[0] in used for n in node.names):
            give_up("a nested import the removed code used")
    read = None
    body = a.tree.body
    removed: list[int] = []
    for index, statement in enumerate(body):
        if not isinstance(statement, (ast.Import, ast.ImportFrom)):
            continue
        bound = [(n.asname or n.name) for n in statement.names]
        if not any(b.split(".")[0] in used for b in bound):
            continue
        if any("." in b or b == "*" for b in bound):
            give_up("a dotted or star import the removed code used")
        if read is None:
            read, strings = _read(new_text)
        unread = [b for b in bound if b not in read]
        if not unread:
            continue  # settle keeps what the new code reads
        for name in unread:
            if any(re.search(rf"\b{re.escape(name)}\b", text) for text in strings):
                # `__all__`, a string annotation: libcst's own count may keep the import
                give_up(f"`{name}` named in a string of the new code")
        if len(bound) != 1 or not alone_on_line(p.source, statement) or \
                (isinstance(statement, ast.ImportFrom) and statement.level):
            give_up("an import to remove that is not one name on its own line")
        if removed and removed[-1] == index - 1:
            give_up("two imports in a row removed (keep_spacing treats them as one)")
        removed.append(index)
        _remove_statement(p, body, index)


def _read(text: str) -> tuple[set[str], list[str]]:
    """The names the new code reads (what settle keeps), and its string literals other than
    docstrings and other bare-statement strings (where libcst may see a name read)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        give_up("the new code does not parse")
    bare = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    strings = [n.value for n in ast.walk(tree)
               if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in bare]
    return names, strings


def _remove_statement(p: Plan, body: list[ast.stmt], index: int) -> None:
    """Remove body[index] with its leading lines; keep_spacing's rule for the blank lines."""
    statement = body[index]
    nxt = body[index + 1] if index + 1 < len(body) else None
    if any(n is d for n in (body[index - 1] if index else None, nxt) for d in p.dropped):
        give_up("an import removed next to a removed statement")
    if p.adds and not isinstance(nxt, (ast.Import, ast.ImportFrom)):
        give_up("the last import removed where imports are added")
    region = leading(p.source, body, index, module_level=True)
    start = line_start(p.source, region.start if region else statement.lineno)
    p.edits.append(Edit(start, line_after(p.source, statement.end_lineno), ""))
    if nxt is None:
        return
    following = leading(p.source, body, index + 1, module_level=True)
    if index == 0 and statement.lineno == 1:
        # the file's first statement went: the next one's blank lines would open the file
        for line in following:
            if blank(p.source, line):
                p.edits.append(Edit(line_start(p.source, line), line_after(p.source, line), ""))
    elif not following:
        kept = "".join(p.source.lines[line - 1] + "\n" for line in region if blank(p.source, line))
        if kept:
            at = line_start(p.source, first_line(nxt))
            p.edits.append(Edit(at, at, kept))
