"""Helpers for the PHP/Java/C#/JS/TS detection tests: run source through the real analyzers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from migrator.rules.checking import Checker
from migrator.scan.contract import ProjectContext
from migrator.scan.treesitter import analyzers

SAMPLES = Path(__file__).parent / "samples"
# a display name per language, so the analyzer picks the grammar by extension
FILENAME = {"php": "example.php", "java": "Example.java", "csharp": "Example.cs",
            "javascript": "example.js", "typescript": "example.ts"}


def analyzer_for(path: str):
    """The language's analyzer with its rules (what the scan engine runs)."""
    suffix = path[path.rfind("."):].lower()
    return Checker(next(a for a in analyzers() if suffix in a.extensions))


@pytest.fixture
def scan_source():
    """scan_source(language or filename, source) -> findings of every COP1xx rule."""
    context = ProjectContext(root=SAMPLES)

    def run(name: str, source: str | bytes):
        path = FILENAME.get(name, name)
        data = source.encode("utf-8") if isinstance(source, str) else source
        return analyzer_for(path).analyze(path, data, None, context)

    return run


_MARK = re.compile(r"expect: (COP\d{3}(?: COP\d{3})*)")


def marked_findings(path: Path) -> set[tuple[str, int]]:
    """(rule, line) pairs marked in a sample with an `expect: COP101 COP103` comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {(code, n) for n, line in enumerate(lines, 1)
            for m in _MARK.finditer(line) for code in m.group(1).split()}


@pytest.fixture
def marked():
    return marked_findings
