"""verify --live: the program's calls go to a real endpoint (here --url: a separately started mock
in token mode, over HTTPS with a trustme certificate the child trusts through REQUESTS_CA_BUNDLE /
SSL_CERT_FILE, as a user would set them). The child's hook records each call, without the token."""

from __future__ import annotations

import pytest
from throwaway_credentials import TOKEN
from verify_helpers import base_env, cli, legacy_copy, load, program, tls_files


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    return tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def live(mock_server, tls):
    """A 'live' API: a mock over HTTPS, and the environment a user would run verify in."""
    certfile, cafile = tls
    server = mock_server(auth="token", certfile=certfile)
    env = base_env(COPERNICA_ACCESS_TOKEN=TOKEN, REQUESTS_CA_BUNDLE=str(cafile), SSL_CERT_FILE=str(cafile))
    return server, env


def assert_token_hidden(tmp_path, *texts):
    for text in texts:
        assert TOKEN not in text
    for path in tmp_path.rglob("*.json"):
        assert TOKEN not in path.read_text()


@pytest.mark.parametrize("migrated", ["newsletter_token.py", "suds_export_token.py"])
def test_live_migrated_program_passes_and_its_calls_really_reach_the_endpoint(migrated, live, tmp_path):
    server, env = live
    trace_file = tmp_path / "live.json"
    run = cli("verify", "--live", "--url", server.wsdl_url, "--trace", str(trace_file), "--",
              *program(migrated, tmp_path), env=env)
    assert run.returncode == 0, run.output
    assert "verify: PASS (live mode" in run.stdout
    # The hook's trace and the endpoint's own log agree, call for call.
    traced = [(c["operation"], c["auth"], c["params"]) for c in load(trace_file)["calls"]]
    served = [(c["operation"], c["auth"], c["params"]) for c in server.calls]
    assert traced == served and len(traced) >= 5
    assert_token_hidden(tmp_path, run.stdout, run.stderr)


def test_live_unmigrated_program_fails_naming_the_login(live, tmp_path):
    server, env = live
    folder, command = legacy_copy("suds_export", tmp_path)
    run = cli("verify", "--live", "--url", server.wsdl_url, "--", *command, cwd=folder, env=env)
    assert run.returncode == 1
    assert "call 1 login: the program logs in" in run.stdout
    # suds got the fault as an HTTP 500 through urllib; the hook read it and handed it on intact.
    assert 'the API answered "The login method is no longer supported' in run.stdout
    assert "suds.WebFault" in run.stderr or "Server raised fault" in run.stderr
    assert [c["operation"] for c in server.calls] == ["login"]
    assert_token_hidden(tmp_path, run.stdout, run.stderr)


def test_live_sabotaged_migration_names_the_call(live, tmp_path):
    server, env = live
    run = cli("verify", "--live", "--url", server.wsdl_url, "--format", "json", "-o",
              str(tmp_path / "report.json"), "--", *program("newsletter_sabotaged.py", tmp_path), env=env)
    assert run.returncode == 1
    report = load(tmp_path / "report.json")
    assert report["verdict"] == "fail"
    assert report["calls"][3] == {"n": 4, "operation": "Database_createField", "auth": "none",
                                  "params": {"id": 1, "name": "city"}, "fault": "Not logged on",
                                  "login_struct": False, "fault_allowed": False}
    assert report["reasons"][0].startswith("call 4 Database_createField: no access_token")
    assert_token_hidden(tmp_path, run.stdout, run.stderr)


def test_live_baseline_from_a_legacy_mock_run_matches(live, tmp_path):
    server, env = live
    folder, command = legacy_copy("newsletter_script", tmp_path)
    baseline = tmp_path / "legacy.json"
    assert cli("verify", "--auth", "legacy", "--trace", str(baseline), "--", *command, cwd=folder).returncode == 0
    run = cli("verify", "--live", "--url", server.wsdl_url, "--baseline", str(baseline), "--",
              *program("newsletter_token.py", tmp_path), env=env)
    assert run.returncode == 0, run.output
    assert "baseline: same business calls" in run.stdout


def test_live_refuses_to_run_without_the_token(live, tmp_path):
    server, env = live
    del env["COPERNICA_ACCESS_TOKEN"]
    run = cli("verify", "--live", "--url", server.wsdl_url, "--", *program("newsletter_token.py", tmp_path),
              env=env)
    assert run.returncode == 2
    assert run.stderr.strip() == "copernica-migrate: error: --live needs the access token in $COPERNICA_ACCESS_TOKEN (see --token-env)"
    assert server.calls == []  # nothing ran


def test_live_with_an_untrusted_certificate_fails_cleanly(live, tmp_path):
    server, env = live
    del env["REQUESTS_CA_BUNDLE"], env["SSL_CERT_FILE"]
    run = cli("verify", "--live", "--url", server.wsdl_url, "--", *program("newsletter_token.py", tmp_path),
              env=env)
    assert run.returncode == 1
    assert "the program exited with status 1 before its first Copernica call" in run.stdout
    assert "CERTIFICATE_VERIFY_FAILED" in run.stderr  # the program's own error, passed through ...
    assert "CERTIFICATE_VERIFY_FAILED" in run.stdout.split("stderr:\n", 1)[1]  # ... and in the report


def test_live_ids_differ_from_the_mock_unless_ignored(live, mock_server, tls, tmp_path):
    folder, command = legacy_copy("newsletter_script", tmp_path)
    baseline = tmp_path / "legacy.json"
    assert cli("verify", "--auth", "legacy", "--trace", str(baseline), "--", *command, cwd=folder).returncode == 0
    server, env = live
    results = {}
    for ignore in ([], ["--ignore-param", "id"]):
        account = mock_server(auth="token", certfile=tls[0])  # a live account that already has a database
        _service(account, tls[1]).Account_createDatabase({"name": "Existing", "access_token": TOKEN})
        results[bool(ignore)] = cli("verify", "--live", "--url", account.wsdl_url, "--baseline", str(baseline),
                                    *ignore, "--", *program("newsletter_token.py", tmp_path), env=env)
    assert results[False].returncode == 1
    assert ('business calls 3-4: the baseline has Database_createField {"id": 1, "name": "city"}, '
            'this run does not (it has Database_createField {"id": 2, "name": "city"})') in results[False].stdout
    assert results[True].returncode == 0, results[True].output


def _service(server, cafile):
    import requests
    import zeep
    from zeep.transports import Transport
    session = requests.Session()
    session.trust_env = False  # this test's CA, whatever REQUESTS_CA_BUNDLE says
    session.verify = str(cafile)
    return zeep.Client(server.wsdl_url, transport=Transport(session=session)).service
