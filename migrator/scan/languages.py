"""Which analyzer handles which file extension (each analyzer declares its own).

The detector packages are imported lazily and independently: if one is missing
(or fails to import), files of the other languages are still scanned.
"""

from __future__ import annotations

import importlib
from typing import Callable, Sequence

from migrator.scan.analyzer import Analyzer


def _python() -> list[Analyzer]:
    from migrator.scan.python import PythonAnalyzer

    return [PythonAnalyzer()]


def _treesitter() -> list[Analyzer]:
    from migrator.scan.treesitter import analyzers

    return list(analyzers() if callable(analyzers) else analyzers)


_SOURCES: tuple[Callable[[], list[Analyzer]], ...] = (_python, _treesitter)


def load_analyzers() -> list[Analyzer]:
    """Every analyzer whose package imports; a missing package just drops its languages."""
    found: list[Analyzer] = []
    for source in _SOURCES:
        try:
            found.extend(source())
        except ImportError:
            continue
    return found


def by_extension(analyzers: Sequence[Analyzer]) -> dict[str, Analyzer]:
    table: dict[str, Analyzer] = {}
    for analyzer in analyzers:
        for ext in analyzer.extensions:
            table.setdefault(ext.lower(), analyzer)
    return table


def load(factory_path: str) -> Callable[[], list[Analyzer]]:
    """'module:function' -> the factory; lets worker processes rebuild analyzers by name."""
    module, _, attr = factory_path.partition(":")
    return getattr(importlib.import_module(module), attr)
