"""Transition mode: a baseline run (`--auth legacy`) accepts a login session and access tokens,
as Copernica did while it moved to tokens, so a half-migrated program records its baseline."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from verify_helpers import base_env, cli, load

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"

# crm/tokens.py is migrated already; crm/legacy.py still logs in. Both talk to one account.
MIGRATED = f"""
import os
import zeep

service = zeep.Client("{WSDL}").service

def databases():
    answer = service.Account_databases({{"access_token": os.environ["COPERNICA_ACCESS_TOKEN"]}})
    return answer.total
"""
LEGACY = f"""
import os
import zeep

service = zeep.Client("{WSDL}").service
service.login({{"username": os.environ["COPERNICA_USER"], "account": "",
               "password": os.environ["COPERNICA_PASSWORD"]}})

def create(name):
    return service.Account_createDatabase({{"name": name}}).database.id
"""
MAIN = """
from crm import legacy, tokens

legacy.create("Half")
print("databases:", tokens.databases())
"""


def half_migrated(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    (root / "crm").mkdir(parents=True)
    (root / "crm" / "__init__.py").write_text("")
    (root / "crm" / "tokens.py").write_text(textwrap.dedent(MIGRATED))
    (root / "crm" / "legacy.py").write_text(textwrap.dedent(LEGACY))
    (root / "main.py").write_text(textwrap.dedent(MAIN))
    return root


def test_a_half_migrated_program_records_its_baseline_and_the_trace_says_how_each_call_got_in(tmp_path):
    root = half_migrated(tmp_path)
    trace = tmp_path / "before.json"
    run = cli("verify", "--auth", "legacy", "--trace", str(trace), "--", sys.executable, "main.py",
              cwd=root, env=base_env())
    assert run.returncode == 0, run.output
    assert "databases: 1" in run.stdout
    auth = [(c["operation"], c["auth"]) for c in load(trace)["calls"]]
    assert auth == [("login", "login"), ("Account_createDatabase", "cookie"), ("Account_databases", "token")]


def test_the_same_program_still_fails_in_token_mode_naming_the_login(tmp_path):
    root = half_migrated(tmp_path)
    run = cli("verify", "--", sys.executable, "main.py", cwd=root, env=base_env())
    assert run.returncode == 1
    assert "login" in run.stdout
