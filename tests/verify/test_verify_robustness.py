"""verify's honest verdicts and bounded runs: a program that crashes before its first call, one
that hangs (--timeout), SIGTERM and SIGINT to verify itself, Copernica requests through httpx
(which verify cannot see), and verify options written after the command.

Real CLI runs in child processes, real small programs; every wait is bounded.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import jsonschema
import pytest
from verify_helpers import base_env, cli, load

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "migrator" / "verify"
                     / "verify-report.schema.json").read_text())

ZEEP_CALL = """
    import os, zeep
    zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service.Account_databases(
        {"access_token": os.environ["COPERNICA_ACCESS_TOKEN"]})
"""

# Starts a grandchild, writes "<its pid> <grandchild pid> <its TMPDIR>" to argv[1], then waits.
# Both end quietly on SIGINT or SIGTERM (no traceback of theirs to tell from verify's).
SLEEPER = """
    import os, signal, subprocess, sys, time
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    ready = sys.argv[1] + ".grandchild"
    grandchild = subprocess.Popen([sys.executable, "-c",
        "import signal, sys, time; signal.signal(signal.SIGINT, signal.SIG_DFL); "
        "open(sys.argv[1], 'w').close(); time.sleep(120)", ready])
    while not os.path.exists(ready):  # a signal during its start-up would make it print a traceback
        time.sleep(0.01)
    with open(sys.argv[1] + ".part", "w") as fh:
        fh.write(f"{os.getpid()} {grandchild.pid} {os.environ.get('TMPDIR', '')}")
    os.replace(sys.argv[1] + ".part", sys.argv[1])
    sys.stderr.write("waiting for the lock\\n")
    sys.stderr.flush()
    time.sleep(120)
"""

# The shape of httpx that verify's hook patches (Client.send), without any network. It stands in
# for httpx whether or not the real one is installed: a test must not reach soap.copernica.com.
FAKE_HTTPX = '''
"""Fake httpx for verify's tests: Client.send, as the hook sees it; it never touches the network."""
from urllib.parse import urlsplit

__version__ = "0.27.0"  # zeep imports httpx when it can and reads its version


class URL:
    def __init__(self, url):
        self._url = str(url)
        self.host = urlsplit(self._url).hostname or ""

    def __str__(self):
        return self._url


class Request:
    def __init__(self, method, url, content=None):
        self.method, self.url, self.content = method, URL(url), content


class Response:
    status_code = 200

    def __init__(self, request):
        self.request = request


class Client:
    def build_request(self, method, url, content=None, **kwargs):
        return Request(method, url, content)

    def send(self, request, **kwargs):
        return Response(request)

    def post(self, url, **kwargs):
        return self.send(self.build_request("POST", url, **kwargs))
'''


def script(tmp_path: Path, name: str, body: str) -> list[str]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return [sys.executable, str(path)]


def gone(pid: int, within: float = 3.0) -> bool:
    """The process no longer exists (not even as a zombie: verify reaps what it ended)."""
    deadline = time.monotonic() + within
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def wait_for(path: Path, within: float = 20.0) -> str:
    deadline = time.monotonic() + within
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)
    return path.read_text()


# -- 1. a crash before the first call ----------------------------------------------------


def test_a_crash_before_the_first_call_reports_the_programs_own_error(tmp_path):
    secret = "svc-pw-4b1d0e8c77"
    command = script(tmp_path, "crash.py", """
        import os, sys
        print("reading settings")
        sys.stderr.write("." * 290 + os.environ["SHOP_PASSWORD"] + "\\n")  # across the 300-character cut
        raise RuntimeError("settings.ini: cannot log in to the shop with " + os.environ["SHOP_PASSWORD"])
    """)
    report = tmp_path / "report.json"
    run = cli("verify", "--", *command, env=base_env(SHOP_PASSWORD=secret))
    assert run.returncode == 1
    assert run.stdout.startswith("reading settings\n")
    assert "  - the program exited with status 1 before its first Copernica call\n" in run.stdout
    assert "made no Copernica SOAP call" not in run.stdout  # not a redirection problem
    # The end of its stderr, in the report, with the secret masked ...
    tail = run.stdout.split("The last lines the program wrote to stderr:\n", 1)[1].splitlines()
    assert tail[-1] == "  | RuntimeError: settings.ini: cannot log in to the shop with ***"
    assert any(line.startswith("  | Traceback") for line in tail) and len(tail) <= 6
    assert "  | " + "." * 290 + "***" in tail  # masked before long lines are cut: no half secret
    assert secret[:5] not in run.stdout
    # ... while the program's stderr itself reached the user unchanged.
    assert run.stderr.startswith("." * 290 + secret + "\nTraceback (most recent call last):\n")
    assert run.stderr.endswith(f"RuntimeError: settings.ini: cannot log in to the shop with {secret}\n")

    as_json = cli("verify", "--format", "json", "-o", str(report), "--", *command,
                  env=base_env(SHOP_PASSWORD=secret))
    assert as_json.returncode == 1
    data = load(report)
    jsonschema.validate(data, SCHEMA)
    assert data["reasons"] == ["the program exited with status 1 before its first Copernica call"]
    assert data["stderr_tail"][-1] == "RuntimeError: settings.ini: cannot log in to the shop with ***"
    assert secret not in report.read_text()


# -- 2. a hang: --timeout ------------------------------------------------------------------


def test_a_hanging_program_is_ended_with_its_process_group_at_the_timeout(tmp_path):
    pids = tmp_path / "pids"
    started = time.monotonic()
    run = cli("verify", "--timeout", "2", "--", *script(tmp_path, "hang.py", SLEEPER), str(pids))
    elapsed = time.monotonic() - started
    assert run.returncode == 1
    assert elapsed < 12, elapsed  # 2 s, then SIGTERM ends it at once (SIGKILL would come 5 s later)
    assert ("  - the program did not finish within 2 s (its process group was ended); "
            "it had made no Copernica SOAP call\n") in run.stdout
    assert "  | waiting for the lock" in run.stdout  # its stderr, to see where it hung
    program, grandchild, _ = pids.read_text().split()
    assert gone(int(program)) and gone(int(grandchild))


def test_timeout_is_in_the_help_with_its_default():
    run = cli("verify", "--help")
    assert run.returncode == 0
    assert "--timeout SECONDS" in run.stdout and "[default: 600" in run.stdout
    assert "--allow-unchecked" in run.stdout


# -- 3. SIGTERM and SIGINT to verify --------------------------------------------------------


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_to_verify_stops_the_program_and_cleans_up(tmp_path, signum, status):
    pids = tmp_path / "pids"
    command = script(tmp_path, "sleeper.py", SLEEPER)
    verify = subprocess.Popen([sys.executable, "-m", "migrator", "verify", "--", *command, str(pids)],
                              env=base_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        program, grandchild, tmpdir = wait_for(pids).split()
        verify.send_signal(signum)
        stdout, stderr = verify.communicate(timeout=20)
    finally:
        if verify.poll() is None:
            verify.kill()
            verify.communicate()
    assert verify.returncode == status
    name = signal.Signals(signum).name
    assert stderr == ("waiting for the lock\n"  # the program's, then verify's one line
                      f"copernica-migrate verify: interrupted ({name}); the program was stopped\n")
    assert stdout == ""  # no report: the program did not fail, the run was abandoned
    assert gone(int(program)) and gone(int(grandchild))
    workdir = Path(tmpdir).parent  # the program's TMPDIR lives in verify's temp folder
    assert workdir.name.startswith("copernica-verify-") and not workdir.exists()


# -- 4. httpx: requests verify cannot see ----------------------------------------------------


@pytest.fixture
def fake_httpx(tmp_path) -> dict[str, str]:
    site = tmp_path / "fake-site"
    (site / "httpx").mkdir(parents=True)
    (site / "httpx" / "__init__.py").write_text(FAKE_HTTPX)
    return base_env(PYTHONPATH=str(site))


def test_copernica_requests_through_httpx_fail_the_run_unless_allowed(tmp_path, fake_httpx):
    command = script(tmp_path, "mixed.py", ZEEP_CALL + """
    import httpx
    httpx.Client().post("https://soap.copernica.com/", content=b"<Envelope/>")
    print("posted through httpx")
    """)
    reason = ("the program sent requests for soap.copernica.com through httpx, which verify neither "
              "redirects nor sees: they went where the program sent them, unchecked (--allow-unchecked accepts that)")
    strict = cli("verify", "--", *command, env=fake_httpx)
    assert strict.returncode == 1, strict.output
    assert "posted through httpx" in strict.stdout  # the program ran as it is
    assert f"  - {reason}\n" in strict.stdout  # although its one zeep call passed
    assert "  1  Account_databases  token" in strict.stdout

    report = tmp_path / "report.json"
    allowed = cli("verify", "--allow-unchecked", "--format", "json", "-o", str(report), "--", *command,
                  env=fake_httpx)
    assert allowed.returncode == 0, allowed.output
    data = load(report)
    jsonschema.validate(data, SCHEMA)
    assert data["verdict"] == "pass" and data["reasons"] == []
    assert data["unchecked"] == [{"library": "httpx", "host": "soap.copernica.com", "allowed": True}]
    text = cli("verify", "--allow-unchecked", "--", *command, env=fake_httpx)
    assert text.returncode == 0
    assert ("Not checked (--allow-unchecked):\n"
            "  - requests for soap.copernica.com through httpx") in text.stdout


def test_httpx_for_other_hosts_is_not_flagged(tmp_path, fake_httpx):
    # zeep imports httpx itself whenever it can: importing it proves nothing, a Copernica request does.
    command = script(tmp_path, "webhook.py", ZEEP_CALL + """
    import httpx
    httpx.Client().post("https://hooks.example.com/notify", content=b"done")
    """)
    run = cli("verify", "--", *command, env=fake_httpx)
    assert run.returncode == 0, run.output


# -- 5. verify options after the command ----------------------------------------------------


def test_a_verify_option_after_the_command_is_refused(tmp_path):
    marker = tmp_path / "ran"
    command = [sys.executable, "-c", f"import sys; open({str(marker)!r}, 'w').write(repr(sys.argv[1:]))"]
    trace_file = tmp_path / "x.json"
    for late in (["--trace", str(trace_file)], ["--timeout=5"], ["-o", "out.txt"]):
        run = cli("verify", *command, *late)
        name = late[0].split("=")[0]
        assert run.returncode == 2, (late, run.output)
        assert run.stderr == (f"copernica-migrate: error: {name} after the command goes to the program; "
                              "put verify's options before the command (or after --, to hand them to "
                              "the program)\n")
        assert run.stdout == "" and not marker.exists() and not trace_file.exists()
    # After --, everything is the program's, untouched.
    run = cli("verify", "--", *command, "--trace", str(trace_file))
    assert run.returncode == 1  # it made no call, which is not the point here
    assert marker.read_text() == repr(["--trace", str(trace_file)]) and not trace_file.exists()

