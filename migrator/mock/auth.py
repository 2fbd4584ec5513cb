"""Who made a call: access token, Bearer JWT, session cookie or per-call login (section 13 order).

The server asks `Authenticator.identify` for every SOAP call except `login`, which goes to
`Authenticator.login`. Identities carry a token *fingerprint*, never the token, so they can
be logged; the fault texts come from faults.py.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from pathlib import Path

from migrator.catalogue import Operation
from migrator.mock import faults
from migrator.mock.config import MockConfig
from migrator.mock.faults import Fault
from migrator.mock.protocol import Request

COOKIE_PREFIX = "soap_"
SESSION_COOKIE = "soap_session"
JWT_ALGORITHM = "HS256"


def fingerprint(token: str) -> str:
    """A short, stable name for a token that reveals nothing usable."""
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Identity:
    kind: str  # token | bearer | cookie | login | none: what the client presented
    fingerprint: str | None = None
    read_only: bool = False
    error: str | None = None  # fault text when the presented credentials were refused


NOBODY = Identity("none", error=faults.NOT_LOGGED_ON)


class Authenticator:
    def __init__(self, config: MockConfig):
        self.config = config
        # token -> read-only?  A token given both ways is read-only: the safer reading.
        self._tokens: dict[str, bool] = {t: False for t in config.tokens if t}
        self._tokens.update({t: True for t in config.read_only_tokens if t})
        self._by_fingerprint = {fingerprint(t): ro for t, ro in self._tokens.items()}
        self._sessions: dict[str, float] = {}  # session id -> monotonic expiry
        self._lock = threading.Lock()
        self._jwt_secret = secrets.token_bytes(32)  # per server: JWTs die with it

    # -- per call -------------------------------------------------------------------------

    def identify(self, request: Request, authorization: str | None, cookie: str | None) -> Identity:
        cfg = self.config
        if request.access_token is not None:
            return self._token_identity(request.access_token) if cfg.token_auth else Identity(
                "token", fingerprint(request.access_token), error=faults.INVALID_TOKEN)
        if cfg.bearer and authorization and authorization[:7].lower() == "bearer ":
            return self._bearer_identity(authorization[7:].strip())
        if cfg.legacy_auth:
            if self._has_live_session(cookie):
                return Identity("cookie")
            if request.login is not None:
                if self.credentials_ok(request.login):
                    return Identity("login")
                return Identity("login", error=faults.INVALID_LOGIN)
        # Token-only mode accepts neither, but records what the client tried, so a report can
        # say "session cookie" or "login struct" instead of "no credentials at all".
        if cookie and any(name.startswith(COOKIE_PREFIX) for name in _cookie_names(cookie)):
            return Identity("cookie", error=faults.NOT_LOGGED_ON)
        if request.login is not None:
            return Identity("login", error=faults.NOT_LOGGED_ON)
        return NOBODY

    @staticmethod
    def authorize(identity: Identity, operation: Operation) -> None:
        if identity.error:
            raise Fault(identity.error)
        if identity.read_only and operation.writes:
            raise Fault(faults.READ_ONLY_TOKEN)

    def login(self, request: Request) -> str:
        """The legacy `login` operation: check credentials, open a session, return its id."""
        if not self.config.legacy_auth:
            raise Fault(faults.LOGIN_UNSUPPORTED)
        for name in ("username", "password"):
            if name not in request.params:
                raise Fault(faults.missing_parameter(name))
        if not self.credentials_ok(request.params):
            raise Fault(faults.INVALID_LOGIN)
        sid = secrets.token_urlsafe(24)
        now = time.monotonic()
        with self._lock:
            # Drop expired sessions here, so a long run does not grow without bound.
            for old in [s for s, exp in self._sessions.items() if exp <= now]:
                del self._sessions[old]
            self._sessions[sid] = now + self.config.session_ttl
        return sid

    def credentials_ok(self, creds: dict) -> bool:
        cfg = self.config
        user, password = creds.get("username") or "", creds.get("password") or ""
        if cfg.any_login:
            return bool(user and password)
        # An empty or missing account means "the first account" (section 4): the only one here.
        account = creds.get("account") or cfg.login_account
        return (secrets.compare_digest(user.encode(), cfg.login_user.encode())
                and secrets.compare_digest(password.encode(), cfg.login_password.encode())
                and account == cfg.login_account)

    # -- Bearer exchange ------------------------------------------------------------------

    def issue_jwt(self, token: str) -> str:
        """POST /authenticate: swap an access token for a short-lived authorization token."""
        if token not in self._tokens:
            raise Fault(faults.INVALID_TOKEN)
        import jwt  # only the opt-in Bearer model needs it; keeps the mock's start-up lean

        now = int(time.time())
        claims = {
            "sub": fingerprint(token),
            "ro": self._tokens[token],
            "iat": now,
            "exp": now + int(self.config.jwt_ttl),
        }
        return jwt.encode(claims, self._jwt_secret, algorithm=JWT_ALGORITHM)

    # -- helpers --------------------------------------------------------------------------

    def _token_identity(self, token: str) -> Identity:
        fp = fingerprint(token)
        if token not in self._tokens:
            return Identity("token", fp, error=faults.INVALID_TOKEN)
        return Identity("token", fp, self._tokens[token])

    def _bearer_identity(self, value: str) -> Identity:
        import jwt

        try:
            claims = jwt.decode(value, self._jwt_secret, algorithms=[JWT_ALGORITHM],
                                options={"require": ["exp", "sub"]})
        except jwt.PyJWTError:
            return Identity("bearer", error=faults.INVALID_TOKEN)
        fp = claims["sub"]
        if fp not in self._by_fingerprint:
            return Identity("bearer", error=faults.INVALID_TOKEN)
        return Identity("bearer", fp, self._by_fingerprint[fp])

    def _has_live_session(self, cookie_header: str | None) -> bool:
        if not cookie_header:
            return False
        try:
            jar = SimpleCookie(cookie_header)
        except CookieError:
            return False
        now = time.monotonic()
        with self._lock:
            # Old PHP clients append every new cookie to their file, so stale ones come along.
            return any(
                self._sessions.get(morsel.value, 0.0) > now
                for name, morsel in jar.items() if name.startswith(COOKIE_PREFIX)
            )


def _cookie_names(header: str) -> list[str]:
    try:
        return list(SimpleCookie(header))
    except CookieError:
        return []


def session_cookie(sid: str, secure: bool) -> str:
    return f"{SESSION_COOKIE}={sid}; Path=/; HttpOnly" + ("; Secure" if secure else "")


def write_token_file(token: str) -> Path:
    """Put a throw-away token in a fresh 0700 dir, file mode 0600; the path is safe to print."""
    directory = Path(tempfile.mkdtemp(prefix="copernica-mock-"))
    path = directory / "access_token"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token)
    return path
