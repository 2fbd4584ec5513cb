"""The call log: one JSON record per SOAP call, in memory and (optionally) as JSON lines on disk.

`verify` reads it to prove "no login, a token on every call", so each record says how the call
was authenticated. Records never hold a credential: the token appears only as a fingerprint,
and catalogue.CREDENTIAL_PARAMS are dropped from the parameters.

Logged: every POST (SOAP calls, including refused and malformed ones, whose operation is the raw
name for unknown methods and null when no operation could be read) and the Bearer exchange
(operation "authenticate"). WSDL downloads are not calls and are not logged.
"""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from migrator.catalogue import CREDENTIAL_PARAMS


# Bounds on what one record keeps of a call's parameters: a client (or an attacker) sending
# 5 MB requests must not grow the mock's memory or its log by 5 MB a call. A long string keeps
# its head, length and a hash, so a baseline comparison still tells two values apart.
MAX_STRING = 512
MAX_ITEMS = 200
MAX_DEPTH = 6
MAX_CREDENTIALS = 64  # distinct credential values kept for masking


def scrub(params: dict[str, Any]) -> dict[str, Any]:
    return {k: _bounded(v, 1) for k, v in params.items() if k not in CREDENTIAL_PARAMS}


def _bounded(value: Any, depth: int) -> Any:
    if isinstance(value, str):
        if len(value) <= MAX_STRING:
            return value
        digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return f"{value[:64]}...[{len(value)} chars, sha256 {digest}]"
    if isinstance(value, dict):
        if depth >= MAX_DEPTH:
            return f"[a map of {len(value)} entries, nested too deep to log]"
        items = list(value.items())
        out = {str(k)[:MAX_STRING]: _bounded(v, depth + 1) for k, v in items[:MAX_ITEMS]}
        if len(items) > MAX_ITEMS:
            out["..."] = f"[{len(items) - MAX_ITEMS} more entries]"
        return out
    if isinstance(value, (list, tuple)):
        if depth >= MAX_DEPTH:
            return f"[a list of {len(value)} items, nested too deep to log]"
        out = [_bounded(v, depth + 1) for v in value[:MAX_ITEMS]]
        if len(value) > MAX_ITEMS:
            out.append(f"[{len(value) - MAX_ITEMS} more items]")
        return out
    return value


def credential_values(params: dict[str, Any]) -> set[str]:
    """The credentials a call carried (a login's username and password, a token), for whoever must
    mask them in what a program printed; never written anywhere."""
    found: set[str] = set()
    for key, value in params.items():
        if key not in CREDENTIAL_PARAMS:
            continue
        if isinstance(value, dict):
            found |= {v for k, v in value.items() if k in CREDENTIAL_PARAMS and isinstance(v, str)}
        elif isinstance(value, str):
            found.add(value)
    return {v for v in found if v and len(v) <= MAX_STRING}


def record(*, operation: str, auth: str, token: str | None, read_only: bool,
           params: dict[str, Any], fault: str | None, status: int, duration_ms: float,
           login_struct: bool = False) -> dict:
    return {
        "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        "operation": operation,
        "auth": auth,
        "login_struct": login_struct,  # the call also carried a `login` struct (its values are never kept)
        "token": token,
        "read_only": read_only,
        "params": scrub(params),
        "fault": fault,
        "status": status,
        "duration_ms": round(duration_ms, 3),
    }


class CallLog:
    def __init__(self, path: Path | None = None):
        self._records: list[dict] = []
        self._credentials: set[str] = set()  # in memory only, bounded below
        self._lock = threading.Lock()
        # Line-buffered append: every record is on disk as soon as the call is answered.
        self._file = open(path, "a", encoding="utf-8", buffering=1) if path else None

    def append(self, rec: dict) -> None:
        line = json.dumps(rec, ensure_ascii=False, default=str) if self._file else None
        with self._lock:
            self._records.append(rec)
            if self._file:
                self._file.write(line + "\n")

    def remember_credentials(self, params: dict[str, Any]) -> None:
        values = credential_values(params)
        with self._lock:
            if len(self._credentials) < MAX_CREDENTIALS:
                self._credentials |= values

    @property
    def credentials(self) -> set[str]:
        with self._lock:
            return set(self._credentials)

    @property
    def records(self) -> list[dict]:
        with self._lock:
            return list(self._records)

    def close(self) -> None:
        with self._lock:
            if self._file:
                self._file.close()
                self._file = None
