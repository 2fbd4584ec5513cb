"""verify's command line: verdict rules, report formats, --state, --allow-fault, usage errors,
the hook's reach (requests, urllib, chained sitecustomize, -m style commands)."""

from __future__ import annotations

import hashlib
import sys
import textwrap

import zeep
from throwaway_credentials import TOKEN
from verify_helpers import base_env, cli, legacy_copy, load, program


def script(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return [sys.executable, str(path)]


ALLOW_FAULT_PROGRAM = """
    import os, zeep
    from zeep.exceptions import Fault
    service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service
    token = os.environ["COPERNICA_ACCESS_TOKEN"]
    service.Account_databases({"access_token": token})
    try:
        service.Database_fields({"access_token": token})  # no id: a fault the program expects
    except Fault as fault:
        print("expected:", fault.message)
"""


def test_command_not_found_is_a_one_line_usage_error(tmp_path):
    run = cli("verify", "--", "no-such-program-xyz", "--flag")
    assert run.returncode == 2
    assert run.stderr.strip() == "copernica-migrate: error: command not found: no-such-program-xyz"
    assert "Traceback" not in run.output


def test_usage_errors_exit_2_before_running_anything(tmp_path):
    marker = tmp_path / "ran"
    command = [sys.executable, "-c", f"open({str(marker)!r}, 'w')"]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    for args in (["--url", "http://127.0.0.1:1/"], ["--live", "--auth", "legacy"],
                 ["--baseline", str(bad)], ["--baseline", str(tmp_path / "missing.json")],
                 ["--login", "someone"], ["--auth", "legacy", "--login", "u", "--password-env", "UNSET_VAR_X"]):
        run = cli("verify", *args, "--", *command)
        assert run.returncode == 2, (args, run.output)
        errors = [line for line in run.stderr.splitlines() if line.startswith("copernica-migrate: error: ")]
        assert len(errors) == 1 and "Traceback" not in run.output, args
    assert not marker.exists()


def test_a_program_that_never_calls_the_api_does_not_pass(tmp_path):
    run = cli("verify", "--", sys.executable, "-c", "print('hello')")
    assert run.returncode == 1
    assert run.stdout.startswith("hello\n")  # the program's output, unchanged, first
    assert "the program made no Copernica SOAP call" in run.stdout


def test_the_exit_status_of_the_program_counts(tmp_path):
    command = script(tmp_path, "exit3.py", """
        import os, sys, zeep
        zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service.Account_databases(
            {"access_token": os.environ["COPERNICA_ACCESS_TOKEN"]})
        sys.stderr.write("to stderr\\n")
        sys.exit(3)
    """)
    run = cli("verify", "--", *command)
    assert run.returncode == 1
    assert run.stderr == "to stderr\n"
    assert "the command exited with status 3" in run.stdout


def test_allow_fault_accepts_only_the_named_fault(tmp_path):
    command = script(tmp_path, "faults.py", ALLOW_FAULT_PROGRAM)
    strict = cli("verify", "--", *command)
    assert strict.returncode == 1
    assert 'call 2 Database_fields: fault "Missing parameter id"' in strict.stdout
    allowed = cli("verify", "--allow-fault", "Missing parameter", "--", *command)
    assert allowed.returncode == 0, allowed.output
    assert "Missing parameter id (allowed)" in allowed.stdout
    other = cli("verify", "--allow-fault", "Invalid access token", "--", *command)
    assert other.returncode == 1


def test_json_report_and_a_baseline_difference(tmp_path):
    folder, command = legacy_copy("suds_export", tmp_path)
    baseline = tmp_path / "suds.json"
    assert cli("verify", "--auth", "legacy", "--trace", str(baseline), "--", *command, cwd=folder).returncode == 0
    report = tmp_path / "report.json"
    run = cli("verify", "--baseline", str(baseline), "--format", "json", "-o", str(report), "--",
              *program("newsletter_token.py", tmp_path))
    assert run.returncode == 1
    assert "copernica-migrate verify" not in run.stdout  # the report went to the file
    data = load(report)
    assert data["verdict"] == "fail" and data["mode"] == "token" and data["exit_code"] == 0
    assert all(c["auth"] == "token" for c in data["calls"])
    assert data["baseline"]["difference"] == (
        'business call 1: the baseline has Account_createDatabase {"name": "Export"}, '
        'this run Account_database {"identifier": "Newsletter"}')
    assert data["reasons"] == ["the business calls differ from the baseline: " + data["baseline"]["difference"]]


def test_state_seeds_the_mock_and_stays_unchanged(mock_server, tmp_path):
    state = tmp_path / "state.sqlite"
    seeder = mock_server(state=state)
    service = zeep.Client(seeder.wsdl_url).service
    db = service.Account_createDatabase({"name": "Newsletter", "access_token": TOKEN}).database
    service.Database_createField({"id": db.id, "name": "email", "access_token": TOKEN})
    service.Database_createField({"id": db.id, "name": "city", "access_token": TOKEN})
    # The seeding mock still runs: its last writes may sit in the write-ahead log, not the file.
    digest = hashlib.sha256(state.read_bytes()).hexdigest()

    trace_file = tmp_path / "seeded.json"
    run = cli("verify", "--state", str(state), "--trace", str(trace_file), "--",
              *program("newsletter_token.py", tmp_path))
    assert run.returncode == 0, run.output
    operations = [c["operation"] for c in load(trace_file)["calls"]]
    assert operations[0] == "Account_database" and "Account_createDatabase" not in operations
    assert hashlib.sha256(state.read_bytes()).hexdigest() == digest
    assert service.Account_databases({"access_token": TOKEN}).total == 1  # verify's run stayed in its copy
    seeder.stop()

    not_a_state = tmp_path / "notes.txt"
    not_a_state.write_text("hello")
    bad = cli("verify", "--state", str(not_a_state), "--", *program("newsletter_token.py", tmp_path))
    assert bad.returncode == 2 and "Traceback" not in bad.output


def test_pinned_legacy_login(tmp_path):
    folder, command = legacy_copy("newsletter_script", tmp_path)
    pinned = ["--auth", "legacy", "--login", "demo-user", "--password-env", "PINNED_PW", "--account", "Demo"]
    good = cli("verify", *pinned, "--", *command, cwd=folder,
               env=base_env(PINNED_PW="pw-S3cr3t-9q8w7e"))
    assert good.returncode == 0, good.output
    wrong = cli("verify", *pinned, "--", *command, cwd=folder, env=base_env(PINNED_PW="another-password"))
    assert wrong.returncode == 1
    assert 'call 1 login: fault "Invalid login"' in wrong.stdout
    for run in (good, wrong):
        assert "pw-S3cr3t-9q8w7e" not in run.output and "another-password" not in run.output


def test_plain_requests_and_urllib_clients_are_redirected(tmp_path):
    command = script(tmp_path, "raw.py", """
        import os, urllib.request, requests
        token = os.environ["COPERNICA_ACCESS_TOKEN"]
        envelope = ('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
                    '<Account_databases><parameters><access_token>%s</access_token></parameters>'
                    '</Account_databases></soap:Body></soap:Envelope>' % token).encode()
        headers = {"Content-Type": "text/xml; charset=utf-8"}
        r = requests.post("https://soap.copernica.com/", data=envelope, headers=headers)
        print("requests", r.status_code)
        req = urllib.request.Request("http://soap.copernica.com/", data=envelope, headers=headers)
        print("urllib", urllib.request.urlopen(req).status)
    """)
    run = cli("verify", "--", *command)
    assert run.returncode == 0, run.output
    assert run.stdout.startswith("requests 200\nurllib 200\n")


def test_existing_sitecustomize_still_runs_and_commands_need_no_double_dash(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("import os\nos.environ['USER_SITECUSTOMIZE'] = 'ran'\n")
    command = script(tmp_path, "check.py", """
        import os, sys, zeep
        print("sitecustomize:", os.environ.get("USER_SITECUSTOMIZE"))
        zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service.Account_databases(
            {"access_token": os.environ["COPERNICA_ACCESS_TOKEN"]})
    """)
    run = cli("verify", *command, env=base_env(PYTHONPATH=str(site)))
    assert run.returncode == 0, run.output
    assert "sitecustomize: ran" in run.stdout
    # and a nested Python process (inherits PYTHONPATH) is redirected too
    nested = cli("verify", sys.executable, "-c",
                 f"import subprocess, sys; sys.exit(subprocess.call([sys.executable, {command[1]!r}]))")
    assert nested.returncode == 0, nested.output


def test_trace_and_report_files_are_replaced_keeping_their_mode(tmp_path):
    trace_file, report = tmp_path / "trace.json", tmp_path / "report.txt"
    for path in (trace_file, report):
        path.write_text("old")
        path.chmod(0o600)
    run = cli("verify", "--trace", str(trace_file), "-o", str(report), "--",
              *program("newsletter_token.py", tmp_path))
    assert run.returncode == 0, run.output
    assert load(trace_file)["calls"] and report.read_text().startswith("copernica-migrate verify: PASS")
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in (trace_file, report))
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_bearer_programs_pass_in_token_mode(tmp_path):
    """The newest model (section 6): swap the access token for a JWT at authenticate.copernica.com,
    then send `Authorization: Bearer` on every SOAP call, with no access_token in the parameters."""
    command = script(tmp_path, "bearer.py", """
        import os, requests, zeep
        from zeep.transports import Transport
        jwt = requests.post("https://authenticate.copernica.com",
                            data={"access_token": os.environ["COPERNICA_ACCESS_TOKEN"]}).text
        session = requests.Session()
        session.headers["Authorization"] = "Bearer " + jwt
        service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL",
                              transport=Transport(session=session)).service
        print("databases:", service.Account_databases({}).total)
    """)
    trace_file = tmp_path / "bearer.json"
    run = cli("verify", "--trace", str(trace_file), "--", *command)
    assert run.returncode == 0, run.output
    assert run.stdout.startswith("databases: 0\n")
    assert [(c["operation"], c["auth"]) for c in load(trace_file)["calls"]] == [("Account_databases", "bearer")]
