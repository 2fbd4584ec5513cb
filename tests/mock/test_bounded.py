"""The mock stays bounded under hostile clients: what it logs of a call, huge integers, bad chunking."""

from __future__ import annotations

import json
import socket

from raw_http import call, envelope

from migrator.mock.server import MockServer

TOKEN = "bounded-test-token"


def test_a_5_mb_refused_request_costs_the_log_a_few_hundred_bytes():
    with MockServer(tokens=(TOKEN,)) as mock:
        big = "x" * (5 * 1024 * 1024)
        for _ in range(3):
            answer = call(mock.url, "Account_createDatabase", token="wrong-token", name=big)
            assert answer.status == 500 and answer.fault == "Invalid access token"
        records = mock.calls
    assert len(records) == 3
    for record in records:
        logged = record["params"]["name"]
        assert logged.startswith("x" * 64) and f"[{len(big)} chars, sha256 " in logged
        assert len(json.dumps(record)) < 1024


def test_long_values_that_differ_stay_different_in_the_log():
    with MockServer(tokens=(TOKEN,)) as mock:
        call(mock.url, "Account_createDatabase", token=TOKEN, name="a" * 600)
        call(mock.url, "Account_createDatabase", token=TOKEN, name="a" * 599 + "b")
        first, second = (r["params"]["name"] for r in mock.calls)
    assert first != second  # a --baseline comparison still sees the difference


def test_an_integer_beyond_64_bits_is_a_clean_fault():
    with MockServer(tokens=(TOKEN,)) as mock:
        for value in (2**63, "9" * 5000):
            answer = call(mock.url, "Database_fields", token=TOKEN, id=value)
            assert answer.status == 500
            assert answer.fault == "Malformed request: id is out of range for an int"


def test_a_negative_chunk_size_is_refused_without_dropping_the_server():
    with MockServer(tokens=(TOKEN,)) as mock:
        host, port = mock.url.split("//")[1].rstrip("/").split(":")
        body = envelope("Account_databases", TOKEN)
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n-5\r\n" + body + b"\r\n0\r\n\r\n")
            reply = sock.recv(65536)
        assert reply.startswith(b"HTTP/1.1 ") and b"Malformed request" in reply
        # the server still answers
        assert call(mock.url, "Account_databases", token=TOKEN).status == 200
