"""Which files `rewrite` touches: those the scanner flags with fixable Python findings, and
the PHP files of a Copernica client family (rewrite/php/families.py).

The scan does discovery (.gitignore, excludes, venvs, symlinks not followed) and
the prefilter, so `rewrite` never parses code that has nothing to do with
Copernica. Files the scan could not read or parse are handed on as errors, so
they are reported (and left alone) like any file a codemod cannot handle.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from migrator.rewrite.model import NeedsHands
from migrator.rewrite.php.families import by_hand, select_php
from migrator.scan import discover
from migrator.scan.contract import ProjectContext
from migrator.scan.engine import ScanRequest, scan

HARD_CODED = frozenset({"COP008", "COP108"})  # credentials written into the code: no fix removes one

PYTHON = (".py", ".pyw", ".pyi")


@dataclass(frozen=True)
class Candidate:
    path: str  # absolute
    display: str
    error: str | None = None  # set: reported as an error, not rewritten
    error_kind: str = "parse"  # the scan's FileError.kind: only a parse error is worth parsing again
    skip_reason: str | None = None  # set: reported as skipped
    rules: frozenset[str] | None = None  # codes of the scan's findings here: which codemods apply


@dataclass
class Selection:
    candidates: list[Candidate] = field(default_factory=list)
    project: ProjectContext | None = None
    php: list[Candidate] = field(default_factory=list)  # PHP files (rewrite/php/families.py)
    php_by_hand: list[NeedsHands] = field(default_factory=list)  # PHP findings no fix reaches
    hard_coded: list[tuple[str, int]] = field(default_factory=list)  # (path, line) of each HARD_CODED finding


def display_path(path: str, cwd: str) -> str:
    return discover.display_path(path, cwd)


def select(paths: Sequence[str], exclude: Sequence[str], cwd: str, token_env: str,
           jobs: int, timeout: float | None = None) -> Selection:
    """Scan `paths`; raises migrator.scan.engine.ScanInputError for a missing path."""
    # The Python walk, not ripgrep: next to the codemods its cost does not show (both engines
    # report the same links, special files and unreadable files).
    report = scan(ScanRequest(paths=list(paths), cwd=cwd, exclude=list(exclude), jobs=jobs,
                              token_env=token_env, engine="python", timeout=timeout))
    absolute = lambda display: os.path.normpath(os.path.join(cwd, display))  # noqa: E731
    selection = Selection()
    codes: dict[str, set[str]] = {}
    for f in report.findings:
        if f.language == "python" and f.fixable:
            codes.setdefault(f.location.path, set()).add(f.rule)
    for display in sorted(codes):
        selection.candidates.append(Candidate(absolute(display), display,
                                              rules=frozenset(codes[display])))
    for error in report.errors:
        if error.path.endswith(PYTHON):
            where = f":{error.line}" if error.line else ""
            message = error.message if error.message.endswith("left alone") else f"{error.message}; left alone"
            selection.candidates.append(Candidate(absolute(error.path), error.path,
                                                  error=f"{error.path}{where}: {message}",
                                                  error_kind=error.kind))
    for skipped in report.skipped:
        # Python files, and ignore files the scan could not apply (a FIFO, a link to /dev/zero)
        if skipped.path.endswith(PYTHON) or skipped.path.rsplit("/", 1)[-1] == ".gitignore":
            selection.candidates.append(Candidate(absolute(skipped.path), skipped.path,
                                                  skip_reason=skipped.reason))
    selection.project = report.project or ProjectContext(root=Path(cwd), token_env=token_env)
    selection.php = [Candidate(absolute(display), display, error=error, error_kind=kind, skip_reason=skipped)
                     for display, error, kind, skipped in select_php(report, selection.project.php, absolute)]
    selection.php_by_hand = by_hand(report)
    selection.hard_coded = [(f.location.path, f.location.line) for f in report.findings
                            if f.rule in HARD_CODED]
    return selection
