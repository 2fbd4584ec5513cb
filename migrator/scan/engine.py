"""The scan pipeline: discover + prefilter -> pass 1 (collect) -> pass 2 (analyze) -> filter.

Data flows one way: paths in, one ScanResult out. The per-file work runs in a
process pool (analyzers built once per worker) or, with --jobs 1 or a handful
of files, in this process. A file that cannot be read or parsed becomes a
FileError and the scan goes on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from migrator.scan import discover, languages, prefilter, suppress
from migrator.scan.analyzer import Analyzer, ProjectContext
from migrator.scan.model import FileError, Finding, ParseError, ScanResult, SkippedFile

DEFAULT_FACTORY = "migrator.scan.languages:load_analyzers"
BINARY_PROBE = 8192
GENERATED_PROBE = 2048
IN_PROCESS_BELOW = 16  # fewer files than this: a pool costs more than it saves
BATCH = 16


class ScanInputError(Exception):
    """Bad input found before scanning (missing path, unknown rule code...): exit 2."""


@dataclass
class ScanRequest:
    paths: Sequence[str] = (".",)
    cwd: str = field(default_factory=os.getcwd)
    exclude: Sequence[str] = ()
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    max_file_size: int = 2 * 1024 * 1024
    engine: str = "auto"  # auto | rg | python
    jobs: int = 0  # 0: all cores
    token_env: str = "COPERNICA_ACCESS_TOKEN"
    stdin_filename: str | None = None
    stdin_data: bytes | None = None
    factory: str = DEFAULT_FACTORY  # "module:function" returning the analyzers


@dataclass(frozen=True)
class Item:
    """One file to look at, as shipped to a worker."""

    path: str  # absolute, or "-" for stdin
    display: str
    module: str | None
    ext: str  # picks the analyzer: ".py", ".php", ...
    data: bytes | None = None  # stdin contents


# ---- rule selection -------------------------------------------------------------

def check_codes(codes: Iterable[str], option: str) -> list[str]:
    from migrator.rules import all_rules

    known = [r.code for r in all_rules()]
    checked = []
    for code in codes:
        code = code.strip().upper()
        if not code:
            continue
        if not any(k.startswith(code) for k in known):
            raise ScanInputError(f"{option}: unknown rule code or prefix {code!r}")
        checked.append(code)
    return checked


def enabled(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    if select and not any(code.startswith(s) for s in select):
        return False
    return not any(code.startswith(i) for i in ignore)


# ---- per-file work (runs in workers) ----------------------------------------------

_analyzers: dict[str, Analyzer] = {}


def _init_worker(factory: str) -> None:
    _analyzers.clear()
    _analyzers.update(languages.by_extension(languages.load(factory)()))




def _read(item: Item, max_size: int) -> bytes | SkippedFile | FileError:
    data = item.data
    if data is None:
        try:
            size = os.stat(item.path).st_size
            if size > max_size:
                return SkippedFile(item.display, f"larger than --max-file-size ({size} > {max_size} bytes)")
            with open(item.path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            return FileError(item.display, f"cannot read: {exc.strerror or exc}")
    if b"\0" in data[:BINARY_PROBE]:
        return SkippedFile(item.display, "binary file (NUL byte in the first 8 KiB)")
    if b"@generated" in data[:GENERATED_PROBE]:
        return SkippedFile(item.display, "generated file (@generated in the first 2 KiB)")
    return data


def _collect(batch: tuple[int, list[Item]]):
    max_size, items = batch
    out = []
    for item in items:
        data = _read(item, max_size)
        if not isinstance(data, bytes):
            out.append((item.display, data))
            continue
        analyzer = _analyzers[item.ext]
        try:
            out.append((item.display, analyzer.collect(item.display, data, item.module) or {}))
        except Exception:  # noqa: BLE001 - pass 2 reports the same file's error properly
            out.append((item.display, {}))
    return out


def _subclasses(batch: tuple[int, ProjectContext, list[Item]]):
    """Pass 1b: classes that subclass a wrapper another file defines (they log in through it)."""
    max_size, context, items = batch
    out = []
    for item in items:
        data = _read(item, max_size)
        if not isinstance(data, bytes) or b"class" not in data:
            continue
        analyzer = _analyzers[item.ext]
        if analyzer.language != "python":
            continue
        try:
            out.append(analyzer.collect(item.display, data, item.module, context) or {})
        except Exception:  # noqa: BLE001 - pass 2 reports the same file's error properly
            continue
    return out


def _analyze(batch: tuple[int, ProjectContext, list[Item]]):
    max_size, context, items = batch
    out = []
    for item in items:
        data = _read(item, max_size)
        if not isinstance(data, bytes):
            out.append(data)
            continue
        analyzer = _analyzers[item.ext]
        try:
            findings = list(analyzer.analyze(item.display, data, item.module, context))
        except ParseError as exc:
            out.append(FileError(item.display, f"cannot parse: {exc}", exc.line, exc.column))
            continue
        except RecursionError:
            out.append(FileError(item.display, "cannot parse: nesting too deep"))
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the scan
            out.append(FileError(item.display, f"analyzer failed: {type(exc).__name__}: {exc}"))
            continue
        text = data.decode("utf-8", "replace")
        findings = suppress.apply(findings, text, analyzer.language, item.display)
        lines = data.count(b"\n") + (0 if not data or data.endswith(b"\n") else 1)
        out.append((findings, lines))
    return out


# ---- the pipeline -------------------------------------------------------------------

class _Runner:
    """Runs batches in-process or in a pool that lives for both passes."""

    def __init__(self, jobs: int, factory: str, total: int):
        self.jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
        self.pool = None
        if self.jobs > 1 and total >= IN_PROCESS_BELOW:
            from concurrent.futures import ProcessPoolExecutor  # only when a pool is worth it

            self.pool = ProcessPoolExecutor(self.jobs, initializer=_init_worker, initargs=(factory,))
        else:
            _init_worker(factory)

    def map(self, fn: Callable, batches: list) -> Iterator:
        if self.pool is None:
            return map(fn, batches)
        return self.pool.map(fn, batches)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _batches(items: list[Item]) -> list[list[Item]]:
    return [items[i:i + BATCH] for i in range(0, len(items), BATCH)]


def _root_of(path: str, roots: Sequence[str]) -> str:
    """The scan root a file was found under (or the working directory for named files)."""
    for root in roots:
        if path.startswith(root.rstrip(os.sep) + os.sep):
            return root
    return os.path.dirname(path)


def scan(request: ScanRequest, progress: Callable[[int, int], None] | None = None) -> ScanResult:
    """Scan request.paths; `progress(done, total)` is called as batches of files finish."""
    select = check_codes(request.select, "--select")
    ignore = check_codes(request.ignore, "--ignore")
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
            raise ScanInputError(f"{raw}: no such file or directory")

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
        return Item(path, discover.display_path(path, cwd), discover.module_name(path, root), _ext(path))

    stdin_item: Item | None = None
    if use_stdin:
        # unnamed stdin is Python; a name gives the path shown and the language
        name = request.stdin_filename or "-"
        ext = _ext(name) if request.stdin_filename else ".py"
        module = discover.module_name(os.path.join(cwd, name), cwd) if request.stdin_filename else None
        if ext in analyzers:
            stdin_item = Item("-", name, module, ext, request.stdin_data or b"")
        else:
            result.skipped.append(SkippedFile(name, "no analyzer for this file type"))

    def prefilter_pass(needles: Sequence[bytes], exclude: set[str]) -> tuple[list[Item], int]:
        found = prefilter.run(engine, roots, extensions, excludes, needles)
        if not exclude:  # the first pass: note each link once
            result.skipped.extend(SkippedFile(discover.display_path(p, cwd), note)
                                  for p, note in found.links)
        paths = [p for p in found.candidates if p not in exclude]
        paths += [p for p in explicit if p not in exclude and prefilter.file_contains(p, needles)]
        # overlapping arguments (`scan . src src/a.py`) must not report a file twice
        return [item_for(p) for p in dict.fromkeys(paths)], found.files_seen

    # explicit files are scanned even when ignored/excluded (like ruff); wrong type -> a note
    for path in list(explicit):
        if _ext(path) not in analyzers:
            result.skipped.append(SkippedFile(discover.display_path(path, cwd), "no analyzer for this file type"))
            explicit.remove(path)

    # files with a suppression comment are always parsed, so a stale one is reported (COP900)
    needles1 = _needles(analyzers.values(), None) + [suppress.NEEDLE]
    items, seen = prefilter_pass(needles1, set())
    result.files_scanned = seen + len(explicit) + (1 if stdin_item else 0)
    if stdin_item is not None and prefilter.contains_needle(stdin_item.data or b"", needles1):
        items.append(stdin_item)

    runner = _Runner(request.jobs, request.factory, len(items))
    try:
        # pass 1: project-wide facts
        context = ProjectContext(root=Path(cwd), token_env=request.token_env)
        result.project = context
        done = 0
        for out in runner.map(_collect, [(request.max_file_size, b) for b in _batches(items)]):
            for _display, wrappers in out:
                if isinstance(wrappers, dict):
                    context.wrapper_classes.update(wrappers)
            done += len(out)
            if progress is not None:
                progress(done, 2 * len(items))  # both passes make one bar
        # pass 2 may look for more (wrapper class names found in pass 1), and subclasses of
        # those wrappers in other files are wrappers too (a few rounds: chains are short)
        needles2 = [n for n in _needles(analyzers.values(), context) if n not in set(needles1)]
        if needles2:
            known = {i.path for i in items}
            items += prefilter_pass(needles2, known)[0]
            for _round in range(3):
                before = len(context.wrapper_classes)
                batches = [(request.max_file_size, context, b) for b in _batches(items)]
                for out in runner.map(_subclasses, batches):
                    for found in out:
                        context.wrapper_classes.update(found)
                if len(context.wrapper_classes) == before:
                    break
                more = [n for n in _needles(analyzers.values(), context) if n not in set(needles1 + needles2)]
                if more:
                    needles2 += more
                    items += prefilter_pass(more, {i.path for i in items})[0]
            if stdin_item is not None and stdin_item not in items and \
                    prefilter.contains_needle(stdin_item.data or b"", needles2):
                items.append(stdin_item)
        first_pass = done
        for out in runner.map(_analyze, [(request.max_file_size, context, b) for b in _batches(items)]):
            for entry in out:
                if isinstance(entry, SkippedFile):
                    result.skipped.append(entry)
                elif isinstance(entry, FileError):
                    result.errors.append(entry)
                else:
                    findings, lines = entry
                    result.files_parsed += 1
                    result.lines_scanned += lines
                    result.findings.extend(f for f in findings if enabled(f.rule, select, ignore))
            done += len(out)
            if progress is not None:
                progress(done, first_pass + len(items))
    finally:
        runner.close()

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
