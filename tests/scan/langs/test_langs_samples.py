"""Realistic sample files: legacy clients give exactly the findings marked in them
(`expect: COP101` comments on the flagged line); migrated, REST and other-login code is clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator.scan.model import ParseError

SAMPLES = Path(__file__).parent / "samples"

# most of these is one ERROR node: a parse error, not findings (the others are scanned around their error)
BROKEN = {"Broken.java", "Broken.cs"}
SAMPLE_FILES = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.name not in BROKEN)
# Code that must come out clean although it logs in, talks SOAP or talks to Copernica.
CLEAN = {
    "php/token_client.php", "php/rest_client.php", "php/LoginController.php", "php/other_soap.php",
    "php/NewsletterController.php", "javascript/express_app.js",
    "java/TokenCopernicaExample.java", "java/SecurityConfig.java",
    "csharp/TokenCopernicaExample.cs", "csharp/AccountController.cs",
    "javascript/token_client.js", "javascript/rest_client.js", "javascript/passport_login.jsx",
    "typescript/tokenClient.ts", "typescript/LoginPage.tsx",
}
def _rel(path) -> str:
    return path.relative_to(SAMPLES).as_posix()


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=_rel)
def test_sample_gives_exactly_the_marked_findings(scan_source, marked, path):
    findings = scan_source(path.name, path.read_bytes())
    assert {(f.rule, f.location.line) for f in findings} == marked(path)
    if _rel(path) in CLEAN:
        assert findings == []


def test_every_language_has_flagged_and_clean_samples(marked):
    flagged = {_rel(p).split("/")[0] for p in SAMPLE_FILES if marked(p)}
    clean = {c.split("/")[0] for c in CLEAN}
    assert flagged == clean == {"php", "java", "csharp", "javascript", "typescript"}
    assert all(not marked(SAMPLES / c) for c in CLEAN)


def test_findings_point_at_the_exact_span(scan_source):
    path = SAMPLES / "php" / "legacy_usage.php"
    by_line = {f.location.line: f for f in scan_source(path.name, path.read_bytes()) if f.rule != "COP108"}
    login = by_line[12].location  # `$client->LOGIN(array(`
    assert (login.column, login.end_line, login.end_column) == (10, 12, 15)
    new = by_line[5].location  # `$soap = new PomSoapClient(...)`: the whole construction
    assert (new.column, new.end_column) == (9, 67)
    assert by_line[12].severity == "error"


@pytest.mark.parametrize("name,line,column,what", [
    ("php/broken.php", 3, 50, "invalid PHP syntax: missing ')'"),
    ("javascript/broken.js", 3, 41, "invalid JavaScript syntax: missing ')'"),
    ("typescript/broken.ts", 2, 39, "invalid TypeScript syntax: missing ')'"),
])
def test_broken_file_is_scanned_with_a_note_at_the_error(scan_source, name, line, column, what):
    path = SAMPLES / name
    notes = [f for f in scan_source(path.name, path.read_bytes()) if f.rule == "COP190"]
    assert [(f.location.line, f.location.column, f.severity) for f in notes] == [(line, column, "note")]
    assert notes[0].message.startswith(what + "; ") and "\n" not in notes[0].message


@pytest.mark.parametrize("name,line,column", [("java/Broken.java", 3, 22), ("csharp/Broken.cs", 3, 53)])
def test_file_that_is_mostly_error_raises_parse_error_with_position(scan_source, name, line, column):
    """Recovery wrapped the whole class in one ERROR node: nothing was scanned, so no note."""
    path = SAMPLES / name
    with pytest.raises(ParseError) as info:
        scan_source(path.name, path.read_bytes())
    assert (info.value.line, info.value.column) == (line, column)
    message = str(info.value)
    assert message.startswith("invalid ") and " syntax: " in message and "\n" not in message
