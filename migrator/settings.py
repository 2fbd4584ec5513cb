"""The one settings model: defaults, then `[tool.copernica-migrate]` in the nearest pyproject.toml,
then the environment, then command-line options (each later layer overrides the earlier ones).

    [tool.copernica-migrate]
    exclude = ["legacy/", "*_pb2.py"]   # gitignore-style globs, relative to the scan root
    select = ["COP0"]                    # rule codes or prefixes
    ignore = ["COP004"]
    token-env = "COPERNICA_ACCESS_TOKEN" # every command with --token-env, and `mock`
    max-file-size = 2097152              # bytes
    file-timeout = 20                    # seconds one file may take (plus an allowance for size)

The file is read only if it is a regular file of at most 1 MiB (MAX_CONFIG_FILE).
The environment layer: NO_COLOR (no colour unless --color always); COPERNICA_MIGRATE_DEBUG
(tracebacks instead of one-line internal errors). An option given on the command line always wins:
commands tell it from a default with `explicit()` (click's parameter source).

This module is imported at start-up by every command: standard library only, tomllib lazily.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

PROG = "copernica-migrate"
SECTION = "copernica-migrate"
DEFAULT_TOKEN_ENV = "COPERNICA_ACCESS_TOKEN"
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
"""`--max-file-size` / `max-file-size`: bigger files are skipped with a note. libcst analyses real
code at 48-123 KiB/s, so 2 MiB is 20-40 s of work for one file."""
MAX_CONFIG_FILE = 1024 * 1024
"""pyproject.toml bigger than this is a configuration error (exit 2): real ones are a few KiB."""
COLOR_CHOICES = ("auto", "always", "never")


class ConfigError(Exception):
    """A pyproject.toml that cannot be used; the message names the file."""


@dataclass
class Settings:
    exclude: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    token_env: str = DEFAULT_TOKEN_ENV
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    file_timeout: float | None = None  # None: migrator.scan.limits.TIME_BASE
    source: Path | None = None  # the pyproject.toml it came from


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` (whatever it is: load() refuses a FIFO)."""
    start = start.resolve()
    for directory in (start, *start.parents) if start.is_dir() else start.parents:
        candidate = directory / "pyproject.toml"
        if candidate.exists() and not candidate.is_dir():  # a broken link counts as none
            return candidate
    return None


def _strings(table: dict, key: str, where: Path) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: [tool.{SECTION}] {key} must be a list of strings")
    return value


def load(start: Path | None = None) -> Settings:
    """The settings for a run started at `start` (default: the current directory)."""
    path = find_pyproject(Path.cwd() if start is None else start)
    if path is None:
        return Settings()
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    from migrator.fileio import FileTooLarge, NotRegularFile, read_regular

    try:
        data = tomllib.loads(read_regular(str(path), MAX_CONFIG_FILE).decode("utf-8"))
    except NotRegularFile as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except FileTooLarge as exc:
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_FILE // 1024 // 1024} MiB "
                          f"({exc.size} bytes); not a configuration file") from None
    except FileNotFoundError:
        return Settings()  # a broken link: as if there were none
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    table = data.get("tool", {}).get(SECTION)
    if table is None:
        return Settings()
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{SECTION}] must be a table")
    known = {"exclude", "select", "ignore", "token-env", "max-file-size", "file-timeout"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) in [tool.{SECTION}]: {', '.join(unknown)}")
    token_env = table.get("token-env", DEFAULT_TOKEN_ENV)
    if not isinstance(token_env, str) or not token_env.isidentifier():
        raise ConfigError(f"{path}: [tool.{SECTION}] token-env must be an environment variable name")
    size = table.get("max-file-size", DEFAULT_MAX_FILE_SIZE)
    if isinstance(size, str):
        try:
            size = parse_size(size)
        except ValueError as exc:
            raise ConfigError(f"{path}: [tool.{SECTION}] max-file-size: {exc}") from None
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise ConfigError(f"{path}: [tool.{SECTION}] max-file-size must be a positive integer")
    timeout = table.get("file-timeout")
    if timeout is not None and (not isinstance(timeout, (int, float)) or isinstance(timeout, bool)
                                or timeout <= 0):
        raise ConfigError(f"{path}: [tool.{SECTION}] file-timeout must be a positive number of seconds")
    return Settings(
        exclude=_strings(table, "exclude", path),
        select=[c.upper() for c in _strings(table, "select", path)],
        ignore=[c.upper() for c in _strings(table, "ignore", path)],
        token_env=token_env,
        max_file_size=size,
        file_timeout=float(timeout) if timeout is not None else None,
        source=path,
    )


# -- sizes -----------------------------------------------------------------------------------------

_UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}


def parse_size(text: str) -> int:
    """`1048576`, `512k`, `512K`, `512KiB`, `512kb`, `2M`, `2 MiB`, `1G`: bytes (K/M/G are 1024-based)."""
    import re

    match = re.fullmatch(r"\s*(\d+)\s*(?:([kKmMgG])(?:i?[bB])?|[bB])?\s*", text)
    if not match:
        raise ValueError(f"{text!r} is not a size (e.g. 1048576, 512k, 2MiB)")
    value = int(match.group(1)) * _UNITS[(match.group(2) or "").lower()]
    if value <= 0:
        raise ValueError(f"{text!r}: a size must be at least 1 byte")
    return value


def format_size(size: int) -> str:
    for unit, factor in (("GiB", 1024 ** 3), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


# -- colour ----------------------------------------------------------------------------------------


def use_color(choice: str | None, stream=None) -> bool:
    """--color always/never decide; auto (the default): a terminal and NO_COLOR unset or empty."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
