"""Settings from `[tool.copernica-migrate]` in the nearest pyproject.toml; CLI options override them.

    [tool.copernica-migrate]
    exclude = ["legacy/", "*_pb2.py"]   # gitignore-style globs, relative to the scan root
    select = ["COP0"]                    # rule codes or prefixes
    ignore = ["COP004"]
    token-env = "COPERNICA_ACCESS_TOKEN"
    max-file-size = 2097152              # bytes
    file-timeout = 20                    # seconds one file may take (plus an allowance for size)

The file is read only if it is a regular file of at most 1 MiB (limits.MAX_CONFIG_FILE).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SECTION = "copernica-migrate"
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024  # limits.DEFAULT_MAX_FILE_SIZE (not imported: start-up time)


class ConfigError(Exception):
    pass


@dataclass
class Settings:
    exclude: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    token_env: str = "COPERNICA_ACCESS_TOKEN"
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    file_timeout: float | None = None  # None: limits.TIME_BASE
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


def load(start: Path) -> Settings:
    path = find_pyproject(start)
    if path is None:
        return Settings()
    from migrator.fileio import FileTooLarge, NotRegularFile, read_regular
    from migrator.scan import limits

    try:
        data = tomllib.loads(read_regular(str(path), limits.MAX_CONFIG_FILE).decode("utf-8"))
    except NotRegularFile as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except FileTooLarge as exc:
        raise ConfigError(f"{path}: larger than {limits.MAX_CONFIG_FILE // 1024 // 1024} MiB "
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
    token_env = table.get("token-env", Settings.token_env)
    if not isinstance(token_env, str) or not token_env:
        raise ConfigError(f"{path}: [tool.{SECTION}] token-env must be a non-empty string")
    size = table.get("max-file-size", DEFAULT_MAX_FILE_SIZE)
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
