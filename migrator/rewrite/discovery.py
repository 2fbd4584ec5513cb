"""Which files `rewrite` touches: those the scanner flags with fixable Python findings.

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

from migrator.scan import discover
from migrator.scan.analyzer import ProjectContext
from migrator.scan.engine import ScanRequest, scan

PYTHON = (".py", ".pyw", ".pyi")
WRAPPER_RULE = "COP003"  # legacy wrapper class definition


@dataclass(frozen=True)
class Candidate:
    path: str  # absolute
    display: str
    error: str | None = None  # set: reported as an error, not rewritten
    skip_reason: str | None = None  # set: reported as skipped
    rules: frozenset[str] | None = None  # codes of the scan's findings here: which codemods apply


@dataclass
class Selection:
    candidates: list[Candidate] = field(default_factory=list)
    project: ProjectContext | None = None


def display_path(path: str, cwd: str) -> str:
    return discover.display_path(path, cwd)


def select(paths: Sequence[str], exclude: Sequence[str], cwd: str, token_env: str,
           jobs: int) -> Selection:
    """Scan `paths`; raises migrator.scan.engine.ScanInputError for a missing path."""
    # The Python walk, not ripgrep: it reports symbolic links (a link loop is "reported and
    # left as it was"), and next to the codemods its cost does not show.
    report = scan(ScanRequest(paths=list(paths), cwd=cwd, exclude=list(exclude), jobs=jobs,
                              token_env=token_env, engine="python"))
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
            selection.candidates.append(Candidate(absolute(error.path), error.path,
                                                  error=f"{error.path}{where}: {error.message}; left alone"))
    for skipped in report.skipped:
        if skipped.path.endswith(PYTHON):
            selection.candidates.append(Candidate(absolute(skipped.path), skipped.path,
                                                  skip_reason=skipped.reason))
    # only files defining a legacy wrapper class (COP003) contribute to pass 1
    wrapper_files = {f.location.path for f in report.findings if f.rule == WRAPPER_RULE}
    selection.project = _project([c for c in selection.candidates if c.display in wrapper_files],
                                 paths, cwd, token_env)
    return selection


def _project(candidates: list[Candidate], paths: Sequence[str], cwd: str,
             token_env: str) -> ProjectContext:
    """Pass 1 of the scan again, on the flagged files only: the legacy wrapper classes.

    The scan keeps its ProjectContext to itself; the wrappers are defined in the
    files flagged COP003, so collecting from those finds them all.
    """
    from migrator.scan.python.detector import PythonAnalyzer

    analyzer = PythonAnalyzer()
    roots = [os.path.abspath(os.path.join(cwd, p)) for p in paths]
    roots = [r for r in roots if os.path.isdir(r)]
    context = ProjectContext(root=Path(cwd), token_env=token_env)
    for candidate in candidates:
        if candidate.error or candidate.skip_reason:
            continue
        root = next((r for r in roots if candidate.path.startswith(r + os.sep)),
                    os.path.dirname(candidate.path))
        try:
            with open(candidate.path, "rb") as fh:
                data = fh.read()
            context.wrapper_classes.update(
                analyzer.collect(candidate.display, data, discover.module_name(candidate.path, root)))
        except Exception:  # noqa: BLE001 - the rewrite of that file reports its own problem
            continue
    return context
