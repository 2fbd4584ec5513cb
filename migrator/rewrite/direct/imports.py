"""Imports as direct edits: what codemods/_imports.PendingImports.settle makes libcst's
AddImportsVisitor and RemoveImportsVisitor do, for module-level imports on lines of their own.

Added imports go after the import lines at the top (after a docstring), the first statement
below them getting a blank line above when it has none; an import only removed code used goes,
with keep_spacing's blank-line rule. Other layouts are the codemods' (CannotEdit).
"""

from __future__ import annotations

import ast
import difflib
import re

from migrator.rewrite.direct.plan import Plan, give_up
from migrator.rewrite.direct.text import Edit, alone_on_line, blank, first_line, leading, line_after, line_start, start_of


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
    if any(p.removed(st) for st in body[start:end + 1]):
        give_up("the statement after the imports goes")
    # AddImportsVisitor's order: `import x` sorted, then the from-imports
    p.adds = sorted(a for a in p.adds if a.startswith("import ")) + [a for a in p.adds if a.startswith("from ")]
    text = "".join(f"{line}\n" for line in p.adds)
    if end < len(body):
        region = leading(p.source, body, end, module_level=True)
        if not region or not blank(p.source, region.start):
            text += "\n"  # libcst sets the first statement below the imports off by a blank line
    at = line_after(p.source, body[end - 1].end_lineno)
    p.added = (end, len(p.edits))  # the new imports follow body[end - 1]; their edit
    p.edits.append(Edit(at, at, text))


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
    read = strings = None
    body = a.tree.body
    removed: list[int] = []
    changed: dict[int, str] = {}  # index -> the statement's code with some names gone
    for index, statement in enumerate(body):
        if not isinstance(statement, (ast.Import, ast.ImportFrom)):
            continue
        named = [n for n in statement.names if (n.asname or n.name).split(".")[0] in used]
        if not named:
            continue
        if any("." in (n.asname or n.name) or n.name == "*" for n in named):
            give_up("a dotted or star import the removed code used")
        if read is None:
            read, strings = _read(new_text)
        going = [n for n in named if (n.asname or n.name) not in read]  # settle keeps what is read
        for n in going:
            if any(re.search(rf"\b{re.escape(n.asname or n.name)}\b", text) for text in strings):
                # `__all__`, a string annotation: libcst's own count may keep the import
                give_up(f"`{n.asname or n.name}` named in a string of the new code")
        if not going:
            continue
        if isinstance(statement, ast.ImportFrom) and statement.level:
            give_up("a relative import to remove")
        if not alone_on_line(p.source, statement):
            give_up("an import to remove that shares its line")
        if len(going) < len(statement.names):
            changed[index] = _remove_names(p, statement, going)
        else:
            removed.append(index)
    for index in removed:
        if any(0 <= n < len(body) and p.removed(body[n]) for n in (index - 1, index + 1)):
            give_up("an import removed next to a removed statement")
        region = leading(p.source, body, index, module_level=True)
        p.edits.append(Edit(start_of(p.source, region, body[index]), line_after(p.source, body[index].end_lineno), ""))
    if removed:
        _keep_spacing(p, body, removed, changed)


def _remove_names(p: Plan, statement: ast.Import | ast.ImportFrom, going: list[ast.alias]) -> str:
    """RemoveImportsVisitor's leave_Import: the other names stay, each with its own comma; the
    last one kept loses its comma."""
    if isinstance(statement, ast.ImportFrom) or statement.lineno != statement.end_lineno:
        give_up("names removed from a from-import or an import over lines")
    text = p.source.text
    spans = [p.source.offsets(n) for n in statement.names]
    kept = [i for i, n in enumerate(statement.names) if not any(n is g for g in going)]
    new = "".join(text[spans[i][0]:spans[i + 1][0]] for i in kept[:-1]) + text[slice(*spans[kept[-1]])]
    p.edits.append(Edit(spans[0][0], spans[-1][1], new))
    return _bare(p, statement).replace(text[spans[0][0]:spans[-1][1]], new, 1)


def _bare(p: Plan, statement: ast.stmt) -> str:
    """A statement's code without its leading lines, as keep_spacing compares them."""
    return p.source.text[line_start(p.source, first_line(statement)):line_after(p.source, statement.end_lineno)]


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


def _keep_spacing(p: Plan, body: list[ast.stmt], removed: list[int], changed: dict[int, str]) -> None:
    """codemods/_imports.keep_spacing on the module as settle has it (the codemods' removals made,
    the new imports added) before and after the imports went: where a run of statements is deleted
    outright, the statement after it gets the first one's blank lines when it has none; when the
    file's first statements went, the next one loses its blank lines instead."""
    added = [] if p.added is None else p.adds
    entries: list[tuple[object, str]] = []  # (index in body, or "added"), bare code
    for index, statement in enumerate(body):
        if p.added is not None and index == p.added[0]:
            entries += [("added", f"{line}\n") for line in added]
        if not p.removed(statement):
            entries.append((index, _bare(p, statement)))
    if p.added is not None and p.added[0] >= len(body):
        entries += [("added", f"{line}\n") for line in added]
    after = [(key, changed.get(key, code)) for key, code in entries if key not in removed]
    opcodes = difflib.SequenceMatcher(a=[c for _, c in entries], b=[c for _, c in after], autojunk=False).get_opcodes()
    for op, i1, _i2, j1, _j2 in opcodes:
        if op != "delete" or j1 >= len(after):
            continue
        key = after[j1][0]
        following = range(0) if key == "added" else leading(p.source, body, key, module_level=True)
        if j1 == 0 and first_line(body[0]) == 1:
            # the file's first statements went: the next one's blank lines would open the file
            for line in following:
                if blank(p.source, line):
                    p.edits.append(Edit(line_start(p.source, line), line_after(p.source, line), ""))
            continue
        if following:
            continue
        first = entries[i1][0]
        region = range(0) if first == "added" else leading(p.source, body, first, module_level=True)
        kept = "".join(p.source.lines[line - 1] + "\n" for line in region if blank(p.source, line))
        if not kept:
            continue
        if key == "added":
            edit = p.edits[p.added[1]]
            p.edits[p.added[1]] = Edit(edit.start, edit.end, kept + edit.text)
        else:
            at = line_start(p.source, first_line(body[key]))
            p.edits.append(Edit(at, at, kept))
