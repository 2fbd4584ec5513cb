"""Remove the login and the session-cookie helpers, and the statements that call them or log
in (the 1.4-1.6 constructor's `$this->handleCookie();`, the 1.1 constructor's login). A helper
that something else still calls is kept, with a TODO: deleting it would turn its calls into
SOAP calls through the magic `__call`."""

from __future__ import annotations

from typing import Iterator

from migrator.rewrite.php import layout
from migrator.rewrite.php.edit import Edit, Note
from migrator.rewrite.php.nodes import on_self, statement_in, text, walk
from migrator.rewrite.php.registry import FileContext, fix
from migrator.rewrite.php.session import element_removal, plan
from migrator.rewrite.php.todo import todo
from migrator.rewrite.php.vendor import edited_classes


# COP102: it migrates the legacy client class (see fixes.py)
@fix("COP101", "COP103")
def run(ctx: FileContext) -> Iterator[Edit]:
    session = plan(ctx)
    data = ctx.data
    for (_, _), (cls, method) in session.methods.items():
        name = text(method.child_by_field_name("name"))
        start, end = layout.removal(data, method)
        yield Edit(start, end, b"", f"removed {cls.name}::{name}() (login session)")
    if session.methods:
        # `$this->$name()` could have reached a deleted helper; no name search sees it
        for cls, node in edited_classes(ctx):
            for call in walk(node):
                if call.type in ("member_call_expression", "scoped_call_expression") and on_self(call) \
                        and call.child_by_field_name("name").type != "name":
                    ctx.notes.append(Note(layout.line_of(data, call.start_byte), "needs-hands",
                                          f"a dynamic call on {cls.name} may have reached a removed session "
                                          "helper: check which names it can take"))
    for statement in session.statements:
        start, end = layout.removal(data, statement)
        line = layout.line_of(data, statement.start_byte)
        yield Edit(start, end, b"", f"line {line}: removed the login session call")
    for option in session.cookie_options:
        start, end = element_removal(data, option)
        yield Edit(start, end, b"", f"line {layout.line_of(data, option.start_byte)}: removed the curl cookie option")
    for method, callers in session.kept.values():
        name = text(method.child_by_field_name("name"))
        where = ", ".join(f"{path}:{line}" for path, line in callers[:3])
        yield from todo(ctx, method, f"{name}() logs in or keeps the session cookie but is still called "
                                 f"({where}); remove those calls, then this method")
    for call in session.todo_statements:
        yield from todo(ctx, statement_in(call), "this logs in; with an access token there is no login: remove it")
    for statement in session.cookie_todos:
        yield from todo(ctx, statement, "session cookie handling: with an access token there is no session "
                                    "cookie; remove it")
