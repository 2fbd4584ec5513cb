"""`token-env` in [tool.copernica-migrate] is honoured by every command that has --token-env, and by
`mock`; an explicit --token-env still wins (option > pyproject.toml > default)."""

from __future__ import annotations

import re
import sys

from cli_helpers import SHOP_PROGRAM, TOKEN, TOKEN_ENV, clean_env, legacy_project, pyproject, run
from soap_clients import ZeepAdapter
from test_server import start_cli, stop_cli
from verify_helpers import base_env, cli


def test_scan_sarif_fixes_read_the_configured_variable(tmp_path):
    legacy_project(pyproject(tmp_path))
    proc = run("scan", "--format", "sarif", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    # the fixes hold the generated plugin module, which names the variable
    assert f'TOKEN_ENV = \\"{TOKEN_ENV}\\"' in proc.stdout
    assert "COPERNICA_ACCESS_TOKEN" not in proc.stdout
    given = run("scan", "--format", "sarif", "--token-env", "OTHER_TOKEN", cwd=tmp_path)
    assert 'TOKEN_ENV = \\"OTHER_TOKEN\\"' in given.stdout and TOKEN_ENV not in given.stdout


def test_rewrite_reads_the_configured_variable(tmp_path):
    legacy_project(pyproject(tmp_path))
    proc = run("rewrite", "--style", "inline", cwd=tmp_path)
    assert f'os.environ["{TOKEN_ENV}"]' in proc.stdout, proc.stderr
    assert f"set {TOKEN_ENV} to your access token" in proc.stderr
    given = run("rewrite", "--style", "inline", "--token-env", "OTHER_TOKEN", cwd=tmp_path)
    assert 'os.environ["OTHER_TOKEN"]' in given.stdout and TOKEN_ENV not in given.stdout


def test_verify_hands_the_token_to_the_program_in_the_configured_variable(tmp_path):
    pyproject(tmp_path)
    (tmp_path / "shop.py").write_text(SHOP_PROGRAM)
    run_ = cli("verify", "--", sys.executable, "shop.py", cwd=tmp_path, env=base_env())
    assert run_.returncode == 0, run_.output
    assert run_.stdout.startswith("copernica-migrate verify: PASS")
    # the default variable would not do: the program reads only $SHOP_TOKEN
    (tmp_path / "pyproject.toml").unlink()
    assert cli("verify", "--", sys.executable, "shop.py", cwd=tmp_path, env=base_env()).returncode == 1
    # and --token-env wins over the file
    pyproject(tmp_path, "OTHER_TOKEN")
    given = cli("verify", "--token-env", TOKEN_ENV, "--", sys.executable, "shop.py", cwd=tmp_path,
                env=base_env())
    assert given.returncode == 0, given.output


def test_check_token_reads_the_configured_variable(mock_server, tmp_path):
    server = mock_server()
    pyproject(tmp_path)
    env = base_env(**{TOKEN_ENV: TOKEN})  # the token only in $SHOP_TOKEN
    run_ = cli("check-token", "--url", server.wsdl_url, cwd=tmp_path, env=env)
    assert run_.returncode == 0, run_.output
    assert run_.stdout.startswith(f"check-token: valid: ${TOKEN_ENV} at ")
    # an explicit --token-env wins over pyproject.toml
    given = cli("check-token", "--url", server.wsdl_url, "--token-env", "COPERNICA_ACCESS_TOKEN",
                cwd=tmp_path, env=env)
    assert given.returncode == 2 and "$COPERNICA_ACCESS_TOKEN is not set or empty" in given.stderr


def test_snapshot_reads_the_configured_variable(mock_server, tmp_path):
    server = mock_server()
    pyproject(tmp_path)
    run_ = cli("snapshot", "--url", server.url, "--format", "json", cwd=tmp_path,
               env=base_env(**{TOKEN_ENV: TOKEN}))
    assert run_.returncode == 0, run_.output
    assert run_.stdout.lstrip().startswith("{") and "snapshot: " in run_.stderr


def test_mock_accepts_the_token_from_the_configured_variable(tmp_path):
    pyproject(tmp_path)
    proc, banner = start_cli(env={TOKEN_ENV: TOKEN}, cwd=tmp_path)
    try:
        url = re.search(r"listening on (\S+)", banner[0]).group(1)
        assert "  access tokens: 1 read-write, 0 read-only" in banner
        assert not any("throw-away token" in line for line in banner)
        assert ZeepAdapter(url + "?SOAPAPI=WSDL", TOKEN).call("Account_databases")["total"] == 0
    finally:
        out, err = stop_cli(proc)
    assert proc.returncode == 0 and TOKEN not in out + err


def test_mock_names_the_configured_variable_for_its_throwaway_token(tmp_path):
    pyproject(tmp_path)
    proc, banner = start_cli(cwd=tmp_path, env=clean_env())
    try:
        assert any(line.strip().startswith(f'export {TOKEN_ENV}="$(cat ') for line in banner), banner
    finally:
        stop_cli(proc)
