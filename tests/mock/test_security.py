"""Hostile input and secret handling: XXE and entity bombs, oversized and gzip-bomb bodies, and
credentials that must never reach the call log, stdout or stderr."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.parse
import zlib
from pathlib import Path

import pytest
from throwaway_credentials import LOGIN, TOKEN
from raw_http import call as raw_call
from raw_http import envelope, request

from migrator.mock import faults
from migrator.mock.config import MockConfig

ENVELOPE_WITH_DTD = """<?xml version="1.0"?>
<!DOCTYPE Envelope [ {dtd} ]>
<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body>
<ns0:Account_createDatabase xmlns:ns0="urn:copernica-migrate:soap"><parameters>
<name>{name}</name><access_token>{token}</access_token>
</parameters></ns0:Account_createDatabase></soap-env:Body></soap-env:Envelope>"""


def databases(url: str) -> int:
    body = raw_call(url, "Account_databases", TOKEN).text()
    return int(re.search(rb"<total>(\d+)</total>", body).group(1))


def test_xxe_file_and_network_entities_are_refused(mock_server, tmp_path):
    mock = mock_server()
    secret = tmp_path / "secret.txt"
    secret.write_text("FILE-SECRET-c0ffee")
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    dtd = (f'<!ENTITY xxe SYSTEM "file://{secret}"> '
           f'<!ENTITY net SYSTEM "http://127.0.0.1:{port}/steal"> '
           f'<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/dtd"> %remote;')
    body = ENVELOPE_WITH_DTD.format(dtd=dtd, name="&xxe;&net;", token=TOKEN).encode()
    resp = request(mock.url, body=body)
    assert (resp.status, resp.fault) == (500, faults.MALFORMED)
    assert b"FILE-SECRET" not in resp.text()
    with pytest.raises(socket.timeout):
        listener.accept()  # the parser never fetched anything
    listener.close()
    assert databases(mock.url) == 0


def test_entity_expansion_bomb_is_refused(mock_server):
    mock = mock_server()
    dtd = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    body = ENVELOPE_WITH_DTD.format(dtd=dtd, name="&a9;", token=TOKEN).encode()
    resp = request(mock.url, body=body)
    assert (resp.status, resp.fault) == (500, faults.MALFORMED)
    assert databases(mock.url) == 0  # still serving, nothing created


def padded(size: int) -> bytes:
    """A valid call, padded with whitespace to exactly `size` bytes."""
    body = envelope("Account_createDatabase", TOKEN, name="Padded")
    return body.replace(b"<parameters>", b"<parameters>" + b" " * (size - len(body)), 1)


def test_oversized_body_is_413_with_a_malformed_fault(mock_server):
    mock = mock_server(max_body=4096)
    assert request(mock.url, body=padded(4096)).status == 200  # exactly at the limit: fine
    resp = request(mock.url, body=padded(4097))
    assert resp.status == 413 and resp.fault == faults.MALFORMED
    assert resp.headers["Connection"] == "close"
    assert mock.calls[-1]["status"] == 413 and mock.calls[-1]["fault"] == faults.MALFORMED
    assert databases(mock.url) == 1  # only the first call created something; server still up


def test_default_body_limit_is_10_mib(mock_server):
    mock = mock_server()
    assert request(mock.url, body=padded(10 * 1024 * 1024 + 1)).status == 413


def gzip_bomb(inflated: int) -> bytes:
    """A valid gzip stream of `inflated` bytes: a call followed by that many spaces, built in pieces."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = envelope("Account_createDatabase", TOKEN, name="Bomb")
    parts = [comp.compress(head.replace(b"<parameters>", b"<parameters>" + b" " * 10))]
    chunk = b" " * (1024 * 1024)
    for _ in range(inflated // len(chunk)):
        parts.append(comp.compress(chunk))
    parts.append(comp.flush())
    return b"".join(parts)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip_bomb(256 * 1024 * 1024)


def test_gzip_bomb_is_413_without_inflating_it(mock_server, bomb):
    mock = mock_server(max_inflated=1024 * 1024)
    assert len(bomb) < 1024 * 1024  # small on the wire, far under max_body
    resp = request(mock.url, body=bomb, headers={"Content-Encoding": "gzip"})
    assert resp.status == 413 and resp.fault == faults.MALFORMED
    small = gzip.compress(padded(1024 * 1024))  # exactly at the inflated limit: fine
    assert request(mock.url, body=small, headers={"Content-Encoding": "gzip"}).status == 200


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to read peak memory")
def test_gzip_bomb_does_not_blow_up_server_memory(bomb):
    """A 256 MiB bomb against the CLI server (default 10 MiB limit): peak memory stays far below it."""
    proc = subprocess.Popen([sys.executable, "-m", "migrator", "mock", "--port", "0", "--token", TOKEN],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = re.search(r"listening on (\S+)", proc.stdout.readline()).group(1)
        resp = request(url, body=bomb, headers={"Content-Encoding": "gzip"})
        assert resp.status == 413
        status = Path(f"/proc/{proc.pid}/status").read_text()
        peak_kib = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
        assert peak_kib < 160 * 1024, f"server peaked at {peak_kib // 1024} MiB"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)


# -- secrets ---------------------------------------------------------------------------------------

SECRETS = {
    "rw": "tok-LEAKCHECK-rw-91b2c3",
    "ro": "tok-LEAKCHECK-ro-44d5e6",
    "wrong": "tok-LEAKCHECK-wrong-77f8a9",
    "password": "pw-LEAKCHECK-Zz81xQ",
    "bad_password": "pw-LEAKCHECK-bad-Yy72",
}


def test_secrets_never_reach_the_log_or_the_console(tmp_path):
    log = tmp_path / "calls.jsonl"
    env = {**os.environ, "MOCK_TEST_PASSWORD": SECRETS["password"]}
    env.pop("COPERNICA_ACCESS_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "migrator", "mock", "--port", "0", "--auth", "both", "--bearer",
         "--token", SECRETS["rw"], "--read-only-token", SECRETS["ro"], "--login", "leak-user",
         "--password-env", "MOCK_TEST_PASSWORD", "--log", str(log)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    banner = []
    for line in proc.stdout:
        banner.append(line)
        if line.startswith("Press Ctrl-C"):
            break
    url = re.search(r"listening on (\S+)", banner[0]).group(1)
    login = {"username": "leak-user", "password": SECRETS["password"]}
    try:
        assert raw_call(url, "Account_createDatabase", SECRETS["rw"], name="Leak").fault is None
        assert raw_call(url, "Account_databases", SECRETS["wrong"]).fault == faults.INVALID_TOKEN
        assert raw_call(url, "Account_createDatabase", SECRETS["ro"], name="x").fault == faults.READ_ONLY_TOKEN
        assert raw_call(url, "login", **login).fault is None
        assert raw_call(url, "login", username="leak-user",
                        password=SECRETS["bad_password"]).fault == faults.INVALID_LOGIN
        # A per-call login struct, and a malformed call that carries a token.
        struct = (f"<login><username>leak-user</username><password>{SECRETS['password']}</password>"
                  f"</login>").encode()
        body = envelope("Account_databases").replace(b"<parameters>", b"<parameters>" + struct)
        assert request(url, body=body).fault is None
        assert request(url, body=envelope("Account_databases", SECRETS["rw"])[:-20]).fault == faults.MALFORMED
        form = urllib.parse.urlencode({"access_token": SECRETS["rw"]}).encode()
        jwt_text = request(url, path="/authenticate", body=form).body.decode()
        assert raw_call(url, "Account_databases",
                        headers={"Authorization": f"Bearer {jwt_text}"}).fault is None
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0

    logged = log.read_text()
    records = [json.loads(line) for line in logged.splitlines()]
    assert [r["auth"] for r in records] == [
        "token", "token", "token", "none", "none", "login", "none", "token", "bearer"]
    console = "".join(banner) + out + err
    for name, secret in {**SECRETS, "jwt": jwt_text}.items():
        assert secret not in logged, f"{name} leaked into the call log"
        assert secret not in console, f"{name} leaked onto the console"


def test_config_repr_hides_secrets():
    config = MockConfig(tokens=(TOKEN,), read_only_tokens=("tok-ro-hidden",),
                        login_password=LOGIN["password"])
    text = repr(config)
    assert TOKEN not in text and "tok-ro-hidden" not in text and LOGIN["password"] not in text


def test_session_ids_are_random_and_http_only(mock_server):
    mock = mock_server(auth="legacy")
    cookies = {raw_call(mock.url, "login", **LOGIN).headers["Set-Cookie"] for _ in range(3)}
    assert len(cookies) == 3
    for cookie in cookies:
        sid = cookie.split(";", 1)[0].split("=", 1)[1]
        assert len(sid) >= 32 and "HttpOnly" in cookie


@pytest.mark.parametrize("remember", [False, True])
def test_credentials_are_kept_in_memory_only_when_asked(mock_server, remember):
    """verify asks the mock for what clients sent (to mask it in the program's output); a mock
    run on its own has no one to hand credentials to, so it keeps none, even in memory."""
    mock = mock_server(auth="both", remember_credentials=remember)
    raw_call(mock.url, "login", **LOGIN)
    expected = {LOGIN["username"], LOGIN["password"]} if remember else set()
    assert mock.credentials_seen == expected
