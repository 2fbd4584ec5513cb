"""The Markdown migration report (templates/reports/rewrite.md.j2).

It is built from change descriptions, TODO locations and names only, never from
diffs or code, so credentials that sat in the old code cannot end up in it.
"""

from __future__ import annotations

from migrator.rewrite.model import RewriteResult
from migrator.templating import render


def render_report(result: RewriteResult, written: bool) -> str:
    text = render("reports/rewrite.md.j2", result=result, options=result.options, written=written)
    return text.rstrip("\n") + "\n"
