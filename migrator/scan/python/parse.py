"""Parse and analyse one Python module with libcst (what `detector.PythonAnalyzer` calls)."""

from __future__ import annotations

import ast
import sys
import threading

import libcst as cst

from migrator.scan.contract import ProjectContext
from migrator.scan.model import ParseError
from migrator.scan.python.analysis import ModuleAnalysis


def parse(data: bytes) -> cst.Module:
    """Parse bytes as Python; libcst honours a BOM and a PEP 263 coding line. Bad source -> ParseError."""
    try:
        return cst.parse_module(data)
    except cst.ParserSyntaxError as exc:
        reason = exc.message.splitlines()[0] if exc.message else "invalid syntax"
        reason = reason.removeprefix("parser error: ")
        if reason.startswith("error at ") and ": " in reason:
            reason = reason.split(": ", 1)[1]  # the position is reported separately
        found = _cpython_error(data)
        if found is None:  # valid for CPython, beyond libcst's parser (e.g. huge literals)
            raise ParseError(f"the libcst parser cannot read this file: {reason}",
                             exc.editor_line, exc.editor_column) from None
        # in the interpreter's words (as rewrite says it), not the parser's list of tokens
        message, line, column = found
        raise ParseError(f"invalid Python syntax: {message or reason}", line, column) from None
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        # libcst reports undecodable bytes / unknown codecs through the tokenizer or codecs
        line = getattr(exc, "lineno", None)
        raise ParseError(f"cannot decode Python source: {exc.args[0] if exc.args else exc}", line) from None


def analyse(path: str, data: bytes, module: str | None,
            context: ProjectContext | None = None) -> ModuleAnalysis:
    def run() -> ModuleAnalysis:
        return ModuleAnalysis(parse(data), path, module,
                              known_wrappers=context.wrapper_classes if context else (),
                              known_login_functions=context.login_functions if context else None,
                              is_package=path.replace("\\", "/").rsplit("/", 1)[-1] == "__init__.py")

    try:
        return run()
    except RecursionError:
        # libcst's visitors recurse once per nesting level: generated modules (thousands of
        # implicitly concatenated strings) need a deeper stack than the default.
        return _on_deep_stack(run)


_DEEP_STACK_BYTES = 512 * 1024 * 1024
_DEEP_RECURSION = 200_000


def _on_deep_stack(fn):
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the calling thread
            result["error"] = exc

    old_limit, old_size = sys.getrecursionlimit(), threading.stack_size()
    sys.setrecursionlimit(_DEEP_RECURSION)
    try:
        threading.stack_size(_DEEP_STACK_BYTES)
        worker = threading.Thread(target=target, name="deep-parse")
        worker.start()
    finally:
        threading.stack_size(old_size)
    try:
        worker.join()
    finally:
        sys.setrecursionlimit(old_limit)
    error = result.get("error")
    if isinstance(error, RecursionError):
        raise ParseError("source nested too deeply to analyse") from None
    if error is not None:
        raise error
    return result["value"]


def _cpython_error(data: bytes) -> tuple[str, int, int] | None:
    """CPython's message for the syntax error, and where it puts it (libcst's parser often
    reports the line after it)."""
    try:
        compile(data, "<scan>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        if exc.lineno:
            return exc.msg, exc.lineno, exc.offset or 1
    except (ValueError, UnicodeDecodeError):
        pass
    return None
