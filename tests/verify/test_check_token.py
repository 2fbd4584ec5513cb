"""check-token against the real mock, over HTTP and over HTTPS with a trustme certificate:
valid / read-only / invalid / unreachable, each with its exit code; the token never shows."""

from __future__ import annotations

import json
import socket

import pytest
from throwaway_credentials import READ_ONLY_TOKEN, TOKEN
from verify_helpers import base_env, cli, tls_files

INVALID_TOKEN = "tok-XX-not-a-real-token-81f2"


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    return tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture(params=["http", "https"])
def endpoint(request, mock_server, tls):
    """(WSDL URL, extra CLI args) of a mock over HTTP or HTTPS."""
    certfile, cafile = tls
    if request.param == "http":
        return mock_server().wsdl_url, []
    return mock_server(certfile=certfile).wsdl_url, ["--ca-bundle", str(cafile)]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the with-block ends


def check(url, *args, token=TOKEN, env_name="COPERNICA_ACCESS_TOKEN", **env):
    run = cli("check-token", "--url", url, *args, env=base_env(**{env_name: token}, **env))
    for secret in (TOKEN, READ_ONLY_TOKEN, INVALID_TOKEN):
        assert secret not in run.stdout and secret not in run.stderr
    return run


@pytest.mark.parametrize("token, status, code", [
    (TOKEN, "valid", 0), (READ_ONLY_TOKEN, "read-only", 4), (INVALID_TOKEN, "invalid", 3),
])
def test_statuses_and_exit_codes(endpoint, token, status, code):
    url, args = endpoint
    run = check(url, *args, token=token)
    assert run.returncode == code, run.output
    assert run.stdout.startswith(f"check-token: {status}: $COPERNICA_ACCESS_TOKEN at {url}")


def test_the_write_probe_changes_nothing(mock_server):
    server = mock_server()
    assert check(server.wsdl_url).returncode == 0
    assert [(c["operation"], c["params"]) for c in server.calls] == [
        ("Account_databases", {"length": 1}), ("Profile_updateFields", {"id": 0, "fields": {}})]
    import zeep  # the store is still empty: the probe's profile 0 never exists
    listing = zeep.Client(server.wsdl_url).service.Account_databases({"access_token": TOKEN})
    assert listing.total == 0


def test_no_write_probe_reads_only(mock_server):
    server = mock_server()
    run = check(server.wsdl_url, "--no-write-probe", token=READ_ONLY_TOKEN)
    assert run.returncode == 0
    assert "write access not probed" in run.stdout
    assert [c["operation"] for c in server.calls] == ["Account_databases"]


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_unreachable(scheme, tls):
    url = f"{scheme}://127.0.0.1:{closed_port()}/?SOAPAPI=WSDL"
    run = check(url, "--ca-bundle", str(tls[1]))
    assert run.returncode == 5
    assert "check-token: unreachable:" in run.stdout and "Connection refused" in run.stdout


def test_https_verifies_certificates_by_default(mock_server, tls):
    server = mock_server(certfile=tls[0])
    run = check(server.wsdl_url)  # no --ca-bundle: the trustme CA is not trusted
    assert run.returncode == 5
    assert "TLS certificate verification failed" in run.stdout and "--ca-bundle" in run.stdout
    assert server.calls == []


def test_json_output_and_a_custom_variable(endpoint):
    url, args = endpoint
    run = check(url, *args, "--format", "json", "--token-env", "CI_COPERNICA", env_name="CI_COPERNICA",
                token=READ_ONLY_TOKEN)
    assert run.returncode == 4
    data = json.loads(run.stdout)
    assert data["status"] == "read-only" and data["exit_code"] == 4 and data["token_env"] == "CI_COPERNICA"


def test_missing_variable_is_a_usage_error(mock_server):
    run = cli("check-token", "--url", mock_server().wsdl_url, env=base_env())
    assert run.returncode == 2
    assert run.stderr.strip() == "copernica-migrate: error: $COPERNICA_ACCESS_TOKEN is not set or empty (see --token-env)"


def test_token_inside_the_url_is_masked():
    url = f"http://127.0.0.1:{closed_port()}/?SOAPAPI=WSDL&access_token={TOKEN}"
    run = check(url)  # check() asserts the token is in neither stream
    assert run.returncode == 5
    assert "access_token=***" in run.stdout


def test_ca_bundle_option_wins_over_the_environment(mock_server, tls, tmp_path):
    other_ca = tls_files(tmp_path)[1]  # a CA that did not sign the server's certificate
    server = mock_server(certfile=tls[0])
    assert check(server.wsdl_url, REQUESTS_CA_BUNDLE=str(tls[1])).returncode == 0
    assert check(server.wsdl_url, REQUESTS_CA_BUNDLE=str(other_ca)).returncode == 5
    assert check(server.wsdl_url, "--ca-bundle", str(tls[1]), REQUESTS_CA_BUNDLE=str(other_ca)).returncode == 0


# --- talking only to the endpoint it names ----------------------------------------------------

def test_plain_http_to_another_machine_is_refused_before_anything_is_sent():
    run = check("http://soap.example.com/?SOAPAPI=WSDL")
    assert run.returncode == 2
    assert "plain http would send the token in clear text" in run.stderr
    run = check("http://soap.example.com/?SOAPAPI=WSDL", "--format", "json")
    assert run.returncode == 2 and json.loads(run.stdout)["status"] == "error"  # JSON errors are JSON


def test_the_token_goes_only_to_the_url_given_whatever_the_wsdl_names(mock_server):
    import re
    import threading
    import urllib.error
    import urllib.request
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    honest, elsewhere = mock_server(), mock_server()
    # a WSDL (served by a third server) whose soap:address names the `elsewhere` server
    wsdl = re.sub(rb'location="[^"]+"', f'location="{elsewhere.url}"'.encode(),
                  urllib.request.urlopen(honest.wsdl_url).read())

    class Wsdl(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.end_headers()
            self.wfile.write(wsdl)

        def do_POST(self):  # the pinned endpoint: hand the call on to the honest mock
            body = self.rfile.read(int(self.headers["Content-Length"]))
            request = urllib.request.Request(honest.url, body, {"Content-Type": self.headers["Content-Type"]})
            try:
                answer = urllib.request.urlopen(request)
                status, data = answer.status, answer.read()
            except urllib.error.HTTPError as exc:
                status, data = exc.code, exc.read()
            self.send_response(status)
            self.send_header("Content-Type", "text/xml")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Wsdl)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        run = check(f"http://127.0.0.1:{server.server_address[1]}/?SOAPAPI=WSDL")
    finally:
        server.shutdown()
    assert run.returncode == 0, run.output
    assert elsewhere.calls == []  # the host the WSDL named never saw the token


def test_an_unexpected_fault_on_the_write_probe_is_unknown_not_valid(mock_server, monkeypatch):
    from migrator.mock import faults
    from migrator.mock import store as store_module

    real_call = store_module.Store.call

    def refuse(self, request):  # a fault the domain reference does not document
        if request.operation.name == "Profile_updateFields":
            raise faults.Fault("Profile 0 is locked")
        return real_call(self, request)

    server = mock_server()  # in this process: the patched store answers it
    monkeypatch.setattr(store_module.Store, "call", refuse)
    run = check(server.wsdl_url)
    assert run.returncode == 6, run.output
    assert "check-token: unknown:" in run.stdout and "Profile 0 is locked" in run.stdout


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_url_with_a_user_and_password_shows_neither(fmt, tls):
    url = f"https://url.user.Uu4:Up4%40UrlPw@127.0.0.1:{closed_port()}/?SOAPAPI=WSDL"
    run = check(url, "--ca-bundle", str(tls[1]), "--format", fmt)
    assert run.returncode == 5
    shown = run.stdout + run.stderr
    assert "Uu4" not in shown and "Up4" not in shown and "UrlPw" not in shown
    assert "***:***@127.0.0.1" in shown  # where it went still reads


def test_a_secret_given_where_a_variable_name_belongs_is_not_echoed():
    run = cli("check-token", "--token-env", "tok-Pasted-Zq7-9f8e", env=base_env())
    assert run.returncode == 2
    assert "not a valid environment variable name" in run.stderr and "Pasted" not in run.output
    run = cli("verify", "--auth", "legacy", "--login", "u", "--password-env", "Pw-Pasted-Zq8!", "--", "true",
              env=base_env())
    assert run.returncode == 2 and "Pasted" not in run.output
