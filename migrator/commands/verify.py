"""`copernica-migrate verify`: run a program unmodified and prove it uses access tokens."""

from __future__ import annotations

import os
from pathlib import Path

import click

from migrator.commands.errors import InputError
from migrator.commands.options import (AliasOption, check_env_name, color_option, quiet_option, resolve_token_env,
                                      token_env_option)

EXIT_FAIL = 1


class VerifyCommand(click.Command):
    """Refuses one of verify's own options written after the start of the command.

    `verify python sync.py --trace x.json` would hand --trace to the program, silently. Everything
    after `--` is the program's, untouched: `verify -- python sync.py --trace x.json` is accepted.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)
        rest = super().parse_args(ctx, args)
        program = list(ctx.params.get("command") or ())
        start = len(given) - len(program)  # the command is what is left of the arguments, unchanged
        if program and not (start > 0 and given[start - 1] == "--"):
            own = {opt for param in self.get_params(ctx) for opt in (*param.opts, *param.secondary_opts)
                   if opt.startswith("-")}
            for word in program[1:]:
                if word == "--":
                    break
                name = word.split("=", 1)[0] if word.startswith("--") else word
                if name in own:
                    raise InputError(f"{name} after the command goes to the program; put verify's options "
                                     "before the command (or after --, to hand them to the program)")
        return rest


@click.command("verify", cls=VerifyCommand, context_settings={"allow_interspersed_args": False})
@click.option("--auth", type=click.Choice(["token", "legacy"]), default="token", show_default=True,
              help="token: the mock accepts only a throw-away access token, given to the program in "
                   "--token-env; legacy: the mock accepts a login session and that token too, as "
                   "during Copernica's transition (record a baseline of an unmigrated or half-"
                   "migrated program); the trace says which each call used.")
@click.option("--live", is_flag=True,
              help="Send the program's calls to the live API (or --url) instead of the mock; needs "
                   "the token in --token-env. Verify itself never creates or deletes data.")
@click.option("--url", metavar="URL", help="With --live: send the calls to this endpoint instead.")
@click.option("--redirect-host", "--host", "hosts", cls=AliasOption, aliases=("--host",), multiple=True,
              metavar="NAME",
              help="Also redirect this host (e.g. a white-label domain); soap.copernica.com always is.")
@token_env_option("Environment variable that holds the access token for the program.")
@click.option("--login", "--login-user", "login", cls=AliasOption, aliases=("--login-user",), metavar="USER",
              help="--auth legacy: accept only this username ...")
@click.option("--password-env", "--login-password-env", "password_env", cls=AliasOption,
              callback=check_env_name, aliases=("--login-password-env",), metavar="VAR",
              help="... with the password in this variable.")
@click.option("--account", "--login-account", "account", cls=AliasOption, aliases=("--login-account",),
              default="", metavar="NAME",
              help="With --login: the account name the program sends (default: empty).")
@click.option("--state", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Seed the mock from this saved state (a copy is used; the file is not changed).")
@click.option("--seed", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE",
              help="Start the mock with the account shape in this seed file (YAML or JSON; ids kept; "
                   "see docs/seed.md and `copernica-migrate snapshot`). Not with --state or --live.")
@click.option("--trace", "trace_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Save the run's call trace (JSON, no credentials) to this file.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="TRACE",
              help="Compare the business calls with this earlier trace and show the first difference.")
@click.option("--ignore-param", "ignore_params", multiple=True, metavar="NAME",
              help="Leave this parameter out of the --baseline comparison (repeatable), e.g. id when "
                   "comparing a live run with a mock run: their ids differ.")
@click.option("--allow-fault", "allow_faults", multiple=True, metavar="TEXT",
              help="A fault whose text contains TEXT does not fail the run (repeatable).")
@click.option("--timeout", type=click.FloatRange(min=0), default=600, show_default=True, metavar="SECONDS",
              help="End the program's whole process group (SIGTERM, SIGKILL 5 s later) after this "
                   "long, and fail the run; 0: no limit.")
@click.option("--allow-unchecked", is_flag=True,
              help="Do not fail the run when the program sends Copernica requests through httpx or "
                   "aiohttp, which verify neither redirects nor sees (they stay unchecked).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@quiet_option("Text format: only the verdict line (the first line of the report).")
@color_option
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
def command(command: tuple[str, ...], auth: str, live: bool, url: str | None, hosts: tuple[str, ...],
            token_env: str, login: str | None, password_env: str | None, account: str,
            state: Path | None, seed: Path | None, trace_path: Path | None, baseline: Path | None,
            ignore_params: tuple[str, ...], allow_faults: tuple[str, ...], timeout: float,
            allow_unchecked: bool, fmt: str, output: Path | None, quiet: bool, color: str) -> None:
    """Run COMMAND unmodified and check that it no longer logs in.

    \b
      copernica-migrate verify --auth legacy --trace before.json -- python sync.py
      copernica-migrate verify --baseline before.json -- python sync.py

    The program's requests to soap.copernica.com (any scheme) go to an embedded mock, or with
    --live to the real API. It passes when it exits 0, never calls login, sends an access_token
    with every call, gets no faults (see --allow-fault), makes at least one call, and matches
    --baseline, within --timeout. Exit status: 0 pass, 1 fail, 2 usage error or a command that
    cannot start, 130/143 when verify itself is interrupted (SIGINT/SIGTERM).

    Everything after -- is the program's; without --, verify refuses its own options after
    the start of the command.
    """
    from migrator.fileio import atomic_write
    from migrator.verify import hook, report, runner, session, trace

    if live and auth == "legacy":
        raise InputError("--live checks a migrated program; use --auth legacy without --live")
    if url and not live:
        raise InputError("--url needs --live (without it the calls go to the embedded mock)")
    if live and state:
        raise InputError("--state seeds the embedded mock; it cannot be used with --live")
    if live and seed:
        raise InputError("--seed seeds the embedded mock; it cannot be used with --live")
    if state and seed:
        raise InputError("--seed and --state both give the mock its data: use one")
    if (login is None) != (password_env is None):
        raise InputError("--login and --password-env go together")
    if login and auth != "legacy":
        raise InputError("--login pins the legacy login: it needs --auth legacy")
    if url:
        try:
            hook.endpoint(url)
        except ValueError as exc:
            raise InputError(f"--url: {exc}") from None

    token_env = resolve_token_env(token_env)
    opts = session.Options(
        command=list(command), auth=auth, live=live, url=url, hosts=list(hosts), token_env=token_env,
        login=login, password_env=password_env, account=account, state=state, seed=seed,
        allow_faults=list(allow_faults), baseline=baseline, ignore_params=list(ignore_params),
        timeout=timeout or None, allow_unchecked=allow_unchecked,
    )
    try:
        outcome = session.run(opts, dict(os.environ))
    except (session.SetupError, trace.TraceError, runner.ChildStartError) as exc:
        raise InputError(str(exc)) from None
    except runner.Interrupted as stop:
        # verify itself was told to stop: nothing to judge, no report. The program's process group
        # is ended and the temp folder removed by now.
        what = "the program was stopped" if stop.started else "before the program started"
        click.echo(f"copernica-migrate verify: interrupted ({stop.name}); {what}", err=True)
        raise click.exceptions.Exit(stop.exit_code) from None

    try:
        if trace_path is not None:
            atomic_write(str(trace_path), report.render_trace(opts, outcome).encode("utf-8"))
        text = report.render_report(opts, outcome, fmt)
        if quiet and fmt == "text":
            text = text.splitlines(keepends=True)[0]
        if output is not None:
            atomic_write(str(output), text.encode("utf-8"))
        else:
            click.echo(text, nl=False)
    except OSError as exc:
        raise InputError(f"cannot write {exc.filename}: {exc.strerror or exc}") from None
    if not outcome.passed:
        raise click.exceptions.Exit(EXIT_FAIL)
