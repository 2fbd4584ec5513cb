"""Fixtures shared by the test suites."""

from __future__ import annotations

import pytest

from throwaway_credentials import LOGIN, READ_ONLY_TOKEN, TOKEN  # noqa: F401 (re-exported)


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
