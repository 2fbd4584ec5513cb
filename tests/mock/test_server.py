"""The mock's HTTP behaviour: WSDL serving, routing, SOAP faults for bad calls, gzip both ways,
keep-alive, the call log file, state across runs, TLS, and the CLI as a subprocess."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zeep
from throwaway_credentials import TOKEN
from lxml import etree
from raw_http import call as raw_call
from raw_http import connect, envelope, request
from soap_clients import SoapFault, ZeepAdapter

from migrator.mock import faults
from migrator.mock.server import MockServer

WSDL_NS = {"soap": "http://schemas.xmlsoap.org/wsdl/soap/"}


def soap_address(body: bytes) -> str:
    return etree.fromstring(body).find(".//soap:address", WSDL_NS).get("location")


# -- WSDL and routing ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/?SOAPAPI=WSDL", "?SOAPAPI=WSDL", "/?soapapi=wsdl",
                                  "/some/path?SOAPAPI=WSDL"])
def test_wsdl_is_served_with_the_address_the_client_used(mock_server, path):
    mock = mock_server()
    resp = request(mock.url, "GET", path=path)
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/xml")
    assert soap_address(resp.body) == mock.url


def test_wsdl_address_follows_the_host_header(mock_server):
    mock = mock_server()
    resp = request(mock.url, "GET", path="/?SOAPAPI=WSDL", headers={"Host": f"localhost:{mock.port}"})
    assert soap_address(resp.body) == f"http://localhost:{mock.port}/"


def test_wsdl_honours_x_forwarded_headers(mock_server):
    mock = mock_server()
    resp = request(mock.url, "GET", path="/?SOAPAPI=WSDL", headers={
        "X-Forwarded-Proto": "https", "X-Forwarded-Host": "soap.example.test, proxy.internal"})
    assert soap_address(resp.body) == "https://soap.example.test/"


def test_a_hostile_host_header_does_not_reach_the_wsdl(mock_server):
    mock = mock_server()
    resp = request(mock.url, "GET", path="/?SOAPAPI=WSDL",
                   headers={"Host": 'evil"/><x y="', "X-Forwarded-Proto": "javascript"})
    assert soap_address(resp.body) == mock.url


def test_zeep_posts_to_the_address_from_the_wsdl(mock_server):
    mock = mock_server()
    client = ZeepAdapter(f"http://localhost:{mock.port}/?SOAPAPI=WSDL", TOKEN)
    assert client.call("Account_databases")["total"] == 0
    assert mock.calls[-1]["status"] == 200


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/", 404), ("GET", "/?SOAPAPI=other", 404), ("PUT", "/", 405), ("DELETE", "/", 405),
    ("PATCH", "/?SOAPAPI=WSDL", 405),
])
def test_other_methods_and_paths(mock_server, method, path, status):
    mock = mock_server()
    resp = request(mock.url, method, path=path, body=b"" if method != "GET" else None)
    assert resp.status == status
    assert mock.calls == []


# -- SOAP-level faults ----------------------------------------------------------------------------


def test_unknown_method(mock_server):
    mock = mock_server()
    # SOAP libraries only call what the WSDL lists, so send the envelope ourselves.
    resp = raw_call(mock.url, "Account_explode", TOKEN)
    assert resp.status == 500 and resp.fault == faults.unknown_method("Account_explode")
    assert (mock.calls[-1]["operation"], mock.calls[-1]["auth"]) == ("Account_explode", "none")


def test_missing_parameter(mock_server):
    mock = mock_server()
    client = ZeepAdapter(mock.wsdl_url, TOKEN)
    with pytest.raises(SoapFault) as exc:
        client.call("Account_createDatabase", description="no name")
    assert exc.value.text == faults.missing_parameter("name")


def test_operation_names_are_case_insensitive_and_logged_canonically(mock_server):
    mock = mock_server()
    resp = raw_call(mock.url, "account_DATABASES", TOKEN)
    assert resp.status == 200 and resp.fault is None
    assert mock.calls[-1]["operation"] == "Account_databases"


def test_malformed_body(mock_server):
    mock = mock_server()
    resp = request(mock.url, body=b"this is not xml")
    assert (resp.status, resp.fault) == (500, faults.MALFORMED)
    assert mock.calls[-1]["operation"] is None and mock.calls[-1]["fault"] == faults.MALFORMED


# -- gzip, keep-alive, chunked ---------------------------------------------------------------------


def test_gzip_request_body_is_accepted(mock_server):
    mock = mock_server()
    body = gzip.compress(envelope("Account_createDatabase", TOKEN, name="Zipped"))
    resp = request(mock.url, body=body, headers={"Content-Encoding": "gzip"})
    assert resp.status == 200 and resp.fault is None
    assert mock.calls[-1]["params"] == {"name": "Zipped"}


def test_corrupt_gzip_body_is_malformed(mock_server):
    mock = mock_server()
    body = gzip.compress(envelope("Account_databases", TOKEN))
    for bad in (body[:-12], b"\x1f\x8b not gzip at all"):
        resp = request(mock.url, body=bad, headers={"Content-Encoding": "gzip"})
        assert (resp.status, resp.fault) == (500, faults.MALFORMED)


@pytest.mark.parametrize("accept,gzipped", [
    ("gzip", True), ("deflate, gzip;q=0.5", True), ("gzip;q=0", False), ("identity", False),
])
def test_gzip_response_only_when_asked(mock_server, accept, gzipped):
    mock = mock_server()
    resp = raw_call(mock.url, "Account_databases", TOKEN, headers={"Accept-Encoding": accept})
    assert (resp.headers.get("Content-Encoding") == "gzip") is gzipped
    assert resp.status == 200 and b"Account_databasesResponse" in resp.text()
    if gzipped:
        assert resp.body[:2] == b"\x1f\x8b"
        assert int(resp.headers["Content-Length"]) == len(resp.body)


def test_zeep_receives_gzip_responses(mock_server):
    # requests asks for gzip by default and inflates transparently: the result must still parse.
    mock = mock_server()
    client = ZeepAdapter(mock.wsdl_url, TOKEN)
    assert client.call("Account_createDatabase", name="Gz")["database"]["name"] == "Gz"


def test_keep_alive_serves_many_calls_on_one_connection(mock_server):
    mock = mock_server()
    conn = connect(mock.url)
    try:
        for _ in range(3):
            resp = request(mock.url, body=envelope("Account_databases", TOKEN), conn=conn)
            assert resp.status == 200 and resp.headers.get("Connection") != "close"
        local_port = conn.sock.getsockname()[1]
        request(mock.url, body=envelope("Account_databases", TOKEN), conn=conn)
        assert conn.sock.getsockname()[1] == local_port  # still the same TCP connection
    finally:
        conn.close()
    assert len(mock.calls) == 4


def test_chunked_request_body(mock_server):
    mock = mock_server()
    body = envelope("Account_createDatabase", TOKEN, name="Chunky")
    conn = connect(mock.url)
    try:
        conn.request("POST", "/", body=iter([body[:50], body[50:]]),
                     headers={"Content-Type": "text/xml"}, encode_chunked=True)
        resp = conn.getresponse()
        assert resp.status == 200
        resp.read()
    finally:
        conn.close()
    assert mock.calls[-1]["params"] == {"name": "Chunky"}


# -- call log, state, lifecycle, TLS ---------------------------------------------------------------


def test_call_log_file_has_one_json_line_per_call_as_it_happens(mock_server, tmp_path):
    log = tmp_path / "calls.jsonl"
    mock = mock_server(log=log)
    client = ZeepAdapter(mock.wsdl_url, TOKEN)
    client.call("Account_createDatabase", name="Logged")
    lines = log.read_text().splitlines()  # read while the server still runs: flushed per line
    assert len(lines) == 1
    client.call("Account_database", identifier="Logged")
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert records == mock.calls
    first = records[0]
    assert set(first) == {"time", "operation", "auth", "login_struct", "token", "read_only", "params",
                          "fault", "status", "duration_ms"}
    assert first["login_struct"] is False  # the token alone
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", first["time"])
    assert first["token"].startswith("sha256:") and len(first["token"]) == len("sha256:") + 12
    assert first["duration_ms"] >= 0 and first["status"] == 200


def test_state_file_keeps_data_across_runs(tmp_path):
    state = tmp_path / "state.sqlite"
    with MockServer(tokens=(TOKEN,), state=state) as mock:
        ZeepAdapter(mock.wsdl_url, TOKEN).call("Account_createDatabase", name="Persistent")
    with MockServer(tokens=(TOKEN,), state=state) as mock:
        found = ZeepAdapter(mock.wsdl_url, TOKEN).call("Account_database", identifier="Persistent")
    assert found["database"]["name"] == "Persistent"


def test_context_manager_stops_the_server_and_idle_connections():
    with MockServer(tokens=(TOKEN,)) as mock:
        url, port = mock.url, mock.port
        conn = connect(url)
        request(url, body=envelope("Account_databases", TOKEN), conn=conn)
    # The idle keep-alive connection was closed by the server, and nothing listens any more.
    with pytest.raises((ConnectionError, OSError)):
        request(url, body=envelope("Account_databases", TOKEN), conn=conn)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)


def test_https_with_certfile(tmp_path):
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    certfile, cafile = tmp_path / "server.pem", tmp_path / "ca.pem"
    cert.private_key_and_cert_chain_pem.write_to_path(str(certfile))
    ca.cert_pem.write_to_path(str(cafile))
    with MockServer(tokens=(TOKEN,), certfile=certfile) as mock:
        assert mock.url.startswith("https://")
        import requests
        session = requests.Session()
        session.verify = str(cafile)
        session.trust_env = False  # REQUESTS_CA_BUNDLE would override session.verify
        client = zeep.Client(mock.wsdl_url, transport=zeep.Transport(session=session))
        result = client.service.Account_databases({"access_token": TOKEN})
        assert result.total == 0
        assert soap_address(session.get(mock.wsdl_url).content) == mock.url


# -- the CLI as a subprocess -------------------------------------------------------------------------


def start_cli(*args: str, env: dict | None = None, cwd: Path | None = None,
              last: str = "Press Ctrl-C") -> tuple[subprocess.Popen, list[str]]:
    """Run `copernica-migrate mock --port 0 ...` and read its banner up to the line starting with
    `last` (the Ctrl-C line; with --quiet, the `listening on` line)."""
    base = {k: v for k, v in os.environ.items() if k != "COPERNICA_ACCESS_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "migrator", "mock", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**base, **(env or {})}, cwd=cwd)
    banner = []
    for line in proc.stdout:
        banner.append(line.rstrip("\n"))
        if line.startswith(last):
            break
    else:
        proc.wait(timeout=10)
        pytest.fail(f"mock did not start: {proc.stderr.read()}")
    return proc, banner


def stop_cli(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> tuple[str, str]:
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=10)
    return out, err


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_cli_serves_and_stops_cleanly(sig):
    proc, banner = start_cli()
    try:
        url = re.search(r"listening on (\S+)", banner[0]).group(1)
        assert banner[1] == f"WSDL: {url}?SOAPAPI=WSDL"
        token_file = Path(re.search(r"written to (\S+)", "\n".join(banner)).group(1))
        assert token_file.stat().st_mode & 0o777 == 0o600
        assert f'export COPERNICA_ACCESS_TOKEN="$(cat {token_file})"' in [x.strip() for x in banner]
        token = token_file.read_text()
        assert ZeepAdapter(url + "?SOAPAPI=WSDL", token).call("Account_databases")["total"] == 0
    finally:
        out, err = stop_cli(proc, sig)
    assert proc.returncode == 0
    assert "Traceback" not in err
    assert token not in "\n".join(banner) + out + err
    assert not token_file.exists()  # the throw-away token dies with the server


def test_cli_prints_no_traceback_when_clients_hang_up():
    proc, banner = start_cli()
    try:
        url = urlsplit(re.search(r"listening on (\S+)", banner[0]).group(1))
        for _ in range(5):
            # Half a request, then a reset (SO_LINGER 0): what a killed client looks like.
            conn = socket.create_connection((url.hostname, url.port))
            conn.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n<a")
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
        time.sleep(0.3)  # let the server threads notice the resets before we stop it
    finally:
        out, err = stop_cli(proc)
    assert proc.returncode == 0
    assert "Traceback" not in err, err


def test_cli_uses_given_tokens_and_env_token():
    proc, banner = start_cli("--token", "tok-cli-aaaa1111", "--read-only-token", "tok-cli-ro-2222",
                             "--auth", "both", env={"COPERNICA_ACCESS_TOKEN": "tok-env-bbbb3333"})
    try:
        url = re.search(r"listening on (\S+)", banner[0]).group(1)
        assert "access tokens: 2 read-write, 1 read-only" in "\n".join(banner)
        assert not any("written to" in line for line in banner)
        for token in ("tok-cli-aaaa1111", "tok-env-bbbb3333"):
            assert raw_call(url, "Account_databases", token).fault is None
        assert raw_call(url, "Account_createDatabase", "tok-cli-ro-2222",
                        name="x").fault == faults.READ_ONLY_TOKEN
    finally:
        out, err = stop_cli(proc)
    assert proc.returncode == 0


@pytest.mark.parametrize("args,message", [
    (["--port", "70000"], "--port"),
    (["--state", "/nonexistent-dir/state.sqlite"], "/nonexistent-dir/state.sqlite"),
    (["--certfile", "/nonexistent/cert.pem"], "--certfile"),
    (["--auth", "legacy", "--bearer"], "--bearer"),
    (["--password-env", "COPERNICA_TEST_UNSET_VAR"], "COPERNICA_TEST_UNSET_VAR"),
])
def test_cli_bad_input_is_one_error_line_and_exit_2(args, message, tmp_path):
    result = subprocess.run([sys.executable, "-m", "migrator", "mock", *args],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("copernica-migrate: error: ")]
    assert len(errors) == 1 and message in errors[0], result.stderr


def test_cli_state_file_that_is_not_a_database(tmp_path):
    bad = tmp_path / "state.sqlite"
    bad.write_text("not a database\n" * 100)
    result = subprocess.run([sys.executable, "-m", "migrator", "mock", "--port", "0", "--state", str(bad)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr.strip() == f"copernica-migrate: error: cannot use {bad} as mock state: file is not a database"


def test_cli_port_in_use(mock_server):
    busy = mock_server()
    result = subprocess.run([sys.executable, "-m", "migrator", "mock", "--port", str(busy.port)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr.strip() == f"copernica-migrate: error: cannot start the mock: Address already in use: 127.0.0.1:{busy.port}"


def send_expecting_continue(url: str, body: bytes) -> tuple[bytes, socket.socket]:
    """Send only the headers with `Expect: 100-continue` (as curl does); return the first answer."""
    host, port = url.split("//", 1)[1].rstrip("/").rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=5)
    sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nExpect: 100-continue\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(body))
    return sock.recv(65536), sock


def test_expect_100_continue_is_answered_at_once(mock_server):
    mock = mock_server()
    body = envelope("Account_databases", TOKEN)
    first, sock = send_expecting_continue(mock.url, body)
    with sock:
        assert first == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 ")


def test_expect_100_continue_with_a_body_too_large_gets_413_first(mock_server):
    mock = mock_server(max_body=1000)
    first, sock = send_expecting_continue(mock.url, b" " * 5000)
    sock.close()
    assert first.startswith(b"HTTP/1.1 413 ")


def test_concurrent_clients_on_keep_alive_connections(mock_server):
    mock = mock_server()

    def worker(n: int) -> list[int]:
        conn = connect(mock.url)
        try:
            ids = []
            for i in range(25):
                resp = request(mock.url, body=envelope("Account_createDatabase", TOKEN, name=f"db-{n}-{i}"),
                               conn=conn)
                assert resp.status == 200, resp.fault
                ids.append(int(re.search(rb"<id>(\d+)</id>", resp.body).group(1)))
            return ids
        finally:
            conn.close()

    with ThreadPoolExecutor(4) as pool:
        ids = [i for chunk in pool.map(worker, range(4)) for i in chunk]
    assert len(set(ids)) == 100
    assert ZeepAdapter(mock.wsdl_url, TOKEN).call("Account_databases", length=1000)["total"] == 100
    assert len(mock.calls) == 101 and {c["status"] for c in mock.calls} == {200}


def test_a_client_that_connects_before_start_is_served():
    """verify starts the program first and the mock while it boots: early connections wait."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    early = connect(f"http://127.0.0.1:{port}/")
    early.request("GET", "/?SOAPAPI=WSDL")  # sent before anything accepts it
    mock = MockServer(tokens=(TOKEN,)).start(listener)
    try:
        answer = early.getresponse()
        assert answer.status == 200 and b"POM_SOAP_API" in answer.read()
        assert mock.url == f"http://127.0.0.1:{port}/"
        assert ZeepAdapter(mock.wsdl_url, TOKEN).call("Account_databases")["total"] == 0
    finally:
        mock.stop()


def test_cli_takes_tokens_from_a_file_and_warns_about_tokens_on_the_command_line(tmp_path):
    from raw_http import call

    token_file = tmp_path / "tokens"
    token_file.write_text("# CI token\ntok-from-a-file-5d1e\n")
    proc, banner = start_cli("--token-file", str(token_file))
    try:
        url = re.search(r"listening on (\S+)", banner[0]).group(1)
        assert call(url, "Account_databases", token="tok-from-a-file-5d1e").status == 200
    finally:
        out, err = stop_cli(proc)
    assert "tok-from-a-file-5d1e" not in "\n".join(banner) + out + err
    assert "warning" not in err
    proc, banner = start_cli("--token", "tok-on-the-command-line-77aa")
    out, err = stop_cli(proc)
    assert "`ps` shows it" in err and "tok-on-the-command-line-77aa" not in "\n".join(banner) + out + err
