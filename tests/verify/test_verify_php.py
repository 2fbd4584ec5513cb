"""verify redirects an unmodified PHP program (PHP_INI_SCAN_DIR + auto_prepend_file, see
migrator/verify/php_hook.py): its WSDL and its SoapClient calls reach the embedded mock, so the
verdicts, the trace and --baseline work as they do for Python, and nothing goes to the network.

The programs in php_programs/ hard-code https://soap.copernica.com: a call that escaped the
redirection would go to the real host (with throw-away credentials) and fail the run."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from php_available import php_soap_missing
from throwaway_credentials import LOGIN, TOKEN
from verify_helpers import HERE, base_env, cli, load

from migrator.verify.php_hook import scan_dirs

PROGRAMS = HERE / "php_programs"
LEGACY = ["php", str(PROGRAMS / "legacy_sync.php")]
MIGRATED = ["php", str(PROGRAMS / "token_sync.php")]
# Only this username, with the password from the environment, may log in to the mock.
LOGIN_OPTIONS = ["--login", LOGIN["username"], "--password-env", "COPERNICA_PASSWORD",
                 "--account", LOGIN["account"]]
BUSINESS = ["Account_createDatabase", "Database_createField", "Database_createField",
            "Database_createProfile", "Database_createProfile", "Database_searchProfiles"]

PHP = [pytest.mark.php, pytest.mark.skipif(php_soap_missing() is not None, reason=php_soap_missing() or "")]


def user_env(tmp_path: Path, **extra: str):
    """The user's environment; their own temp folder, to prove the run left nothing in it."""
    home_tmp = tmp_path / "user-tmp"
    home_tmp.mkdir(exist_ok=True)
    return base_env(TMPDIR=str(home_tmp), **extra), home_tmp


def operations(trace: Path) -> list[tuple[str, str]]:
    return [(c["operation"], c["auth"]) for c in load(trace)["calls"]]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """The legacy program's trace, recorded once for the tests that compare with it."""
    tmp_path = tmp_path_factory.mktemp("baseline")
    trace = tmp_path / "before.json"
    env, _ = user_env(tmp_path)
    run = cli("verify", "--auth", "legacy", *LOGIN_OPTIONS, "--trace", str(trace), "--", *LEGACY, env=env)
    assert run.returncode == 0, run.output
    return trace


def test_scan_dirs_keep_the_compiled_in_and_the_users_directories(tmp_path):
    ours = tmp_path / "php"
    assert scan_dirs(None, ours) == f":{ours}"  # empty entry = PHP's compiled-in conf.d
    assert scan_dirs("/etc/mine", ours) == f"/etc/mine:{ours}"
    assert scan_dirs(":/etc/mine", ours) == f":/etc/mine:{ours}"
    assert scan_dirs("", ours) == str(ours)  # the user turned scanning off: only ours


class TestPhpPrograms:
    pytestmark = PHP

    def test_legacy_program_passes_in_legacy_mode_and_its_trace_shows_the_session(self, baseline):
        assert operations(baseline) == [("login", "login")] + [(op, "cookie") for op in BUSINESS]
        params = [c["params"] for c in load(baseline)["calls"]]
        assert params[4] == {"id": 1, "fields": {"email": "ann@example.com", "city": "Delft"}}
        assert LOGIN["password"] not in baseline.read_text()

    def test_migrated_program_passes_in_token_mode_with_the_legacy_baseline(self, baseline, tmp_path):
        trace = tmp_path / "after.json"
        env, _ = user_env(tmp_path)
        run = cli("verify", "--baseline", str(baseline), "--trace", str(trace), "--", *MIGRATED, env=env)
        assert run.returncode == 0, run.output
        assert run.stdout.startswith("leads in Gouda: 1\n")
        assert "verify: PASS (token mode" in run.stdout
        assert "baseline: same business calls" in run.stdout
        assert operations(trace) == [(op, "token") for op in BUSINESS]

    def test_legacy_program_fails_in_token_mode_naming_the_login(self, tmp_path):
        env, _ = user_env(tmp_path)
        run = cli("verify", "--", *LEGACY, env=env)  # cli() also asserts no secret in the output
        assert run.returncode == 1
        assert "call 1 login: the program logs in (login session model)" in run.stdout
        assert "The login method is no longer supported" in run.stderr  # the program's own fault
        # It sent its password to the mock; neither verify's report nor the trace repeats it.
        assert LOGIN["password"] not in run.output

    def test_an_explicit_location_of_the_real_host_is_redirected(self, baseline, tmp_path):
        env, _ = user_env(tmp_path)
        run = cli("verify", "--baseline", str(baseline), "--", *MIGRATED, "location", env=env)
        assert run.returncode == 0, run.output
        assert "baseline: same business calls" in run.stdout

    def test_a_location_set_after_start_up_is_refused_and_verify_says_why(self, tmp_path):
        env, _ = user_env(tmp_path)
        run = cli("verify", "--", *MIGRATED, "set-location", env=env)
        assert run.returncode == 1
        assert ("a PHP SoapClient was pointed at https://soap.copernica.com/ after it loaded the WSDL "
                "(__setLocation): verify cannot redirect that, so its calls there were refused and "
                "nothing left this machine") in run.stdout
        assert "Could not connect to host" in run.stderr  # the mock opened no tunnel

    def test_a_plain_http_location_set_after_start_up_still_reaches_the_mock(self, baseline, tmp_path):
        elsewhere = socket.create_server(("127.0.0.1", 0))  # stands in for a real host
        with elsewhere:
            url = "http://127.0.0.1:%d/" % elsewhere.getsockname()[1]
            env, _ = user_env(tmp_path)
            run = cli("verify", "--baseline", str(baseline), "--", *MIGRATED, "set-location", url, env=env)
            assert run.returncode == 0, run.output  # the mock is the client's proxy ...
            elsewhere.setblocking(False)
            with pytest.raises(BlockingIOError):
                elsewhere.accept()  # ... and nothing connected to the location itself

    def test_each_run_has_a_fresh_wsdl_and_session_whatever_the_users_php_settings(self, tmp_path):
        # The user's own PHP settings: a WSDL cache and a temp folder of theirs, and a prepend file.
        user_ini, cache, temp = tmp_path / "ini", tmp_path / "wsdl-cache", tmp_path / "php-tmp"
        for folder in (user_ini, cache, temp):
            folder.mkdir()
        prepend = tmp_path / "user-prepend.php"
        prepend.write_text("<?php file_put_contents(%r, 'ran');\n" % str(tmp_path / "prepend-ran"))
        (user_ini / "user.ini").write_text(f"soap.wsdl_cache_dir = '{cache}'\nsys_temp_dir = '{temp}'\n"
                                           f"auto_prepend_file = '{prepend}'\n")
        env, home_tmp = user_env(tmp_path, PHP_INI_SCAN_DIR=f":{user_ini}")
        for n in (1, 2):  # two runs, two mocks on their own ports
            trace = tmp_path / f"run{n}.json"
            run = cli("verify", "--auth", "legacy", *LOGIN_OPTIONS, "--trace", str(trace), "--", *LEGACY,
                      env=env)
            assert run.returncode == 0, run.output
            # A session cookie kept from run 1 would make run 2 start with a refused call.
            assert operations(trace)[:2] == [("login", "login"), ("Account_createDatabase", "cookie")]
        assert (tmp_path / "prepend-ran").read_text() == "ran"  # the user's prepend still ran
        assert list(cache.iterdir()) == [] and list(temp.iterdir()) == [] and list(home_tmp.iterdir()) == []

    def test_a_php_script_without_soap_calls_hears_nothing_from_the_hook(self, tmp_path):
        script = tmp_path / "plain.php"
        script.write_text("<?php declare(strict_types=1);\n"
                          "echo strlen(file_get_contents('https://soap.copernica.com/?SOAPAPI=WSDL')) > 0"
                          " ? \"wsdl\\n\" : \"empty\\n\";\n")
        env, _ = user_env(tmp_path)
        run = cli("verify", "--", "php", str(script), env=env)
        # Its request went to the mock (no output of ours), and it made no SOAP call: verify says so.
        assert run.stdout.startswith("wsdl\n")
        assert run.stderr == ""
        assert "the program made no Copernica SOAP call" in run.stdout

    def test_live_mode_sends_php_calls_to_the_url_but_cannot_check_them(self, mock_server, tmp_path):
        server = mock_server(auth="token")
        env, _ = user_env(tmp_path, COPERNICA_ACCESS_TOKEN=TOKEN)
        run = cli("verify", "--live", "--url", server.wsdl_url, "--", *MIGRATED, env=env)
        assert run.returncode == 1
        assert [c["operation"] for c in server.calls] == BUSINESS  # they reached --url ...
        assert ("the program sent requests for soap.copernica.com through PHP SoapClient, which verify "
                "neither redirects nor sees") in run.stdout  # ... unrecorded, and verify says so


@pytest.mark.php
def test_a_php_stack_trace_shows_no_password_a_call_was_given(tmp_path):
    # PHP without a php.ini (a docker image's default) prints each frame's arguments, 15
    # characters of each: `#0 fails.php(5): connect('me@example.com', 'Zq-php-trace-44...')`;
    # the user's conf.d here says so (Debian's php.ini would hide them)
    if php_soap_missing() is not None:
        pytest.skip(php_soap_missing())
    password = "Zq-php-trace-4471"
    program = tmp_path / "fails.php"
    program.write_text(f"""<?php
function connect($user, $password) {{
    throw new RuntimeException('SOAP endpoint unreachable');
}}
connect('me@example.com', '{password}');
""")
    conf = tmp_path / "conf.d"
    conf.mkdir()
    (conf / "debug.ini").write_text("zend.exception_ignore_args = Off\nzend.exception_string_param_max_len = 15\n")
    env, _home = user_env(tmp_path, PHP_INI_SCAN_DIR=str(conf))
    report = tmp_path / "report.json"
    run = cli("verify", "--format", "json", "-o", str(report), "--",
              "php", "-d", "display_errors=stderr", str(program), env=env)
    assert run.returncode == 1
    tail = "\n".join(load(report)["stderr_tail"])
    assert "RuntimeException" in tail and "connect(" in tail  # the trace is shown ...
    assert password[:10] not in run.output + report.read_text()  # ... without the arguments
