"""Report formats: JSON against our shipped schema, SARIF against the official 2.1.0 schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from migrator.rules import all_rules
from migrator.scan.engine import ScanRequest, scan
from migrator.scan.output import writer

REPO = Path(__file__).resolve().parents[2]
RESULT_SCHEMA = REPO / "migrator" / "scan" / "output" / "scan-result.schema.json"
SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"

PY_LOGIN = (
    "import os\nimport zeep\n\n"
    'client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")\n'
    'client.service.login({"username": os.environ["U"], "account": "", "password": os.environ["P"]})\n'
)
PHP_LOGIN = (
    '<?php\n$soap = new SoapClient("https://soap.copernica.com/?SOAPAPI=WSDL");\n'
    '$soap->login(array("username" => $u, "account" => $a, "password" => $p));\n'
)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    files = {
        "src/app.py": PY_LOGIN,
        "src/my file.php": PHP_LOGIN,
        "src/bad.py": "import zeep\ndef broken(:\n",
        "src/blob.py": b"zeep\0\0",
    }
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode()
        (root / rel).write_bytes(data)
    result = scan(ScanRequest(paths=(".",), cwd=str(root), jobs=1))
    assert result.findings and result.errors and result.skipped  # every section is exercised
    return root, result


def test_json_matches_the_shipped_schema(scanned):
    root, result = scanned
    doc = json.loads(writer("json")(result, cwd=str(root)))
    jsonschema.validate(doc, json.loads(RESULT_SCHEMA.read_text()))
    assert doc["schema_version"] == 1
    assert doc["summary"]["findings"] == len(doc["findings"])
    summary = doc["summary"]
    assert summary["fixable"] + summary["needs_hands"] + summary["notes"] == len(doc["findings"])
    assert [e["path"] for e in doc["errors"]] == ["src/bad.py"] and doc["errors"][0]["line"] == 2
    assert [s["path"] for s in doc["skipped"]] == ["src/blob.py"]
    login = next(f for f in doc["findings"] if f["location"]["path"] == "src/app.py")
    assert login["rule"] == "COP001" and login["name"] == "login-call" and login["language"] == "python"
    assert login["location"]["line"] == 5


def test_json_schema_rejects_a_broken_document(scanned):
    root, result = scanned
    doc = json.loads(writer("json")(result, cwd=str(root)))
    doc["findings"][0]["location"]["line"] = 0
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, json.loads(RESULT_SCHEMA.read_text()))


def sarif(scanned) -> dict:
    root, result = scanned
    return json.loads(writer("sarif")(result, cwd=str(root)))


def test_sarif_is_valid_2_1_0(scanned):
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(sarif(scanned)), key=str)
    assert not errors, errors[0]


def test_sarif_driver_rules_and_results_line_up(scanned):
    run = sarif(scanned)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "copernica-migrate" and driver["version"] and driver["informationUri"]
    assert [r["id"] for r in driver["rules"]] == [r.code for r in all_rules()]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["help"]["markdown"].startswith(rule["shortDescription"]["text"])
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
        assert "fixable" in rule["properties"]
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
        assert res["partialFingerprints"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "src/my%20file.php" in uris  # a URI, so the space is escaped
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")


def test_sarif_reports_parse_errors_as_notifications(scanned):
    invocation = sarif(scanned)["runs"][0]["invocations"][0]
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert len(errors) == 1 and "src/bad.py" in errors[0]["message"]["text"]
    region = errors[0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 2
    assert invocation["executionSuccessful"] is True


def test_sarif_fix_text_rides_in_properties(scanned):
    # a SARIF fix needs artifactChanges with real replacements; we only have words
    for res in sarif(scanned)["runs"][0]["results"]:
        assert "fixes" not in res
        assert isinstance(res["properties"]["fixable"], bool)


def test_text_lists_errors_and_skipped_files(scanned):
    root, result = scanned
    text = writer("text")(result, color=False)
    assert "Files that could not be scanned:" in text and "src/bad.py:2" in text
    assert "Skipped files:" in text and "src/blob.py: binary file" in text
    coloured = writer("text")(result, color=True)
    assert "\x1b[" in coloured and "\x1b[" not in text


def test_sarif_handles_a_file_name_that_is_not_utf8(tmp_path):
    import os

    name = os.fsdecode(b"bad\xffname.py")
    (tmp_path / name).write_text(PY_LOGIN, encoding="utf-8")
    result = scan(ScanRequest(paths=(".",), cwd=str(tmp_path), jobs=1))
    run = json.loads(writer("sarif")(result, cwd=str(tmp_path)))["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad%FFname.py"
