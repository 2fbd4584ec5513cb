"""Statements that go, as remove_login's `_body` takes them out of their block: each with its
leading lines; a blank line that set off a removed run moves to the next statement kept
(libcst writes it with the block's indentation)."""

from __future__ import annotations

import ast

from codemods.remove_login import emptied
from migrator.rewrite.direct.plan import Plan, give_up
from migrator.rewrite.direct.text import (SIMPLE, Edit, blank, body_of, comment, first_line, indent, leading, line_after,
                                         start_of)


def drop(p: Plan) -> None:
    a = p.analysis
    bodies: dict[int, tuple[object, list]] = {}
    for statement in p.dropped:
        parent = a.parent(statement)
        body = body_of(parent, statement)
        bodies.setdefault(id(body), (parent, body))
    for parent, body in bodies.values():
        if p.gone(parent):
            continue  # a try that goes whole
        module_level = parent is a.tree
        gone = [any(st is d for d in p.dropped) for st in body]
        if all(gone):
            _empty(p, parent, body)
            continue
        kept_before = carry = False
        for index, statement in enumerate(body):
            if not (gone[index] or (carry and kept_before)):
                carry, kept_before = False, True
                continue
            region = leading(p.source, body, index, module_level)
            starts_blank = bool(region) and blank(p.source, region.start)
            at = start_of(p.source, region, statement)
            if gone[index]:
                carry = carry or starts_blank
                if not isinstance(statement, SIMPLE):
                    _no_footer(p, statement)
                p.edits.append(Edit(at, line_after(p.source, statement.end_lineno), ""))
                continue
            if not starts_blank:
                p.edits.append(Edit(at, at, indent(p.source, first_line(statement)) + "\n"))
            carry, kept_before = False, True


def _empty(p: Plan, parent, body: list) -> None:
    """Every statement of the block goes: libcst's codemod writes `pass` in their place (a
    function left so is named in the report)."""
    if parent is p.analysis.tree or isinstance(parent, (ast.Try, ast.ExceptHandler, getattr(ast, "TryStar", ast.Try))):
        give_up("a module or try body left empty")
    first = body[0]
    region = leading(p.source, body, 0, module_level=False)
    at = start_of(p.source, region, first)
    p.edits.append(Edit(at, line_after(p.source, first.end_lineno), indent(p.source, first_line(first)) + "pass\n"))
    for index, statement in enumerate(body[1:], 1):
        region = leading(p.source, body, index, module_level=False)
        p.edits.append(Edit(start_of(p.source, region, statement), line_after(p.source, statement.end_lineno), ""))
    if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)) and body is parent.body:
        p.note_change(parent.lineno, emptied(parent.name), parent)


def _no_footer(p: Plan, statement: ast.stmt) -> None:
    """A compound statement that goes takes its last block's footer (comments indented deeper after
    it) with it in libcst; not modelled."""
    own = len(indent(p.source, first_line(statement)))
    line = statement.end_lineno + 1
    while line <= len(p.source.lines) and (blank(p.source, line) or comment(p.source, line)):
        if comment(p.source, line) and len(indent(p.source, line)) > own:
            give_up("comments after a removed block")
        line += 1
