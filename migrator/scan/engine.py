"""The scan pipeline: discover + prefilter -> pass 1 (collect) -> pass 2 (analyze) -> filter.

Data flows one way: paths in, one ScanResult out. The per-file work runs in supervised
worker processes (migrator/scan/workers.py; analyzers built once per worker), one file at a
time: a parser that crashes or hangs on a file costs that file, never the scan. Before a
file reaches a parser, pass 1 checks it against migrator/scan/limits.py; a file over a
limit is skipped with a note and no later pass touches it. A file that cannot be read or
parsed becomes a FileError and the scan goes on.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from migrator.scan import discover, languages, prefilter, suppress
from migrator.settings import DEFAULT_MAX_FILE_SIZE, DEFAULT_TOKEN_ENV
from migrator.scan.contract import Analyzer, ProjectContext
from migrator.scan.model import FileError, Finding, ParseError, ScanResult, SkippedFile

# named, not imported: the scan layer knows no rule; the rules layer's checkers apply them
DEFAULT_FACTORY = "migrator.rules.checking:load_checkers"
BINARY_PROBE = 8192
GENERATED_PROBE = 2048


class ScanInputError(Exception):
    """Bad input found before scanning (missing path, unknown rule code...): exit 2."""


@dataclass
class ScanRequest:
    paths: Sequence[str] = (".",)
    cwd: str = field(default_factory=os.getcwd)
    exclude: Sequence[str] = ()
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    engine: str = "auto"  # auto | rg | python
    jobs: int = 0  # 0: all cores
    token_env: str = DEFAULT_TOKEN_ENV
    stdin_filename: str | None = None
    stdin_data: bytes | None = None
    factory: str = DEFAULT_FACTORY  # "module:function" returning the analyzers
    timeout: float | None = None  # seconds per file before size allowance; None: limits.TIME_BASE


@dataclass(frozen=True)
class Item:
    """One file to look at, as shipped to a worker."""

    path: str  # absolute, or "-" for stdin
    display: str
    module: str | None
    ext: str  # picks the analyzer: ".py", ".php", ...
    data: bytes | None = None  # stdin contents
    size: int = 0  # bytes, for the file's time budget


# ---- rule selection -------------------------------------------------------------

def enabled(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    if select and not any(code.startswith(s) for s in select):
        return False
    return not any(code.startswith(i) for i in ignore)


# ---- per-file work (runs in workers) ----------------------------------------------

_analyzers: dict[str, Analyzer] = {}


def _init_worker(factory: str) -> None:
    _analyzers.clear()
    _analyzers.update(languages.by_extension(languages.load(factory)()))


def _read(item: Item, max_size: int, check_limits: bool) -> bytes | SkippedFile | FileError:
    """The file's bytes, or why it is not parsed. Only a regular file is ever opened."""
    from migrator.fileio import FileTooLarge, NotRegularFile, read_regular

    data = item.data
    if data is None:
        try:
            data = read_regular(item.path, max_size)
        except FileTooLarge as exc:
            return SkippedFile(item.display, f"larger than --max-file-size ({exc.size} > {max_size} bytes)",
                               unanalysed=True)
        except NotRegularFile as exc:
            return SkippedFile(item.display, f"{exc}, skipped")
        except OSError as exc:
            return FileError(item.display, f"cannot read: {exc.strerror or exc}", kind="read")
    if b"\0" in data[:BINARY_PROBE]:
        return SkippedFile(item.display, "binary file (NUL byte in the first 8 KiB)")
    if b"@generated" in data[:GENERATED_PROBE]:
        return SkippedFile(item.display, "generated file (@generated in the first 2 KiB)")
    if check_limits:
        from migrator.scan import limits

        reason = limits.check(data, _analyzers[item.ext].language)
        if reason is not None:
            return SkippedFile(item.display, reason, unanalysed=True)
    return data


def _collect(max_size: int, item: Item):
    """Pass 1: the file's limits verdict (SkippedFile/FileError) or the wrapper classes it defines."""
    data = _read(item, max_size, True)
    if not isinstance(data, bytes):
        return data
    try:
        found = _analyzers[item.ext].collect(item.display, data, item.module)
        return found if found is not None else {}  # (an empty answer may still name factories)
    except Exception:  # noqa: BLE001 - pass 2 reports the same file's error properly
        return {}


def _with_path_names(found: dict[str, object], item: Item, cwd: str) -> dict[str, object]:
    """A wrapper (or login function) also under its name by folders (`app.api.Api` for
    `app/api.py` without `__init__.py`, which module_name calls `api`): how a namespace package
    imports it."""
    out = dict(found)
    alias = discover.path_module(item.path, cwd)
    if item.module and alias and alias != item.module:
        for qualified, path in found.items():
            if qualified.startswith(item.module + "."):
                out.setdefault(alias + qualified[len(item.module):], path)
    return out


def _subclasses(shared: tuple[int, ProjectContext], item: Item):
    """Pass 1b: classes that subclass a wrapper another file defines (they log in through it)."""
    max_size, context = shared
    data = _read(item, max_size, False)
    if not isinstance(data, bytes) or b"class" not in data:
        return {}
    try:
        return _analyzers[item.ext].collect(item.display, data, item.module, context) or {}
    except Exception:  # noqa: BLE001 - pass 2 reports the same file's error properly
        return {}


def _analyze(shared: tuple[int, ProjectContext], task: tuple[Item, bool]):
    max_size, context = shared
    item, checked = task
    data = _read(item, max_size, not checked)
    if not isinstance(data, bytes):
        return data
    analyzer = _analyzers[item.ext]
    try:
        findings = list(analyzer.analyze(item.display, data, item.module, context))
    except ParseError as exc:
        return FileError(item.display, f"cannot parse: {exc}", exc.line, exc.column)
    except RecursionError:
        return FileError(item.display, "cannot parse: nesting too deep")
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the scan
        return FileError(item.display, f"analyzer failed: {type(exc).__name__}: {exc}", kind="error")
    text = data.decode("utf-8", "replace")
    findings = suppress.apply(findings, text, analyzer.language, item.display)
    lines = data.count(b"\n") + (0 if not data or data.endswith(b"\n") else 1)
    return findings, lines


def failure_error(display: str, failure, what: str = "analysis") -> FileError:
    """A worker's failure on a file, as the file's error."""
    if failure.kind == "timeout":
        return FileError(display, f"{what} {failure.message}; left alone", kind="timeout")
    if failure.kind == "crash":
        return FileError(display, f"{failure.message}; left alone", kind="crash")
    return FileError(display, f"analyzer failed: {failure.message}", kind="error")


# ---- the pipeline -------------------------------------------------------------------

def _root_of(path: str, roots: Sequence[str]) -> str:
    """The scan root a file was found under (or the working directory for named files)."""
    for root in roots:
        if path.startswith(root.rstrip(os.sep) + os.sep):
            return root
    return os.path.dirname(path)


def scan(request: ScanRequest, progress: Callable[[int, int], None] | None = None) -> ScanResult:
    """Scan request.paths; `progress(done, total)` is called as batches of files finish."""
    # codes are checked by the caller (the scan command) against the rules it knows
    select = [c.strip().upper() for c in request.select if c.strip()]
    ignore = [c.strip().upper() for c in request.ignore if c.strip()]
    cwd = os.path.abspath(request.cwd)

    roots: list[str] = []
    explicit: list[str] = []
    use_stdin = False
    for raw in request.paths:
        if raw == "-":
            use_stdin = True
            continue
        path = os.path.abspath(os.path.join(cwd, raw))
        if os.path.isdir(path):
            roots.append(path.rstrip(os.sep) or os.sep)
        elif os.path.exists(path):
            explicit.append(path)
        else:
            raise ScanInputError(f"{discover.printable(raw)}: no such file or directory")

    factory = languages.load(request.factory)
    analyzers = languages.by_extension(factory())
    if not analyzers:
        raise ScanInputError("no language analyzers are installed")
    extensions = frozenset(analyzers)
    engine = prefilter.choose(request.engine)
    excludes = discover.Excludes(request.exclude)
    result = ScanResult()

    def item_for(path: str) -> Item:
        root = _root_of(path, [*roots, cwd])
        try:
            size = os.stat(path).st_size
        except OSError:
            size = 0
        return Item(path, discover.display_path(path, cwd), discover.module_name(path, root), _ext(path),
                    size=size)

    stdin_item: Item | None = None
    if use_stdin:
        # unnamed stdin is Python; a name gives the path shown and the language
        name = request.stdin_filename or "-"
        ext = _ext(name) if request.stdin_filename else ".py"
        module = discover.module_name(os.path.join(cwd, name), cwd) if request.stdin_filename else None
        if ext in analyzers:
            data = request.stdin_data or b""
            stdin_item = Item("-", name, module, ext, data, len(data))
        else:
            result.skipped.append(SkippedFile(name, "no analyzer for this file type"))

    def prefilter_pass(needles: Sequence[bytes], exclude: set[str]) -> tuple[list[Item], int]:
        nonlocal engine
        first = not exclude
        found = prefilter.run(engine, roots, extensions, excludes, needles, first=first)
        engine = found.engine  # rg found the tree unsafe for it: later passes walk in Python too
        if first:  # note each link, special file and unreadable folder once
            result.skipped.extend(SkippedFile(discover.display_path(p, cwd), note) for p, note in found.notes)
            result.errors.extend(FileError(discover.display_path(p, cwd), message, kind="read")
                                 for p, message in found.errors)
        paths = [p for p in found.candidates if p not in exclude]
        paths += [p for p in explicit if p not in exclude and prefilter.file_contains(p, needles)]
        # overlapping arguments (`scan . src src/a.py`) must not report a file twice
        return [item_for(p) for p in dict.fromkeys(paths)], found.files_seen

    # explicit files are scanned even when ignored/excluded (like ruff); wrong type -> a note
    for path in list(explicit):
        display = discover.display_path(path, cwd)
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            result.errors.append(FileError(display, f"cannot read: {exc.strerror or exc}", kind="read"))
            explicit.remove(path)
            continue
        if not stat.S_ISREG(mode):  # never opened: a FIFO would block
            from migrator.fileio import file_kind

            result.skipped.append(SkippedFile(display, f"not a regular file ({file_kind(mode)}), skipped"))
            explicit.remove(path)
        elif _ext(path) not in analyzers:
            result.skipped.append(SkippedFile(display, "no analyzer for this file type"))
            explicit.remove(path)

    # files with a suppression comment are always parsed, so a stale one is reported (COP900)
    needles1 = _needles(analyzers.values(), None) + [suppress.NEEDLE]
    items, seen = prefilter_pass(needles1, set())
    result.files_scanned = seen + len(explicit) + (1 if stdin_item else 0)
    if stdin_item is not None and prefilter.contains_needle(stdin_item.data or b"", needles1):
        items.append(stdin_item)

    pool = None  # started on first use: a scan with nothing to parse never loads multiprocessing
    # a file's verdict from pass 1 (over a limit, unreadable, crashed the parser) stands
    verdicts: dict[str, SkippedFile | FileError] = {}

    def run(fn: Callable, batch: list[Item], shared: object, tasks: list | None = None,
            on_result: Callable | None = None) -> list:
        """fn over the batch in the workers; a worker's failure becomes the file's FileError."""
        nonlocal pool
        if not batch:
            return []
        from migrator.scan import limits, workers

        if pool is None:
            if workers.FORKS and any(i.ext in (".py", ".pyi") for i in items):
                # loaded once here, every forked worker (and each one replacing a crashed
                # worker) starts with it: the same wall time as loading it in the worker
                # (the ast analysis: libcst is loaded only by a worker that needs it)
                import migrator.scan.python.ast_analysis  # noqa: F401
            pool = workers.Pool(workers.count(request.jobs, len(items)), initializer=_init_worker,
                                initargs=(request.factory,))
        budgets = [limits.time_budget(i.size, limits.SCAN_BYTES_PER_SECOND, request.timeout) for i in batch]
        outs, _ = pool.run(fn, batch if tasks is None else tasks, budgets, shared=shared, on_result=on_result)
        return [failure_error(item.display, out) if isinstance(out, workers.Failure) else out
                for item, out in zip(batch, outs)]

    def live(batch: list[Item]) -> list[Item]:
        return [i for i in batch if i.path not in verdicts]

    done = 0
    total = 2 * len(items)

    def tick(_index: int, _result: object) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)  # both passes make one bar

    try:
        # pass 1: project-wide facts, and each file's limits
        context = ProjectContext(root=Path(cwd), token_env=request.token_env)
        result.project = context

        def first_pass(batch: list[Item]) -> None:
            for item, out in zip(batch, run(_collect, batch, request.max_file_size, on_result=tick)):
                if isinstance(out, (SkippedFile, FileError)):
                    verdicts[item.path] = out
                elif isinstance(out, dict):
                    context.wrapper_classes.update(_with_path_names(out, item, cwd))
                    context.client_factories |= getattr(out, "factories", set())
                    context.login_functions.update(
                        _with_path_names(getattr(out, "login_functions", {}), item, cwd))
                else:  # PHP: the file's classes (a PhpFile)
                    out.merge_into(context)

        first_pass(items)
        # pass 2 may look for more (wrapper class names found in pass 1), and subclasses of
        # those wrappers in other files are wrappers too (a few rounds: chains are short)
        needles2 = [n for n in _needles(analyzers.values(), context) if n not in set(needles1)]
        if needles2:
            known = {i.path for i in items}
            more_items = prefilter_pass(needles2, known)[0]
            total += 2 * len(more_items)
            php_family = context.php_family()  # PHP's family grows in first_pass (a subclass in a file
            first_pass(more_items)  # found by a family name); their limits, before any parser sees them
            items += more_items
            for _round in range(3):
                before = len(context.wrapper_classes)
                # Python's wrappers only: PHP's family grows in first_pass, from the needles below
                batch = [i for i in live(items) if analyzers[i.ext].language == "python"]
                for item, out in zip(batch, run(_subclasses, batch, (request.max_file_size, context))):
                    if isinstance(out, FileError):
                        verdicts[item.path] = out
                    elif isinstance(out, dict):
                        context.wrapper_classes.update(out)
                now = context.php_family()
                php_grew, php_family = now != php_family, now
                if len(context.wrapper_classes) == before and not php_grew:
                    break
                more = [n for n in _needles(analyzers.values(), context) if n not in set(needles1 + needles2)]
                if more:
                    needles2 += more
                    extra = prefilter_pass(more, {i.path for i in items})[0]
                    total += 2 * len(extra)
                    first_pass(extra)
                    items += extra
            if stdin_item is not None and stdin_item not in items and \
                    prefilter.contains_needle(stdin_item.data or b"", needles2):
                first_pass([stdin_item])
                items.append(stdin_item)
        batch = live(items)
        total = done + len(batch)
        outs = run(_analyze, batch, (request.max_file_size, context), tasks=[(i, True) for i in batch],
                   on_result=tick)
        for item, entry in zip(batch, outs):
            if isinstance(entry, SkippedFile):
                result.skipped.append(entry)
            elif isinstance(entry, FileError):
                result.errors.append(entry)
            else:
                findings, lines = entry
                result.files_parsed += 1
                result.lines_scanned += lines
                result.findings.extend(f for f in findings if enabled(f.rule, select, ignore))
        for verdict in verdicts.values():
            (result.skipped if isinstance(verdict, SkippedFile) else result.errors).append(verdict)
    finally:
        if pool is not None:
            pool.close()

    result.findings.sort(key=Finding.sort_key)
    result.errors.sort(key=lambda e: e.path)
    result.skipped.sort(key=lambda s: s.path)
    return result


def _ext(path: str) -> str:
    dot = path.rfind(".")
    return path[dot:].lower() if dot > path.rfind(os.sep) else ""


def _needles(analyzers: Iterable[Analyzer], context: ProjectContext | None) -> list[bytes]:
    needles: list[bytes] = []
    unique = {id(a): a for a in analyzers}.values()  # one analyzer serves several extensions
    for analyzer in unique:
        for needle in analyzer.needles(context):
            needle = needle.lower()
            if needle and needle not in needles:
                needles.append(needle)
    return needles
