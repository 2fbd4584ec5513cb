"""MockConfig: every setting of the mock server, shared by the CLI and MockServer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

AUTH_MODES = ("token", "legacy", "both")
MIB = 1024 * 1024


@dataclass
class MockConfig:
    host: str = "127.0.0.1"
    port: int = 8080  # 0 = a free port (MockServer's default)
    auth: str = "token"  # token | legacy | both
    # Secrets stay out of repr(), so a printed or logged config never shows them.
    tokens: tuple[str, ...] = field(default=(), repr=False)
    read_only_tokens: tuple[str, ...] = field(default=(), repr=False)
    bearer: bool = False  # POST /authenticate + Authorization: Bearer <jwt>
    jwt_ttl: float = 24 * 3600  # Copernica's authorization tokens live 24 h (section 6)
    login_user: str = "demo"
    login_password: str = field(default="demo", repr=False)
    login_account: str = "Demo"
    any_login: bool = False  # accept any non-empty username + password (verify uses it)
    session_ttl: float = 3600.0
    state: Path | None = None  # SQLite file kept across runs; None = in memory
    # A seed file, or a parsed migrator.mock.seed.Seed, loaded into the (empty) store at start.
    seed: Any = field(default=None, repr=False)
    log: Path | None = None  # JSON-lines call log
    max_body: int = 10 * MIB  # bytes on the wire; larger -> HTTP 413
    max_inflated: int = 10 * MIB  # bytes after gunzipping a request; larger -> HTTP 413
    certfile: Path | None = None
    keyfile: Path | None = None
    idle_timeout: float = 120.0  # seconds a keep-alive connection may sit idle
    # keep, in memory only, the credentials clients send (verify masks them in the program's
    # output); a standalone mock has no one to hand them to, so it keeps none
    remember_credentials: bool = False

    def __post_init__(self) -> None:
        if self.auth not in AUTH_MODES:
            raise ValueError(f"auth must be one of {', '.join(AUTH_MODES)}, not {self.auth!r}")
        if self.bearer and not self.token_auth:
            raise ValueError("--bearer needs token authentication (--auth token or both)")
        if self.keyfile and not self.certfile:
            raise ValueError("--keyfile needs --certfile")
        self.tokens = tuple(self.tokens)
        self.read_only_tokens = tuple(self.read_only_tokens)

    @property
    def token_auth(self) -> bool:
        return self.auth in ("token", "both")

    @property
    def legacy_auth(self) -> bool:
        return self.auth in ("legacy", "both")

    @property
    def scheme(self) -> str:
        return "https" if self.certfile else "http"
