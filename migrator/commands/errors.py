"""The one error every command raises for bad input or set-up: one line on stderr, exit status 2.

    copernica-migrate: error: <message>

click's own usage errors (unknown option, bad value, missing argument, ...) are printed in the
same one-line form by migrator.cli.main; see `error_line`.
"""

from __future__ import annotations

import click

PREFIX = "copernica-migrate: error: "


def error_line(message: str) -> str:
    """`copernica-migrate: error: <message>`, always one line (a message's own line breaks become spaces)."""
    return PREFIX + " ".join(part.strip() for part in message.splitlines() if part.strip())


class InputError(click.ClickException):
    """Bad input, configuration or set-up: `copernica-migrate: error: <message>`, exit 2 (or exit_code)."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(error_line(self.format_message()), err=True)
