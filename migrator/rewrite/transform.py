"""Rewrite one file: read, parse, run the codemods in order, check the result, diff it.

Pure with respect to the file system (it only reads), so it runs the same in a
worker process and in-process. Anything that goes wrong becomes an error on the
FileResult and the file is left as it was.
"""

from __future__ import annotations

import difflib
import io
import re
import tokenize
import warnings

import libcst as cst
from libcst.codemod import CodemodContext, SkipFile

from codemods import registry
from codemods._imports import PendingImports
from codemods._session import package_of
from migrator.fileio import SourceError, read_source
from migrator.rewrite import direct, libcst_tuning, line_map, one_pass, positions
from migrator.rewrite.model import FileResult, Notes, RewriteOptions, Todo
from migrator.scan import limits

libcst_tuning.install()


def unified_diff(old: str, new: str, display: str, new_file: bool = False) -> str:
    """A patch `git apply` and `patch -p1` take: lines split at \\n only, as they split them
    (str.splitlines also splits at form feeds and other separators), each with its own ending,
    so a CRLF file's hunks keep their \\r."""
    lines = difflib.unified_diff(
        patch_lines(old), patch_lines(new),
        fromfile="/dev/null" if new_file else _label("a", display), tofile=_label("b", display),
    )
    out = []
    for line in lines:
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def patch_lines(text: str) -> list[str]:
    """`text` cut after each \\n, endings kept (the last line may have none)."""
    return [line for line in re.split(r"(?<=\n)", text) if line]


def _label(side: str, display: str) -> str:
    from migrator.scan.discover import diff_name

    # a name that is not UTF-8 is quoted the way git does, so the patch still applies
    return diff_name(display if display.startswith("/") else f"{side}/{display}")


def collect_todos(text: str) -> list[Todo]:
    """`# TODO(copernica-migrate): ...` comments (real comments, not strings) with their lines."""
    found: list[Todo] = []
    if registry.TODO_MARKER not in text:
        return found  # most files: no tokenizing
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT and registry.TODO_MARKER in tok.string:
                found.append(Todo(tok.start[0], tok.string.split(registry.TODO_MARKER, 1)[1].strip()))
    except (tokenize.TokenError, SyntaxError):
        pass  # the caller has already proved it parses; tokenize is stricter about nothing we need
    return found


def commands_for(options: RewriteOptions) -> list[registry.Registered]:
    if options.codemods is None:
        return registry.for_style(options.style)
    return [registry.by_name(name) for name in options.codemods]


def _batches(entries: list[registry.Registered]) -> list[list[registry.Registered]]:
    """Consecutive ONE_PASS codemods in one batch (one parse's plan, one pass); others alone."""
    out: list[list[registry.Registered]] = []
    for entry in entries:
        if entry.command.one_pass() and out and out[-1][0].command.one_pass():
            out[-1].append(entry)
        else:
            out.append([entry])
    return out


def rewrite_file(path: str, display: str, options: RewriteOptions,
                 project: object | None = None, rules: frozenset[str] | None = None) -> FileResult:
    """Run the style's codemods on one file; `rules` (the scan's finding codes there) skips
    codemods with nothing to fix in it. None runs them all."""
    try:
        source = read_source(path)
    except SourceError as exc:
        return FileResult(path, display, "error", errors=[str(exc).replace(path, display, 1)])
    reason = limits.check(source.data, "python")  # before libcst sees it (a crash, hours of work)
    if reason is not None:
        return FileResult(path, display, "skipped", errors=[f"{display}: {reason}"])
    result = FileResult(path, display, "unchanged", old=source.data, mode=source.mode)
    edited = direct.edit(source.data, path, options.style, options.token_env, project, rules) \
        if options.codemods is None and options.direct else None
    if edited is not None:
        return _finish(result, *edited, "utf-8", display)
    try:
        module = cst.parse_module(source.data)
    except Exception as exc:  # noqa: BLE001 - ParserSyntaxError, and a few native parser errors
        result.status = "error"
        result.errors.append(_syntax_error(source.data, display, exc))
        return result
    if positions.code_of(module).encode(module.encoding) != source.data:
        # we would rewrite bytes the user never asked us to touch (e.g. bare-CR newlines)
        result.status = "error"
        result.errors.append(f"{display}: libcst cannot reproduce this file byte for byte; left alone")
        return result

    parsed = module
    scratch: dict = {registry.PROJECT: project, registry.PIPELINE: True, registry.ANALYSES: {}}
    for key in registry.SCRATCH_LISTS:
        scratch[key] = []
    pending = PendingImports()
    fresh = True  # the tree is as parsed: its nodes are unique, the one pass needs no copy
    for batch in _batches([e for e in commands_for(options) if e.applies(rules)]):
        commands: list = []
        # a codemod run on a tree the ones before it changed notes lines of that tree
        before = module
        noted = {key: len(scratch[key]) for key in (registry.CHANGES, registry.UNUSED_CREDENTIALS)}
        try:
            for entry in batch:
                # a fresh context per codemod (libcst keeps its own import bookkeeping in the
                # scratch), sharing our lists so later codemods see what earlier ones noted
                context = CodemodContext(filename=path, full_module_name=None, scratch={
                    k: scratch[k] for k in (registry.PROJECT, registry.PIPELINE, registry.ANALYSES,
                                            *registry.SCRATCH_LISTS)})
                commands.append(entry.command(context, token_env=options.token_env, style=options.style))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if batch[0].command.one_pass():
                    module, ran = one_pass.run(commands, module, copy=not fresh)
                else:
                    module, ran = commands[0].transform_module(module), commands
            for command in ran:
                pending.take(command.context)
        except SkipFile:
            continue
        except Exception as exc:  # noqa: BLE001 - one broken codemod must not stop the run
            if isinstance(exc, one_pass.Failed):
                failed, exc = type(exc.codemod), exc.error
            else:
                failed = batch[len(commands)].command if len(commands) < len(batch) else type(commands[-1])
            result.status = "error"
            result.errors.append(f"{display}: codemod {failed.__module__}.{failed.__qualname__} failed: "
                                 f"{type(exc).__name__}: {exc}; file left as it was")
            return result
        if not fresh and any(len(scratch[key]) > start for key, start in noted.items()):
            # its tree's code, generated only now that there are lines to map
            mapped = line_map.to_old(source.data.decode(module.encoding), before.code)
            for key, start in noted.items():
                line_map.renumber(scratch[key], start, mapped)
        fresh = fresh and not ran

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = pending.settle(module, CodemodContext(filename=path, full_module_name=None),
                                    package_of(path, project))
    except Exception as exc:  # noqa: BLE001 - as for a codemod: the file is left as it was
        result.status = "error"
        result.errors.append(f"{display}: settling imports failed: {type(exc).__name__}: {exc}; "
                             "file left as it was")
        return result
    code = pending.code(module)  # generated once: libcst does not keep it

    def secrets() -> tuple[list[str], bool]:
        found = list(scratch[registry.SECRETS])
        # the credential literals of the code as it was, read on the analysis the codemods built
        # of it (the engine analyses the old code again only where none was built)
        first = next((a for w, a in scratch[registry.ANALYSES].values() if w.module is parsed), None)
        if first is None:
            return found, False
        return found + [v for v in first.secret_values() if v not in found], True

    return _finish(result, code, Notes(scratch[registry.CHANGES], scratch[registry.UNUSED_CREDENTIALS],
                                       scratch[registry.PLUGIN_REQUESTS], scratch[registry.REMOVED_NAMES],
                                       scratch[registry.ACCOUNTS], secrets), module.encoding, display)


def _finish(result: FileResult, code: str, notes: Notes, encoding: str, display: str) -> FileResult:
    """The FileResult of new code, whichever engine wrote it: checked, diffed, its notes."""
    new = code.encode(encoding)
    result.todos = collect_todos(code)
    if new == result.old:
        return result
    problem = _check(new, display)
    if problem:
        result.status = "error"
        result.errors.append(problem)
        return result
    result.status = "changed"
    result.new = new
    result.diff = unified_diff(result.old.decode(encoding), code, display)
    result.changes = sorted(notes.changes, key=line_map.first_line)  # as the reader meets them
    result.unused_credentials = list(notes.unused_credentials)
    result.plugin_requests = list(notes.plugin_requests)
    result.secrets, result.old_secrets_read = notes.secrets()
    result.removed_names = list(notes.removed_names)
    result.accounts = list(notes.accounts)
    return result


def _syntax_error(data: bytes, display: str, exc: Exception) -> str:
    """One line, in the interpreter's words when it agrees the file is invalid."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, display, "exec", dont_inherit=True)
    except SyntaxError as err:
        return f"{display}:{err.lineno}:{(err.offset or 0) or 1}: syntax error: {err.msg}; left alone"
    except (ValueError, RecursionError, MemoryError) as err:
        return f"{display}: cannot parse: {err or type(err).__name__}; left alone"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{display}: libcst cannot parse it ({first}); left alone"


def _check(new: bytes, display: str) -> str | None:
    """The rewritten module must compile; otherwise it is not written. (libcst made it from a tree
    it parsed: parsing it again would cost as much as the parse, and prove no more than this.)"""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings of the user's own code
            compile(new, display, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        return f"{display}: rewritten code does not compile ({exc}); file left as it was"
    return None
