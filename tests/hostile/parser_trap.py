"""Run the real CLI with its parsers (libcst's, and CPython's for the scan) rigged to fail the way native code fails.

The limits (migrator/scan/limits.py) keep every known hostile shape away from the parser, so
to prove the backstops, this driver makes the parser itself misbehave on marked files:

    # hostile: segfault            a real SIGSEGV (NULL read) wherever the file is parsed
    # hostile: hang                never returns (the file's time budget must stop it)
    # hostile: segfault-in-rewrite  SIGSEGV only inside `rewrite`'s own step (codemods or direct edits)

    python parser_trap.py scan .        (any copernica-migrate arguments)
"""

from __future__ import annotations

import ctypes
import sys
import time

import libcst


def _data(source) -> bytes:
    return source if isinstance(source, bytes) else str(source).encode("utf-8", "replace")


def _trap(source, in_rewrite: bool = False) -> None:
    data = _data(source)
    if b"# hostile: segfault\n" in data or (in_rewrite and b"# hostile: segfault-in-rewrite" in data):
        ctypes.string_at(0)  # reads address 0: the process dies with signal 11
    if b"# hostile: hang" in data:
        time.sleep(3600)


_real_parse = libcst.parse_module


def parse_module(source, *args, **kwargs):
    _trap(source)
    return _real_parse(source, *args, **kwargs)


libcst.parse_module = parse_module

# the scan parses with CPython's parser first (migrator/scan/python/ast_analysis.py): rig it too
import migrator.scan.python.ast_analysis as ast_analysis  # noqa: E402

_real_ast_parse = ast_analysis.parse


def ast_parse(data, *args, **kwargs):
    _trap(data)
    return _real_ast_parse(data, *args, **kwargs)


ast_analysis.parse = ast_parse


class _RewriteLibcst:
    """libcst as migrator.rewrite.transform sees it: the same, but its parse may crash."""

    def __getattr__(self, name):
        return getattr(libcst, name)

    @staticmethod
    def parse_module(source, *args, **kwargs):
        _trap(source, in_rewrite=True)
        return _real_parse(source, *args, **kwargs)


import migrator.rewrite.transform as transform  # noqa: E402

transform.cst = _RewriteLibcst()


class _RewriteDirect:
    """The direct edits as transform sees them (a file they take is never parsed by libcst)."""

    def __getattr__(self, name):
        return getattr(_direct, name)

    @staticmethod
    def edit(data, *args, **kwargs):
        _trap(data, in_rewrite=True)
        return _real_edit(data, *args, **kwargs)


_direct = transform.direct
_real_edit = _direct.edit
transform.direct = _RewriteDirect()

from migrator.cli import main  # noqa: E402

sys.argv[0] = "copernica-migrate"
main()
