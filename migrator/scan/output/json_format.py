"""`--format json`: see scan-result.schema.json next to this file (schema_version 1)."""

from __future__ import annotations

import json

from migrator import __version__
from migrator.scan.model import ScanResult
from migrator.scan.output.counts import summary

SCHEMA_VERSION = 1


def document(result: ScanResult) -> dict:
    from migrator.rules import all_rules

    names = {r.code: r.name for r in all_rules()}
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "copernica-migrate", "version": __version__},
        "findings": [
            {
                "rule": f.rule,
                "name": names.get(f.rule, f.rule.lower()),
                "message": f.message,
                "severity": f.severity,
                "language": f.language,
                "fixable": f.fixable,
                "fix": f.fix,
                "evidence": list(f.evidence),
                "location": {
                    "path": f.location.path,
                    "line": f.location.line,
                    "column": f.location.column,
                    "end_line": f.location.end_line,
                    "end_column": f.location.end_column,
                },
            }
            for f in result.findings
        ],
        "errors": [
            {"path": e.path, "message": e.message, "line": e.line, "column": e.column}
            for e in result.errors
        ],
        "skipped": [{"path": s.path, "reason": s.reason, **({"unanalysed": True} if s.unanalysed else {})}
                    for s in result.skipped],
        "summary": summary(result),
    }


def render(result: ScanResult, **_: object) -> str:
    return json.dumps(document(result), indent=2, ensure_ascii=False) + "\n"
