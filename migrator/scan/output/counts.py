"""The counts every report format shows."""

from __future__ import annotations

from migrator.scan.model import ScanResult


def summary(result: ScanResult) -> dict:
    """Counts shared by every format."""
    per_rule: dict[str, int] = {}
    fixable = notes = 0
    for f in result.findings:
        per_rule[f.rule] = per_rule.get(f.rule, 0) + 1
        fixable += f.fixable
        notes += f.severity == "note"  # about the scan (a syntax error), not code to migrate
    return {
        "findings": len(result.findings),
        "by_rule": dict(sorted(per_rule.items())),
        "fixable": fixable,
        "needs_hands": len(result.findings) - fixable - notes,
        "notes": notes,
        "files_scanned": result.files_scanned,
        "files_parsed": result.files_parsed,
        "files_skipped": len(result.skipped),
        "errors": len(result.errors),
        "lines_parsed": result.lines_scanned,
    }
