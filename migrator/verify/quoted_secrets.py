"""The credential literals of the source files a failed program's stderr points at.

A Python traceback quotes source lines. A password hard-coded by position
(`service.login("ann", "Shop", "s3cret")`) has no secret-looking name for masking by name, and
verify never saw it as a value (the call may fail before it is sent). So the files the tail
names are read and their credential literals found by the scanner's own analysis, to be masked
by value. Best effort: whatever cannot be read or parsed is passed over; this never raises.
"""

from __future__ import annotations

import os
import re
import warnings
from typing import Iterable

from migrator.fileio import read_regular
from migrator.scan import limits, prefilter
from migrator.scan.python import detector, evidence
from migrator.settings import DEFAULT_MAX_FILE_SIZE

MAX_FILES = 20
MAX_FILE_SIZE = DEFAULT_MAX_FILE_SIZE  # what a scan reads by default
_BINARY_PROBE = 8192  # as the scan: a NUL byte in the first 8 KiB means binary

# `  File "/app/sync.py", line 12, in main`, and a warning's `/app/sync.py:12: UserWarning: ...`
_PYTHON_PLACES = (re.compile(r'^\s*File "(?P<path>[^"]+)", line \d+'),
                  re.compile(r"^(?P<path>[^\s:][^:]*\.pyw?):\d+: \w*(?:Warning|Error)\b"))


def named_files(lines: Iterable[str], cwd: str | None = None) -> list[str]:
    """The Python source files named in `lines` (first MAX_FILES, in order, each once)."""
    found: list[str] = []
    for line in lines:
        for pattern in _PYTHON_PLACES:
            match = pattern.match(line)
            if match is None:
                continue
            path = match["path"]
            if path.startswith("<"):  # <string>, <frozen importlib._bootstrap>, <stdin>
                continue
            # the program ran in verify's working directory: a relative path is relative to it
            path = os.path.join(cwd if cwd is not None else os.getcwd(), path)
            if path not in found:
                found.append(path)
            if len(found) >= MAX_FILES:
                return found
    return found


def secret_values(lines: Iterable[str], also: Iterable[str] = (), cwd: str | None = None) -> list[str]:
    """Credential literals of the Python files named in `lines` and of the files in `also` (e.g.
    the script on the command line, for a traceback whose `File` line was cut off the tail)."""
    values: list[str] = []
    try:
        paths = named_files(lines, cwd)
        for path in also:
            if len(paths) >= MAX_FILES:
                break
            if path.endswith((".py", ".pyw")):
                path = os.path.join(cwd if cwd is not None else os.getcwd(), path)
                if path not in paths:
                    paths.append(path)
        for path in paths:
            values += [v for v in _file_secrets(path) if v not in values]
    except Exception:  # noqa: BLE001 - masking must never cost the report
        pass
    return values


def _file_secrets(path: str) -> list[str]:
    try:
        data = read_regular(path, MAX_FILE_SIZE)  # a FIFO or device is never opened
    except Exception:  # noqa: BLE001 - gone, unreadable, too large, not a regular file
        return []
    try:
        return _analysed(path, data)
    except Exception:  # noqa: BLE001 - a file the analysis cannot take is passed over
        return []


def _analysed(path: str, data: bytes) -> list[str]:
    if b"\0" in data[:_BINARY_PROBE] or not prefilter.contains_needle(data, evidence.NEEDLES):
        return []  # no client library or Copernica named: the analysis would find no login
    if limits.check(data, "python") is not None:
        return []  # nested deep enough to crash or stall the parsers
    with warnings.catch_warnings():  # e.g. SyntaxWarning for "\d": not verify's to print
        warnings.simplefilter("ignore")
        return list(detector.analyse(path, data, None, None).secret_values())
