"""The default, human-readable report: findings grouped by file, then a summary."""

from __future__ import annotations

from itertools import groupby

import click

from migrator.scan.model import ScanResult
from migrator.scan.output.counts import summary
from migrator.templating import environment


def render(result: ScanResult, color: bool = False, quiet: bool = False, **_: object) -> str:
    """The report; `quiet`: only the summary lines (scan -q)."""
    from migrator.rules import all_rules

    names = {r.code: r.name for r in all_rules()}

    def style(text: object, **kwargs: object) -> str:
        return click.style(str(text), **kwargs) if color else str(text)  # type: ignore[arg-type]

    env = environment()
    template = env.get_template("reports/scan.txt.j2")
    files = [(path, list(group)) for path, group in groupby(result.findings, key=lambda f: f.location.path)]
    return template.render(files=files, result=result, summary=summary(result), names=names, style=style,
                           quiet=quiet)
