"""verify on real programs: the bundled legacy examples (five client styles) and hand-migrated
versions, run through the real CLI with the embedded mock; nothing in the programs is edited and
COPERNICA_WSDL is not set, so they keep their hard-coded soap.copernica.com URLs."""

from __future__ import annotations

import sys

import pytest
from throwaway_credentials import LOGIN
from verify_helpers import LEGACY_PROGRAMS, PROGRAMS, base_env, cli, legacy_copy, load, program

SECRETS = (LOGIN["password"],)


def assert_no_secret(*texts: str, secrets=SECRETS) -> None:
    for text in texts:
        for secret in secrets:
            assert secret not in text


@pytest.mark.parametrize("name", sorted(LEGACY_PROGRAMS))
def test_legacy_program_passes_in_legacy_mode(name, tmp_path):
    folder, command = legacy_copy(name, tmp_path)
    trace_file = tmp_path / "legacy.json"
    run = cli("verify", "--auth", "legacy", "--trace", str(trace_file), "--", *command, cwd=folder)
    assert run.returncode == 0, run.output
    assert "verify: PASS (legacy mode" in run.stdout
    trace = load(trace_file)
    assert trace["schema_version"] == 1 and trace["mode"] == "legacy" and trace["exit_code"] == 0
    assert trace["calls"][0]["operation"] == "login" and trace["calls"][0]["auth"] == "login"
    assert trace["calls"][0]["params"] == {}  # credentials never reach the trace
    business = [c for c in trace["calls"] if c["operation"] != "login"]
    assert business and all(c["auth"] == "cookie" for c in business)
    assert_no_secret(run.stdout, run.stderr, trace_file.read_text())


@pytest.mark.parametrize("name", ["newsletter_script", "shop_wrapper", "suds_export", "crm_service"])
def test_unmigrated_program_fails_in_token_mode_naming_the_login(name, tmp_path):
    folder, command = legacy_copy(name, tmp_path)
    run = cli("verify", "--", *command, cwd=folder)
    assert run.returncode == 1, run.output
    assert "verify: FAIL (token mode" in run.stdout
    assert "call 1 login: the program logs in (login session model)" in run.stdout
    assert_no_secret(run.stdout, run.stderr)


@pytest.mark.parametrize("legacy, migrated", [
    ("newsletter_script", "newsletter_token.py"),
    ("suds_export", "suds_export_token.py"),
    ("bulk_import", "bulk_token.py"),  # thread pool: the createProfile calls come in any order
])
def test_migrated_program_passes_with_the_legacy_baseline(legacy, migrated, tmp_path):
    folder, command = legacy_copy(legacy, tmp_path)
    baseline = tmp_path / "before.json"
    before = cli("verify", "--auth", "legacy", "--trace", str(baseline), "--", *command, cwd=folder)
    assert before.returncode == 0, before.output

    seen = tmp_path / "seen-token"
    after_trace = tmp_path / "after.json"
    run = cli("verify", "--baseline", str(baseline), "--trace", str(after_trace), "--",
              *program(migrated, tmp_path), env=base_env(TEST_SEEN_TOKEN_FILE=str(seen)))
    assert run.returncode == 0, run.output
    assert "verify: PASS (token mode" in run.stdout
    assert "baseline: same business calls" in run.stdout
    # The program's own output passes through unchanged, and matches the legacy run's.
    assert before.stdout.split("copernica-migrate verify:")[0].replace("login: DONE\n", "") == \
        run.stdout.split("copernica-migrate verify:")[0]
    calls = load(after_trace)["calls"]
    assert calls and all(c["auth"] == "token" for c in calls)
    token = seen.read_text()
    assert len(token) >= 32  # a generated throw-away token reached the program ...
    assert_no_secret(run.stdout, run.stderr, after_trace.read_text(), secrets=(token,))  # ... and nothing else


def test_sabotaged_migration_fails_naming_the_call_without_token(tmp_path):
    run = cli("verify", "--", *program("newsletter_sabotaged.py", tmp_path))
    assert run.returncode == 1
    assert ("call 4 Database_createField: no access_token (no credentials at all); "
            'the API answered "Not logged on"') in run.stdout
    assert "call 1 " not in run.stdout.split("Why it fails:")[1]  # the calls with a token are fine


def test_plain_http_and_https_urls_are_both_redirected(tmp_path):
    http_url = "http://soap.copernica.com/?SOAPAPI=WSDL"
    folder, command = legacy_copy("newsletter_script", tmp_path, url=http_url)
    assert http_url in (folder / "newsletter.py").read_text()
    legacy = cli("verify", "--auth", "legacy", "--", *command, cwd=folder)
    assert legacy.returncode == 0, legacy.output
    for url in (http_url, "https://soap.copernica.com?SOAPAPI=WSDL"):  # also: no slash before ?
        run = cli("verify", "--", *program("newsletter_token.py", tmp_path, url=url))
        assert run.returncode == 0, run.output
        assert "amsterdam: ann@example.com, cor@example.com" in run.stdout


def test_other_hosts_are_redirected_only_when_named(tmp_path):
    url = "https://copernica.example-shop.test/?SOAPAPI=WSDL"  # a white-label domain
    command = program("newsletter_token.py", tmp_path, url=url)
    run = cli("verify", "--redirect-host", "copernica.example-shop.test", "--", *command)
    assert run.returncode == 0, run.output
    missed = cli("verify", "--", *command)
    assert missed.returncode == 1
    # It crashed reaching the unnamed host: its own error, not a guess, and the tail shows the host.
    assert "the program exited with status 1 before its first Copernica call" in missed.stdout
    assert "copernica.example-shop.test" in missed.stdout.split("stderr:\n", 1)[1]


def test_a_call_that_still_sends_a_login_struct_next_to_its_token_fails(tmp_path):
    """Half migrated: the token was added, the per-call credentials were not taken out."""
    planted = "PLANTED-login-struct-4d1c"
    text = (PROGRAMS / "newsletter_token.py").read_text()
    good = '{"identifier": "Newsletter", "access_token": TOKEN}'
    assert good in text
    half = ('{"identifier": "Newsletter", "access_token": TOKEN, '
            f'"login": {{"username": "ann", "account": "Shop", "password": "{planted}"}}}}')
    target = tmp_path / "half_migrated.py"
    target.write_text(text.replace(good, half, 1))
    trace = tmp_path / "trace.json"
    run = cli("verify", "--trace", str(trace), "--", sys.executable, str(target))
    assert run.returncode == 1, run.output
    why = run.stdout.split("Why it fails:")[1]
    assert "call 1 Account_database: sends its access_token, but also a `login` struct" in why
    assert "call 2 " not in why  # the other calls carry only the token
    calls = load(trace)["calls"]
    assert calls[0]["login_struct"] is True and not any(c["login_struct"] for c in calls[1:])
    assert_no_secret(run.stdout, run.stderr, trace.read_text(), secrets=(planted,))
