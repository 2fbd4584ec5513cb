"""Options every command shares, so the same idea has the same name, type and help everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from migrator import settings
from migrator.commands.errors import InputError


class Size(click.ParamType):
    """A size in bytes: 1048576, 512k, 2M, 2MiB, 1G (K, M, G are 1024-based)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            if value > 0:
                return value
            self.fail(f"{value!r}: a size must be at least 1 byte", param, ctx)
        try:
            return settings.parse_size(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


SIZE = Size()


class AliasOption(click.Option):
    """An option with extra flag names accepted on the command line but not shown in --help
    (old spellings kept for one release)."""

    def __init__(self, *args: Any, aliases: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aliases = tuple(aliases)

    def get_help_record(self, ctx: click.Context):
        shown = self.opts
        self.opts = [o for o in shown if o not in self.aliases]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = shown


def hidden_aliases(ctx: click.Context | None) -> set[str]:
    """The old option names of ctx's command (left out of "Did you mean" suggestions too)."""
    command = ctx.command if ctx is not None else None
    return {a for p in (command.params if command else ()) for a in getattr(p, "aliases", ())}


def check_env_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.isidentifier():
        # not echoed: what stands where a variable's name belongs is often the secret itself
        raise click.BadParameter("not a valid environment variable name (the value given is not shown: "
                                 "give the name of the variable that holds the secret, not the secret)")
    return value


def token_env_option(help: str) -> Callable:
    """`--token-env NAME`: the option wins, then `token-env` in pyproject.toml, then the default."""
    return click.option(
        "--token-env", default=None, callback=check_env_name, metavar="NAME",
        help=f"{help}  [default: token-env in pyproject.toml, else {settings.DEFAULT_TOKEN_ENV}]")


def resolve_token_env(given: str | None, start: Path | None = None) -> str:
    """--token-env if given, else `token-env` from [tool.copernica-migrate], else the default."""
    if given:
        return given
    return load_settings(start).token_env


def load_settings(start: Path | None = None) -> settings.Settings:
    try:
        return settings.load(start)
    except settings.ConfigError as exc:
        raise InputError(str(exc)) from None


color_option = click.option(
    "--color", type=click.Choice(settings.COLOR_CHOICES), default="auto", show_default=True,
    help="Colour the output: auto (a terminal, and NO_COLOR unset), always or never.")


def quiet_option(help: str) -> Callable:
    return click.option("-q", "--quiet", is_flag=True, help=help)
