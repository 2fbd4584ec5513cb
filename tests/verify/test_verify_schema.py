"""Traces and JSON reports follow migrator/verify/verify-report.schema.json (schema_version 1),
the contract for tools that read them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from verify_helpers import cli, legacy_copy, load, program

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "migrator" / "verify"
                     / "verify-report.schema.json").read_text())


def test_legacy_trace_and_failing_token_report_match_the_schema(tmp_path):
    folder, command = legacy_copy("crm_service", tmp_path)
    trace_file, report = tmp_path / "trace.json", tmp_path / "report.json"
    assert cli("verify", "--auth", "legacy", "--trace", str(trace_file), "--", *command, cwd=folder).returncode == 0
    run = cli("verify", "--baseline", str(trace_file), "--format", "json", "-o", str(report), "--",
              *program("newsletter_sabotaged.py", tmp_path))
    assert run.returncode == 1
    jsonschema.validate(load(trace_file), SCHEMA)
    data = load(report)
    jsonschema.validate(data, SCHEMA)
    assert data["verdict"] == "fail" and data["reasons"] and data["baseline"]["difference"]


def test_the_schema_refuses_credentials_in_params():
    trace = {"schema_version": 1, "command": ["python", "x.py"], "mode": "token", "exit_code": 0,
             "calls": [{"n": 1, "operation": "Account_databases", "auth": "token",
                        "params": {"access_token": "leaked"}, "fault": None}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(trace, SCHEMA)
