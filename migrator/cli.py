"""The `copernica-migrate` command line: a thin click group.

Subcommands live in migrator/commands/<name>.py and are imported only when used,
so `scan` does not pay for importing zeep and `mock` does not pay for libcst.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from migrator import __version__
from migrator.commands.errors import InputError, error_line

# name -> module under migrator.commands that defines `command`
COMMANDS: dict[str, str] = {
    "rules": "rules",
    "scan": "scan",
    "mock": "mock",
    "rewrite": "rewrite",
    "verify": "verify",
    "check-token": "check_token",
    "snapshot": "snapshot",
    "demo": "demo",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMANDS.get(name)
        if module is None:
            return None
        return importlib.import_module(f"migrator.commands.{module}").command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copernica-migrate")
def cli() -> None:
    """Migrate Copernica SOAP API code from login sessions to access tokens.

    Settings come from the defaults, then [tool.copernica-migrate] in the nearest
    pyproject.toml, then the environment (NO_COLOR), then the options given.
    Every usage error is one line, `copernica-migrate: error: ...`, exit status 2.
    """


def main() -> None:
    """Entry point: click handles usage errors (exit 2); anything unexpected is one line, not a traceback."""
    try:
        # standalone_mode=False returns ctx.exit(code) as a value instead of exiting
        rv = cli.main(prog_name="copernica-migrate", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except InputError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()  # `copernica-migrate` alone: the help, exit 2
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        # click's own errors (unknown option, bad value, missing argument...): one line, not
        # click's "Usage: ... Try ... Error: ..." block
        if isinstance(exc, click.NoSuchOption) and exc.possibilities:
            from migrator.commands.options import hidden_aliases

            old = hidden_aliases(exc.ctx)
            exc.possibilities = [p for p in exc.possibilities if p not in old]
        click.echo(error_line(exc.format_message()), err=True)
        sys.exit(exc.exit_code if isinstance(exc, click.UsageError) else 2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # `copernica-migrate scan | head`: stop quietly, like other CLI tools.
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - last line of defence against tracebacks
        if os.environ.get("COPERNICA_MIGRATE_DEBUG"):
            raise
        click.echo(
            f"copernica-migrate: internal error: {type(exc).__name__}: {exc} "
            "(set COPERNICA_MIGRATE_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(2)
    sys.exit(rv if isinstance(rv, int) else 0)
