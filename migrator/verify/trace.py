"""A run's call trace: what verify judges, saves with --trace and compares with --baseline.

Calls come from the embedded mock's call log (mock mode) or from the JSON lines the child's hook
wrote (live mode). Neither holds a credential: the mock's log drops them, the hook strips
`access_token` and `login` from the envelope before writing it, and only business parameters
(catalogue.CREDENTIAL_PARAMS removed) reach a Call.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from migrator.catalogue import CREDENTIAL_PARAMS
from migrator.mock import faults

SCHEMA_VERSION = 1  # of the trace and the JSON report: verify-report.schema.json next to this file
LOGIN = "login"
# A call refused for its credentials did no business work; legacy clients retry it after
# logging in again, so it is left out of the baseline comparison (the verdict still sees it).
AUTH_FAULTS = frozenset({faults.NOT_LOGGED_ON, faults.INVALID_TOKEN, faults.INVALID_LOGIN,
                         faults.LOGIN_UNSUPPORTED})


class TraceError(ValueError):
    """A trace file that cannot be used (one line, for the user)."""


@dataclass
class Call:
    operation: str
    auth: str  # token | bearer | cookie | login | none
    params: dict[str, Any] = field(default_factory=dict)
    fault: str | None = None
    login_struct: bool = False  # a `login` struct travelled with the call (its values never kept)

    @property
    def is_login(self) -> bool:
        return self.operation.lower() == LOGIN

    @property
    def is_business(self) -> bool:
        return not self.is_login and self.fault not in AUTH_FAULTS


def _clean(params: dict[str, Any] | None) -> dict[str, Any]:
    # JSON round trip: the same value types whether the call came from memory or from a file.
    return json.loads(json.dumps({k: v for k, v in (params or {}).items()
                                  if k not in CREDENTIAL_PARAMS}, default=str))


def from_mock(records: Iterable[dict]) -> list[Call]:
    calls = []
    for rec in records:
        if rec.get("operation") == "authenticate":
            continue  # the Bearer exchange is not a SOAP call
        operation = rec.get("operation") or "(malformed request)"
        if operation.lower() == LOGIN:  # it presents username and password: show it as such
            calls.append(Call(operation, "login", {}, rec.get("fault")))
        else:
            calls.append(Call(operation, rec.get("auth") or "none", _clean(rec.get("params")),
                              rec.get("fault"), bool(rec.get("login_struct"))))
    return calls


def from_hook(path: Path) -> list[Call]:
    """Calls the child's hook recorded (live mode); bodies are decoded with the mock's codec."""
    from migrator.mock.codec import decode_request
    from migrator.mock.faults import Fault

    if not path.exists():
        return []
    calls = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a killed child
        operation, params = rec.get("operation") or "(malformed request)", {}
        if operation.lower() != LOGIN:
            try:
                request = decode_request(rec.get("body", "").encode("utf-8"))
                operation, params = request.operation.name, request.params
            except Fault:
                pass  # not an operation we know: keep the name the program sent
        auth = "login" if operation.lower() == LOGIN else rec.get("auth") or "none"
        calls.append(Call(operation, auth, _clean(params), rec.get("fault"), bool(rec.get("login_struct"))))
    return calls


def to_json(command: list[str], mode: str, exit_code: int | None, calls: list[Call]) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "command": command,
        "mode": mode,
        "exit_code": exit_code,
        "calls": [{"n": i, **asdict(call)} for i, call in enumerate(calls, 1)],
    }


def load(path: Path) -> list[Call]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TraceError(f"baseline trace not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TraceError(f"cannot read baseline trace {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION \
            or not isinstance(data.get("calls"), list):
        raise TraceError(f"{path} is not a verify trace (schema_version {SCHEMA_VERSION})")
    try:
        return [Call(c["operation"], c.get("auth", "none"), _clean(c.get("params")), c.get("fault"),
                     bool(c.get("login_struct"))) for c in data["calls"]]
    except (KeyError, TypeError, AttributeError):
        raise TraceError(f"{path}: a call in the trace has no operation") from None


# -- baseline comparison -----------------------------------------------------------------


def describe(call: Call, ignore: frozenset[str] = frozenset()) -> str:
    params = {k: v for k, v in call.params.items() if k not in ignore}
    return f"{call.operation} {json.dumps(params, sort_keys=True, ensure_ascii=False)}"


def _groups(calls: list[Call]) -> list[list[Call]]:
    """Consecutive calls to one operation form a group: a thread pool sends them in any order."""
    groups: list[list[Call]] = []
    for call in calls:
        if groups and groups[-1][0].operation == call.operation:
            groups[-1].append(call)
        else:
            groups.append([call])
    return groups


def first_difference(baseline: list[Call], current: list[Call],
                     ignore: frozenset[str] = frozenset()) -> str | None:
    """None when the business calls match; else one sentence naming the first difference.

    ignore: top-level parameter names left out of the comparison (e.g. ids, which differ between
    the mock and the live API).
    """
    expected = _groups([c for c in baseline if c.is_business])
    got = _groups([c for c in current if c.is_business])
    position = 1  # business call number, counted in the baseline
    for old, new in zip(expected, got):
        old_keys = sorted(describe(c, ignore) for c in old)
        new_keys = sorted(describe(c, ignore) for c in new)
        if old_keys != new_keys:
            if old[0].operation != new[0].operation:
                return (f"business call {position}: the baseline has {describe(old[0], ignore)}, "
                        f"this run {describe(new[0], ignore)}")
            missing = [k for k in old_keys if k not in new_keys]
            extra = [k for k in new_keys if k not in old_keys]
            if missing:
                return (f"business calls {position}-{position + len(old) - 1}: the baseline has "
                        f"{missing[0]}, this run does not" + (f" (it has {extra[0]})" if extra else ""))
            return (f"business calls {position}-{position + len(old) - 1}: this run also has "
                    f"{extra[0] if extra else new[0].operation}")
        position += len(old)
    if len(expected) > len(got):
        rest = expected[len(got)]
        return (f"business call {position}: the baseline has {describe(rest[0], ignore)}, "
                "this run made no more calls")
    if len(got) > len(expected):
        return f"business call {position}: this run has {describe(got[len(expected)][0], ignore)}, " \
               "the baseline ended before it"
    return None
