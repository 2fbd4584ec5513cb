"""One verify run: set up the endpoint (embedded mock or live), run the command, collect calls.

Data flows one way: Options -> (mock, hook, child env) -> child exit status + calls -> Outcome.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from migrator import masking
from migrator.verify import hook, php_hook, quoted_secrets, runner, trace, verdict
from migrator.verify.trace import Call
from migrator.settings import DEFAULT_TOKEN_ENV

MOCK_WSDL_ENV = "COPERNICA_MIGRATE_MOCK_WSDL"
# where both hooks (Python's, PHP's) note Copernica requests verify cannot see
UNCHECKED_NAME = "unchecked.jsonl"


class SetupError(Exception):
    """Bad options or environment found before the command runs (one line, exit 2)."""


@dataclass
class Options:
    command: list[str]
    auth: str = "token"  # token | legacy (mock mode only)
    live: bool = False
    url: str | None = None
    hosts: list[str] = field(default_factory=list)
    token_env: str = DEFAULT_TOKEN_ENV
    login: str | None = None
    password_env: str | None = None
    account: str = ""
    state: Path | None = None
    seed: Path | None = None  # a seed file (migrator/mock/seed.py): the mock starts with that account
    allow_faults: list[str] = field(default_factory=list)
    baseline: Path | None = None
    ignore_params: list[str] = field(default_factory=list)
    timeout: float | None = 600.0  # seconds the program may run (None or 0: no limit)
    allow_unchecked: bool = False  # requests through httpx/aiohttp do not fail the run


@dataclass
class Outcome:
    mode: str  # token | legacy | live
    endpoint: str
    exit_code: int
    calls: list[Call]
    reasons: list[str]
    baseline_difference: str | None
    secrets: list[str]  # values to mask in anything printed or written
    timed_out: bool = False  # the time limit ended the program's process group
    stderr_tail: list[str] = field(default_factory=list)  # shown when the program failed; masked
    unchecked: list[dict] = field(default_factory=list)  # {library, host}: requests verify cannot see

    @property
    def passed(self) -> bool:
        return not self.reasons


def run(opts: Options, environ: dict[str, str]) -> Outcome:
    baseline = trace.load(opts.baseline) if opts.baseline else None  # fail before running anything
    # SIGINT, SIGTERM or SIGHUP to verify: the program's process group is ended, the temp folder
    # removed, and runner.Interrupted raised (no outcome: the run was abandoned).
    with runner.signals():
        workdir = hook.make_workdir()
        try:
            if opts.live:
                return _run_live(opts, environ, workdir, baseline)
            return _run_mock(opts, environ, workdir, baseline)
        finally:
            runner.stop_all()  # a program still running after an error or a signal
            shutil.rmtree(workdir, ignore_errors=True)


def _hosts(opts: Options) -> list[str]:
    return [hook.COPERNICA_HOST, *opts.hosts]


def _run_mock(opts: Options, environ: dict[str, str], workdir: Path,
              baseline: list[Call] | None) -> Outcome:
    extra: dict[str, str] = {}
    masked: list[str] = []
    # Legacy (baseline) runs serve the transition Copernica had: a login session and access
    # tokens both work, so a half-migrated program records its baseline too.
    config = dict(port=0, auth="token" if opts.auth == "token" else "both")
    token = secrets.token_urlsafe(32)  # throw-away: valid only for this run's mock
    config["tokens"] = (token,)
    config["bearer"] = True  # programs on the newest model swap the token for a JWT first
    extra[opts.token_env] = token
    masked.append(token)
    if opts.auth == "legacy" and opts.login:
        password = environ.get(opts.password_env or "", "")
        if not password:
            raise SetupError(f"--password-env: ${opts.password_env} is not set or empty")
        masked.append(password)
        config.update(login_user=opts.login, login_password=password, login_account=opts.account)
    elif opts.auth == "legacy":
        config["any_login"] = True  # verify cannot know the real credentials
    if opts.state is not None:
        config["state"] = _seed(opts.state, workdir / "state.sqlite")  # refuses a non-SQLite file
    if opts.seed is not None:
        from migrator.mock import seed

        try:
            config["seed"] = seed.read(opts.seed)  # checked before the program starts
        except seed.SeedError as exc:
            raise SetupError(str(exc)) from None
    # The program starts before the mock is set up: its connections wait in the listening
    # socket's backlog while this process imports and starts the mock (verify's own start-up
    # then overlaps the program's, instead of adding to it).
    listener = _listening_socket()
    url = "http://127.0.0.1:%d/" % listener.getsockname()[1]
    # For what the hooks cannot reach (curl, python -I, Java, Node...): point the program here yourself.
    extra[MOCK_WSDL_ENV] = url + "?SOAPAPI=WSDL"
    try:
        hook_dir = hook.install(_subdir(workdir, "hook"), _hosts(opts), url, bearer=True)
        tmp = _subdir(workdir, "tmp")
        extra.update(_php_hook(opts, environ, workdir, url, mock=True, temp_dir=tmp))
        env = hook.child_env(environ, hook_dir, record_file=None,
                             isolate_tmp=tmp, extra=extra,
                             unchecked_file=workdir / UNCHECKED_NAME)
        child = runner.start(opts.command, env)
    except BaseException:
        listener.close()
        raise
    from migrator.mock.config import MockConfig
    from migrator.mock.server import MockServer

    try:
        mock = MockServer(MockConfig(**config, remember_credentials=True)).start(listener)
    except BaseException as exc:
        child.stop()
        listener.close()
        if isinstance(exc, (ValueError, sqlite3.DatabaseError)):  # the store refuses the state file
            raise SetupError(f"--state {opts.state}: not a mock state file ({exc})") from None
        raise
    try:
        finished = runner.wait(child, opts.timeout)
        calls = trace.from_mock(mock.calls)
        sent = sorted(mock.credentials_seen)  # the program may print what it logged in with
    finally:
        mock.stop()
    mode = "token" if opts.auth == "token" else "legacy"
    endpoint = f"embedded mock ({'token-only' if mode == 'token' else 'login session and access tokens'})"
    outcome = _judge(opts, mode, endpoint, finished, calls, baseline, masked, token_checks=mode == "token",
                     environ=environ, unchecked=hook.read_unchecked(workdir / UNCHECKED_NAME),
                     sent=sent)
    outcome.reasons.extend(php_hook.blocked_reasons(workdir / php_hook.BLOCKED_NAME))
    return outcome


def _run_live(opts: Options, environ: dict[str, str], workdir: Path,
              baseline: list[Call] | None) -> Outcome:
    token = environ.get(opts.token_env, "")
    if not token:
        raise SetupError(f"--live needs the access token in ${opts.token_env} (see --token-env)")
    record_file = workdir / "calls.jsonl"
    hook_dir = hook.install(_subdir(workdir, "hook"), _hosts(opts), opts.url)
    tmp = _subdir(workdir, "tmp") if opts.url else None
    # PHP: the WSDL follows --url; its SoapClient calls are not recorded (noted as unchecked).
    extra = _php_hook(opts, environ, workdir, opts.url, mock=False, temp_dir=tmp)
    env = hook.child_env(environ, hook_dir, record_file=record_file,
                         isolate_tmp=tmp, extra=extra,
                         unchecked_file=workdir / UNCHECKED_NAME)
    finished = runner.wait(runner.start(opts.command, env), opts.timeout)
    calls = trace.from_hook(record_file)
    endpoint = opts.url.split("?", 1)[0] if opts.url else f"live API https://{hook.COPERNICA_HOST}/"
    return _judge(opts, "live", endpoint, finished, calls, baseline, [token], token_checks=True,
                  environ=environ, unchecked=hook.read_unchecked(workdir / UNCHECKED_NAME))


def _judge(opts: Options, mode: str, endpoint: str, finished: runner.Finished, calls: list[Call],
           baseline: list[Call] | None, masked: list[str], *, token_checks: bool,
           environ: dict[str, str], unchecked: list[dict], sent: Sequence[str] = ()) -> Outcome:
    difference = (trace.first_difference(baseline, calls, frozenset(opts.ignore_params))
                  if baseline is not None else None)
    exit_code = finished.exit_code
    found = verdict.reasons(calls, exit_code=exit_code, token_checks=token_checks,
                            allow_faults=opts.allow_faults, baseline_difference=difference,
                            timeout=opts.timeout if finished.timed_out else None,
                            unchecked=unchecked, allow_unchecked=opts.allow_unchecked)
    # The end of stderr goes with a failed exit: it says why, e.g. a crash before the first call.
    # It can hold anything the program printed: mask verify's secrets and the user's (in its
    # environment, on its command line, or sent to the mock as credentials).
    # the report and the trace: what the program logged in with, and a --url's own user and password
    secrets = list(dict.fromkeys([*masked, *sent, *masking.url_secrets(opts.url),
                                  *masking.argv_secrets(opts.command)]))
    tail = []
    if exit_code != 0 or finished.timed_out:
        # a traceback quotes source lines: the credential literals of the files it names too
        quoted = quoted_secrets.secret_values(finished.stderr_tail, also=opts.command)
        hidden = masking.variants([*secrets, *masking.env_secrets(environ), *quoted])
        # by name too: a traceback quotes source lines such as `PASSWORD = "..."`
        tail = [runner.clip(masking.mask_code_line(masking.mask(line, hidden)))
                for line in finished.stderr_tail]
    return Outcome(mode, endpoint, exit_code, calls, found, difference, secrets,
                   timed_out=finished.timed_out, stderr_tail=tail, unchecked=unchecked)


def _php_hook(opts: Options, environ: dict[str, str], workdir: Path, url: str | None, *,
              mock: bool, temp_dir: Path | None) -> dict[str, str]:
    """The PHP side of the hook (PHP_INI_SCAN_DIR): the variables it adds to the child's env."""
    try:
        return php_hook.install(_subdir(workdir, "php"), _hosts(opts), url, mock=mock,
                                unchecked_file=workdir / UNCHECKED_NAME,
                                blocked_file=workdir / php_hook.BLOCKED_NAME,
                                temp_dir=temp_dir, environ=environ)
    except php_hook.PhpHookError as exc:
        raise SetupError(str(exc)) from None


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def _seed(state: Path, target: Path) -> Path:
    """Copy the user's state for the mock, which then works on the copy only.

    SQLite's backup API, read-only on the source: a consistent copy even when a mock still has the
    file open with a write-ahead log beside it, and the user's file is never written.
    """
    try:
        source = sqlite3.connect(f"{state.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(target)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise SetupError(f"--state {state}: not a mock state file ({exc})") from None
    return target


def _subdir(workdir: Path, name: str) -> Path:
    path = workdir / name
    path.mkdir(mode=0o700)
    return path
