"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning.

Fixes: a SARIF `fix` must carry artifactChanges with real replacements. A Finding
only says in words what `rewrite` would do (result.properties `fixable`, `fix`);
the replacements come from the rewrite engine itself (migrator/rewrite/finding_fixes.py) and
are passed in as `fixes`, so a fix never claims an edit `rewrite` would not make.
Files that could not be read or parsed are error notifications of the invocation;
skipped files are notes.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote


from migrator import __version__
from migrator.scan.model import ScanResult


SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://soap.copernica.com/"
_LEVEL = {"error": "error", "warning": "warning", "note": "note"}


def artifact_location(path: str) -> dict:
    """A displayed path as a SARIF artifactLocation: relative ones against %SRCROOT%."""
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return {"uri": Path(path).as_uri()}
    # percent-encode the file name's bytes: non-UTF-8 names stay addressable
    return {"uri": quote(os.fsencode(path)), "uriBaseId": "%SRCROOT%"}


def _location(path: str, region: dict | None) -> dict:
    physical: dict = {"artifactLocation": artifact_location(path)}
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def _help_markdown(rule) -> str:
    """What GitHub shows under a code scanning alert: summary, fix, one example per language."""
    parts = [rule.summary]
    if rule.fix:
        parts.append(f"**Fix** (`copernica-migrate rewrite`): {rule.fix}" if rule.fixable_languages else f"**Fix**: {rule.fix}")
    for language, examples in rule.invalid.items():
        if examples:
            fence = "```"
            parts.append(f"Flagged ({language}):\n\n{fence}{language}\n{examples[0].rstrip()}\n{fence}")
    return "\n\n".join(parts)


def _rule_descriptor(rule) -> dict:
    help_lines = [rule.summary]
    if rule.fix:
        help_lines.append(f"Fix: {rule.fix}")
    for language, examples in rule.invalid.items():
        for example in examples[:1]:
            help_lines.append(f"Flagged ({language}): {example}")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary + (f" Fix: {rule.fix}" if rule.fix else "")},
        "help": {"text": "\n".join(help_lines), "markdown": _help_markdown(rule)},
        "helpUri": INFORMATION_URI,
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {
            "tags": ["copernica", "migration", *rule.languages],
            "fixable": bool(rule.fixable_languages),
            "fixableLanguages": list(rule.fixable_languages),
            "languages": list(rule.languages),
        },
    }


def document(result: ScanResult, cwd: str | None = None, fixes=None) -> dict:
    """The SARIF log; `fixes` (migrator.rewrite.finding_fixes.Fixes, composed by the scan command)
    adds `fixes[]` to those findings."""
    from migrator.rules import all_rules

    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    seen: dict[str, int] = {}
    results = []
    for i, f in enumerate(result.findings):
        loc = f.location
        base = f"{f.rule}|{loc.path}|{f.message}"
        seen[base] = seen.get(base, 0) + 1
        # stable across edits that only move the code: no line numbers in the hash
        fingerprint = hashlib.sha256(base.encode("utf-8", "surrogateescape")).hexdigest()[:32] + f":{seen[base]}"
        entry = {
            "ruleId": f.rule,
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [_location(loc.path, {
                "startLine": loc.line, "startColumn": loc.column,
                "endLine": loc.end_line, "endColumn": loc.end_column,
            })],
            "partialFingerprints": {"copernicaMigrate/v1": fingerprint},
            "properties": {"language": f.language, "fixable": f.fixable, "evidence": list(f.evidence)},
        }
        if f.rule in index:
            entry["ruleIndex"] = index[f.rule]
        if f.fix:
            entry["properties"]["fix"] = f.fix
        if fixes is not None and i in fixes.by_finding:
            entry["fixes"] = [_fix(fix) for fix in fixes.by_finding[i]]
        results.append(entry)

    notifications = []
    for e in result.errors:
        region = {"startLine": e.line} if e.line else None
        if region and e.column:
            region["startColumn"] = e.column
        notifications.append({
            "level": "error",
            "message": {"text": f"{e.path}: {e.message}"},
            "locations": [_location(e.path, region)],
            "descriptor": {"id": "file-error"},
        })
    for s in result.skipped:
        notifications.append({
            "level": "note",
            "message": {"text": f"{s.path}: skipped: {s.reason}"},
            "locations": [_location(s.path, None)],
            "descriptor": {"id": "file-skipped"},
        })

    root = Path(cwd or os.getcwd()).resolve().as_uri().rstrip("/") + "/"
    run = {
        "tool": {"driver": {
            "name": "copernica-migrate",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule_descriptor(r) for r in rules],
        }},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{
            # the scan ran to the end; per-file failures are the notifications
            "executionSuccessful": True,
            "toolExecutionNotifications": notifications,
        }],
        "results": results,
    }
    if fixes is not None and fixes.by_finding:
        # fixes' offsets count characters of the decoded text: say how to decode it
        run["defaultEncoding"] = "utf-8"
        if fixes.encodings:
            run["artifacts"] = [{"location": artifact_location(path), "encoding": encoding}
                                for path, encoding in sorted(fixes.encodings.items())]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _fix(fix: dict) -> dict:
    return {"description": fix["description"],
            "artifactChanges": [{"artifactLocation": artifact_location(change["path"]),
                                 "replacements": change["replacements"]} for change in fix["changes"]]}


def render(result: ScanResult, cwd: str | None = None, fixes=None, **_: object) -> str:
    return json.dumps(document(result, cwd, fixes), indent=2, ensure_ascii=False) + "\n"
