"""Inline suppressions: `copernica-migrate: ignore[COP001,COP004]` or bare `copernica-migrate: ignore`.

The comment must sit on the finding's first line (same-line only, like ruff's
`noqa`: a comment on its own line above does not count). It is recognised in the
comment syntax of the file's language. A suppression, or one of its codes, that
silences nothing is itself reported as COP900.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from migrator.scan import languages
from migrator.scan.model import Finding, Location

UNUSED_CODE = "COP900"
NEEDLE = b"copernica-migrate:"  # prefilter needle (lower case) for files with suppressions

_PATTERN = r"(?:{openers})[^\n]*?(copernica-migrate:\s*ignore(?:\[(?P<codes>[A-Za-z0-9_,\s]*)\])?)"
_compiled: dict[str, re.Pattern[str]] = {}


def _regex(language: str) -> re.Pattern[str]:
    if language not in _compiled:
        _compiled[language] = re.compile(_PATTERN.format(openers=languages.language(language).comments))
    return _compiled[language]


@dataclass
class Suppression:
    line: int
    column: int  # 1-based column of "copernica-migrate:"
    end_column: int
    codes: tuple[str, ...]  # empty: every rule
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> bool:
        if finding.location.line != self.line or finding.rule == UNUSED_CODE:
            return False
        return not self.codes or finding.rule in self.codes


def find(text: str, language: str) -> list[Suppression]:
    if "copernica-migrate:" not in text:  # the common case costs one substring search
        return []
    found: list[Suppression] = []
    regex = _regex(language)
    for number, line in enumerate(text.splitlines(), start=1):
        if "copernica-migrate:" not in line:
            continue
        match = regex.search(line)
        if match is None:
            continue
        codes = tuple(c.strip().upper() for c in (match.group("codes") or "").split(",") if c.strip())
        found.append(Suppression(number, match.start(1) + 1, match.end(1) + 1, codes))
    return found


def apply(findings: list[Finding], text: str, language: str, path: str) -> list[Finding]:
    """Drop suppressed findings; add a COP900 finding for each suppression (or code) that did nothing."""
    suppressions = find(text, language)
    if not suppressions:
        return findings
    kept: list[Finding] = []
    for finding in findings:
        hit = next((s for s in suppressions if s.covers(finding)), None)
        if hit is None:
            kept.append(finding)
        else:
            hit.used.add(finding.rule)
    for s in suppressions:
        location = Location(path, s.line, s.column, s.line, s.end_column)
        if not s.codes and not s.used:
            kept.append(_unused(location, "suppression comment silences no finding on this line", language))
        for code in s.codes:
            if code not in s.used:
                kept.append(_unused(location, f"suppression of {code} silences no finding on this line",
                                    language))
    return kept


def _unused(location: Location, message: str, language: str) -> Finding:
    return Finding(rule=UNUSED_CODE, message=message, location=location, severity="warning",
                   language=language, fixable=False)  # type: ignore[arg-type]
