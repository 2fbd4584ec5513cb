"""Statements that go, as remove_login's `_body` takes them out of their block: each with its
leading lines; a blank line that set off a removed run moves to the next statement kept
(libcst writes it with the block's indentation)."""

from __future__ import annotations

from migrator.rewrite.direct.plan import Plan, give_up
from migrator.rewrite.direct.text import Edit, blank, body_of, first_line, indent, leading, line_after, line_start


def drop(p: Plan) -> None:
    a = p.analysis
    bodies: dict[int, tuple[object, list]] = {}
    for statement in p.dropped:
        parent = a.parent(statement)
        body = body_of(parent, statement)
        bodies.setdefault(id(body), (parent, body))
    for parent, body in bodies.values():
        module_level = parent is a.tree
        gone = [any(st is d for d in p.dropped) for st in body]
        if all(gone):
            give_up("a block left empty (the codemod writes `pass` there)")
        kept_before = carry = False
        for index, statement in enumerate(body):
            if not (gone[index] or (carry and kept_before)):
                carry, kept_before = False, True
                continue
            region = leading(p.source, body, index, module_level)
            starts_blank = bool(region) and blank(p.source, region.start)
            at = line_start(p.source, region.start if region else first_line(statement))
            if gone[index]:
                carry = carry or starts_blank
                p.edits.append(Edit(at, line_after(p.source, statement.end_lineno), ""))
                continue
            if not starts_blank:
                p.edits.append(Edit(at, at, indent(p.source, first_line(statement)) + "\n"))
            carry, kept_before = False, True
