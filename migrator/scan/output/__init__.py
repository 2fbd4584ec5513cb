"""Writers for a ScanResult: text (default), json (versioned schema) and sarif (2.1.0)."""

from __future__ import annotations

from typing import Callable

from migrator.scan.model import ScanResult

FORMATS = ("text", "json", "sarif")


def writer(name: str) -> Callable[..., str]:
    """The format's render function. What it returns holds no lone surrogate (from a file name
    that is not UTF-8), so it encodes as UTF-8 anywhere: text shows such bytes as \\xXX,
    JSON and SARIF as \\udcXX escapes (lossless)."""
    from migrator.scan.discover import json_safe, printable

    # imported on demand so the text path never loads the JSON/SARIF code
    if name == "json":
        from migrator.scan.output.json_format import render
    elif name == "sarif":
        from migrator.scan.output.sarif import render
    else:
        from migrator.scan.output.text import render
    clean = printable if name == "text" else json_safe

    def safe(result: ScanResult, **kwargs: object) -> str:
        return clean(render(result, **kwargs))

    return safe
