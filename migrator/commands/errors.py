"""Errors the commands raise for bad input or set-up: one line on stderr, exit status 2."""

from __future__ import annotations

import click


class UsageProblem(click.ClickException):
    """Shown as click shows its own usage errors: `Error: <message>`."""

    exit_code = 2


class InputError(UsageProblem):
    """Shown as `copernica-migrate: error: <message>` (scan, rules: output CI logs grep for)."""

    def show(self, file=None) -> None:
        click.echo(f"copernica-migrate: error: {self.format_message()}", err=True)
