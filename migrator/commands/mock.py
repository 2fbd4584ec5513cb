"""`copernica-migrate mock`: run the mock Copernica SOAP API in the foreground."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import sqlite3
import ssl
import threading
from pathlib import Path

import click

from migrator.commands.errors import InputError
from migrator.commands.options import SIZE, AliasOption, check_env_name, color_option, quiet_option, resolve_token_env
from migrator.mock.config import AUTH_MODES, MIB, MockConfig


@click.command("mock")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@click.option("--auth", "auth", type=click.Choice(AUTH_MODES), default="token", show_default=True,
              help="token: access_token only; legacy: login + session cookie; both: either.")
@click.option("--token-file", "token_files", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Accepted access token(s), one per line (repeatable). Also read from "
                   "$COPERNICA_ACCESS_TOKEN (or the variable token-env names in pyproject.toml). "
                   "Without any, a throw-away token is written to a 0600 file.")
@click.option("--token", "tokens", multiple=True, metavar="TOKEN",
              help="Accepted access token on the command line (repeatable); `ps` shows it to every "
                   "user of the machine: prefer --token-file or the environment.")
@click.option("--read-only-token", "read_only_tokens", multiple=True, metavar="TOKEN",
              help="Accepted access token that may only read (repeatable).")
@click.option("--bearer", is_flag=True,
              help="Also serve POST /authenticate (access_token -> 24 h JWT) and accept "
                   "'Authorization: Bearer <jwt>'.")
@click.option("--login", "--login-user", "login_user", cls=AliasOption, aliases=("--login-user",),
              default="demo", show_default=True, metavar="USER", help="Legacy login username.")
@click.option("--password-env", "--login-password-env", "login_password_env", cls=AliasOption,
              callback=check_env_name, aliases=("--login-password-env",), metavar="VAR",
              help="Environment variable holding the legacy login password.  [default: password 'demo']")
@click.option("--account", "--login-account", "login_account", cls=AliasOption, aliases=("--login-account",),
              default="Demo", show_default=True, metavar="NAME",
              help="Legacy login account (an empty account means this one).")
@click.option("--any-login", is_flag=True, help="Accept any non-empty username and password.")
@click.option("--session-ttl", type=click.FloatRange(min=0, min_open=True), default=3600,
              show_default=True, metavar="SECONDS", help="Legacy sessions expire after this.")
@click.option("--state", type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite file that keeps the data across runs.  [default: in memory]")
@click.option("--seed", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE",
              help="Start with the account shape in this seed file (YAML or JSON: databases, fields, "
                   "collections, profiles with their ids; see docs/seed.md). Not with --state.")
@click.option("--log", "log", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Append one JSON line per call to this file.")
@click.option("--max-body", type=SIZE, default=10 * MIB, metavar="SIZE",
              help="Largest request body; larger ones get HTTP 413. Bytes, or with a unit (512k, 2MiB).  "
                   "[default: 10 MiB]")
@click.option("--max-inflated", type=SIZE, default=10 * MIB, metavar="SIZE",
              help="Largest gzip request body after decompression (HTTP 413).  [default: 10 MiB]")
@click.option("--certfile", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Serve HTTPS with this PEM certificate (chain).")
@click.option("--keyfile", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Private key for --certfile, if not inside it.")
@quiet_option("Print only the `listening on URL` line (and where a throw-away token was written).")
@color_option
def command(login_password_env: str | None, tokens: tuple[str, ...], token_files: tuple[Path, ...],
            quiet: bool, color: str, **options: object) -> None:
    """Run a local mock of the Copernica SOAP API (WSDL at ?SOAPAPI=WSDL).

    Every call is recorded with how it authenticated (token, bearer, cookie, login or none),
    never with the credentials themselves. Stop it with Ctrl-C or SIGTERM.
    """
    from migrator.mock import seed
    from migrator.mock.auth import write_token_file
    from migrator.mock.server import MockServer

    if options["seed"] is not None:
        if options["state"] is not None:
            raise InputError("--seed and --state both give the mock its data: use one")
        try:
            options["seed"] = seed.read(options["seed"])  # checked before anything starts
        except seed.SeedError as exc:
            raise InputError(str(exc)) from None

    token_env = resolve_token_env(None)  # token-env in pyproject.toml, else COPERNICA_ACCESS_TOKEN
    if tokens:
        click.echo("copernica-migrate mock: warning: --token puts the token on the command line, where "
                   f"`ps` shows it; use --token-file or ${token_env}", err=True)
    tokens = tuple(tokens)
    for path in token_files:
        tokens += _tokens_from(path)
    env_token = os.environ.get(token_env)
    if env_token:
        tokens += (env_token,)
    password = "demo"
    if login_password_env:
        password = os.environ.get(login_password_env, "")
        if not password:
            raise InputError(f"--password-env: ${login_password_env} is not set or empty")

    token_file = None
    if options["auth"] != "legacy" and not tokens and not options["read_only_tokens"]:
        generated = secrets.token_urlsafe(32)
        token_file = write_token_file(generated)
        tokens = (generated,)

    try:
        config = MockConfig(tokens=tokens, login_password=password, **options)
        server = MockServer(config).start()
    except (ValueError, OSError, ssl.SSLError, sqlite3.Error) as exc:
        _remove_token_file(token_file)
        raise InputError(_reason(exc, options)) from None

    _banner(server, token_file, login_password_env, token_env, quiet)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        _remove_token_file(token_file)
    if not quiet:
        click.echo("mock stopped.")


def _banner(server, token_file: Path | None, password_env: str | None, token_env: str, quiet: bool) -> None:
    cfg = server.config
    if quiet:
        lines = [f"Copernica SOAP mock listening on {server.url}"]
        if token_file:
            lines.append(f"  throw-away token written to {token_file}")
        click.echo("\n".join(lines))
        return
    lines = [
        f"Copernica SOAP mock listening on {server.url}",
        f"WSDL: {server.wsdl_url}",
        f"auth: {cfg.auth}",
    ]
    if cfg.token_auth:
        lines.append(f"  access tokens: {len(cfg.tokens)} read-write, {len(cfg.read_only_tokens)} read-only")
    if token_file:
        lines.append(f"  throw-away token written to {token_file}")
        lines.append(f'  export {token_env}="$(cat {token_file})"')
    if cfg.bearer:
        lines.append(f"  bearer: POST access_token=... to {server.url}authenticate")
    if cfg.legacy_auth:
        if cfg.any_login:
            lines.append("  login: any non-empty username and password")
        else:
            source = f"${password_env}" if password_env else "'demo'"
            lines.append(f"  login: username {cfg.login_user!r}, account {cfg.login_account!r}, "
                         f"password from {source}; sessions last {cfg.session_ttl:g} s")
    lines.append(f"state: {cfg.state or 'in memory'}; call log: {cfg.log or 'in memory only'}")
    if cfg.seed is not None:
        lines.append(f"seeded from {cfg.seed.source}: {cfg.seed.summary()}")
    lines.append("Press Ctrl-C to stop.")
    click.echo("\n".join(lines))


def _reason(exc: BaseException, options: dict) -> str:
    if isinstance(exc, ssl.SSLError):
        return f"cannot load the certificate {options['certfile']}: {exc.reason or exc}"
    if isinstance(exc, OSError) and exc.strerror:
        # No file name on a socket error: then it was the listening address.
        where = exc.filename or f"{options['host']}:{options['port']}"
        return f"cannot start the mock: {exc.strerror}: {where}"
    if isinstance(exc, sqlite3.Error):
        return f"cannot use the state file {options['state']}: {exc}"
    return str(exc)  # ValueErrors from MockConfig and Store already say what is wrong


def _tokens_from(path: Path) -> tuple[str, ...]:
    """Tokens in a file, one per line (blank lines and # comments skipped); never echoed."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(64 * 1024 + 1)
    except OSError as exc:
        raise InputError(f"--token-file {path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > 64 * 1024:
        raise InputError(f"--token-file {path}: larger than 64 KiB; not a token file")
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
    found = tuple(line for line in lines if line and not line.startswith("#"))
    if not found:
        raise InputError(f"--token-file {path}: holds no token")
    return found


def _remove_token_file(path: Path | None) -> None:
    # The token dies with the server, so its file goes too.
    if path is not None:
        shutil.rmtree(path.parent, ignore_errors=True)
