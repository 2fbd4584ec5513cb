"""Replace the re-login loop of `__call` (catch "Not logged on", log in again, retry) by the
try's body: with a token there is no session to renew, and other faults were rethrown anyway."""

from __future__ import annotations

from typing import Iterator

from migrator.rewrite.php import layout
from migrator.rewrite.php.edit import Edit
from migrator.rewrite.php.nodes import STRINGS, walk
from migrator.rewrite.php.registry import FileContext, fix
from migrator.rewrite.php.session import plan
from migrator.rewrite.php.todo import todo


# COP102: it migrates the legacy client class (see fixes.py)
@fix("COP104")
def run(ctx: FileContext) -> Iterator[Edit]:
    data = ctx.data
    for relogin in plan(ctx).relogins:
        line = layout.line_of(data, relogin.node.start_byte)
        if relogin.problem:
            yield from todo(ctx, relogin.node, f"re-login on 'Not logged on' left as it was: {relogin.problem}; "
                                           "with an access token there is no session to renew")
            continue
        inner = relogin.body.named_children
        body = data[inner[0].start_byte:inner[-1].end_byte] if inner else b""
        multiline_string = any(n.type in STRINGS | {"heredoc", "nowdoc"} and n.start_point[0] != n.end_point[0]
                               for n in walk(relogin.body))
        if inner and not multiline_string:
            by = len(layout.indent_at(data, inner[0].start_byte)) - len(layout.indent_at(data, relogin.node.start_byte))
            body = layout.dedent(body, max(by, 0))
        yield Edit(relogin.node.start_byte, relogin.node.end_byte, body,
                   f"line {line}: the re-login loop is now its body (no session to renew)")
        for counter in relogin.drop:
            start, end = layout.removal(data, counter)
            yield Edit(start, end, b"", f"line {layout.line_of(data, counter.start_byte)}: removed the retry counter")
