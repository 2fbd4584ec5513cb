"""Fixtures shared by the test suites."""

from __future__ import annotations

import pytest

# Throw-away credentials, distinctive so a leak is easy to grep for.
TOKEN = "tok-RW-7f3a9c1e5b"
READ_ONLY_TOKEN = "tok-RO-2d8e4b6a0c"
LOGIN = {"username": "demo-user", "password": "pw-S3cr3t-9q8w7e", "account": "Demo"}


@pytest.fixture
def mock_server():
    """Factory: `mock_server(auth="legacy", ...)` starts a real mock on a free loopback port.

    Defaults: one read-write and one read-only token, the LOGIN credentials. Every server started
    is stopped when the test ends.
    """
    from migrator.mock.server import MockServer

    started = []

    def start(**overrides) -> MockServer:
        options = {
            "tokens": (TOKEN,), "read_only_tokens": (READ_ONLY_TOKEN,),
            "login_user": LOGIN["username"], "login_password": LOGIN["password"],
            "login_account": LOGIN["account"], **overrides,
        }
        server = MockServer(**options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
