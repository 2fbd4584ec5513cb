"""Discovery + text prefilter: which files contain one of the analyzers' needles.

Two engines give the same file set: ripgrep (fast; `rg -l -i -F -e ...`) and a
pure-Python walk with a bytes search. Only the files they return are parsed.
Ignore rules both follow: nested .gitignore (also outside git, also in parent
folders), tool/dependency folders, virtualenvs, --exclude globs; hidden files are
searched; symlinks met while walking are not followed.

Both report the same things: links and non-regular files named like a scanned file
(notes), files and folders that cannot be read (errors). ripgrep passes over links and
FIFOs in silence, so while it runs a cheap walk of the directory entries (no file opened)
finds them; it also finds what ripgrep must never read: a `.gitignore` that is a FIFO
(ripgrep would block forever) or a link to /dev/zero (it would read until memory runs
out). Then, and whenever ripgrep itself fails, the scan uses the Python walk, which reads
only regular files and notes the rest.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
import threading
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from migrator.scan import discover

CHUNK = 1024 * 1024  # the Python engine searches files in pieces of this size
RG_MEMORY = 4 * 1024 * 1024 * 1024  # address space ripgrep may use (a backstop; it needs ~100 MiB)


class EngineError(Exception):
    """The requested prefilter engine cannot run."""


@dataclass
class Prefiltered:
    candidates: list[str] = field(default_factory=list)  # absolute paths, sorted
    files_seen: int = 0  # files with a known extension that discovery handed over
    # (path, note): links and non-regular files named like a scanned file, ignore files not applied
    notes: list[tuple[str, str]] = field(default_factory=list)
    # (path, message): folders that cannot be read (unreadable files are candidates: the
    # engine reads them again and reports why it cannot)
    errors: list[tuple[str, str]] = field(default_factory=list)
    engine: str = "python"  # the engine that produced this (rg falls back to python when unsafe)


def find_rg() -> str | None:
    """The `rg` of the ripgrep wheel next to this interpreter, else one on PATH."""
    scripts = sysconfig.get_path("scripts")
    for candidate in (os.path.join(scripts, "rg"), os.path.join(scripts, "rg.exe")):
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("rg")


def choose(engine: str) -> str:
    """'auto' -> 'rg' when ripgrep is installed, else 'python'."""
    if engine == "auto":
        return "rg" if find_rg() else "python"
    if engine == "rg" and not find_rg():
        raise EngineError("--engine rg: ripgrep (rg) is not installed")
    return engine


def contains_needle(data: bytes, needles: Sequence[bytes]) -> bool:
    lowered = data.lower()
    return any(n in lowered for n in needles)


def file_contains(path: str, needles: Sequence[bytes], checked: bool = False) -> bool:
    """Does the file contain a needle (any case)? Read in pieces, so memory stays bounded.

    Only a regular file is opened (`checked`: the walk already saw it is one); anything else
    is False. A file that cannot be read is True: the engine reads it again and reports why."""
    from migrator.fileio import NotRegularFile, open_regular

    try:
        fd, st = open_regular(path, checked)
    except NotRegularFile:
        return False
    except OSError:
        return True
    overlap = max((len(n) for n in needles), default=1) - 1
    tail = b""
    try:
        # one read for most files (their size is known); pieces of CHUNK for big ones
        want = min(st.st_size, CHUNK) + 1
        while True:
            chunk = os.read(fd, want)
            if not chunk:
                return False
            if contains_needle(tail + chunk if tail else chunk, needles):
                return True
            if len(chunk) < want and st.st_size < CHUNK:
                return False  # the whole (small) file was read
            tail = chunk[-overlap:] if overlap else b""
            want = CHUNK
    except OSError:
        return True
    finally:
        os.close(fd)


def python_engine(roots: Sequence[str], extensions: frozenset[str], excludes: discover.Excludes,
                  needles: Sequence[bytes]) -> Prefiltered:
    result = Prefiltered()
    for root in roots:
        for path in discover.walk(root, extensions, excludes,
                                  on_link=lambda p, note: result.notes.append((p, note)),
                                  on_error=lambda p, message: result.errors.append((p, message))):
            result.files_seen += 1
            if file_contains(path, needles, checked=True):
                result.candidates.append(path)
    result.candidates.sort()
    return result


_STATS_SEARCHED = re.compile(rb"(\d+) files searched")


def rg_command(rg: str, roots: Sequence[str], extensions: Iterable[str],
               needles: Sequence[bytes], excludes: discover.Excludes | None = None) -> list[str]:
    cmd = [
        rg, "--no-config", "--files-with-matches", "--null", "--stats",
        "--ignore-case", "--fixed-strings", "--text", "--encoding", "none",
        # git's rules only, and also outside a git repo: the same rules as discover.walk
        "--hidden", "--no-require-git", "--no-ignore-dot", "--no-ignore-global",
        "--no-ignore-exclude",
        # messages stay on: they name the files and folders it cannot read
    ]
    # a file type, not -g globs: globs would override .gitignore
    for ext in sorted(extensions):
        cmd += ["--type-add", f"copmig:*{_any_case(ext)}"]
    cmd += ["--type", "copmig"]
    for name in sorted(discover.SKIP_DIRS):
        cmd += ["--glob", f"!{name}/"]
    # Unanchored --exclude globs mean the same to rg, so it need not walk into them;
    # the Python post-filter below stays the authority for every glob.
    globs = excludes.globs if excludes else []
    for glob in globs if not any(g.startswith("!") for g in globs) else ():
        if "/" not in glob.rstrip("/") and not glob.startswith("!") and "\\" not in glob:
            cmd += ["--glob", f"!{glob}"]
    for needle in needles:
        cmd += ["-e", needle.decode("utf-8", "surrogateescape")]
    cmd += ["--", *roots]
    return cmd


def _any_case(ext: str) -> str:
    """'.py' -> '.[pP][yY]': extensions match in any case, as in the Python walk."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in ext)


# "rg: PATH: Permission denied (os error 13)": a file or folder ripgrep could not read
_RG_ERROR = re.compile(rb"^rg: (.+): ([^:\n]+?) \(os error (\d+)\)\r?$", re.MULTILINE)


def rg_engine(roots: Sequence[str], extensions: frozenset[str], excludes: discover.Excludes,
              needles: Sequence[bytes], watch: bool = True) -> Prefiltered:
    """`watch`: walk the entries meanwhile (notes, unsafe ignore files); a later pass over the
    same tree, after one that watched, need not."""
    rg = find_rg()
    if rg is None:
        raise EngineError("ripgrep (rg) is not installed")
    roots = [os.path.abspath(r) for r in roots]
    if any(discover.parent_ignore_problems(root) for root in roots):
        return python_engine(roots, extensions, excludes, needles)  # rg would read them
    env = {k: v for k, v in os.environ.items() if k != "RIPGREP_CONFIG_PATH"}
    proc = subprocess.Popen(rg_command(rg, roots, extensions, needles, excludes),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _limit_memory(proc.pid)
    # meanwhile: what rg passes over in silence, and .gitignore files it must not read
    specials: list[discover.Specials] = []
    stopped = threading.Event()

    def look() -> None:
        try:
            found = discover.find_specials(roots, extensions, excludes, stopped.is_set)
        except Exception:  # noqa: BLE001 - unsure what rg may meet: let the Python walk decide
            found = discover.Specials(["(the listing walk failed)"], [])
        specials.append(found)
        if found.ignore_problems:
            proc.kill()  # it may be blocked on a FIFO or reading /dev/zero

    watcher = threading.Thread(target=look, name="rg-specials", daemon=True)
    if watch:
        watcher.start()
    else:
        specials.append(discover.Specials([], []))
    try:
        stdout, stderr = proc.communicate()
    except BaseException:  # Ctrl-C: stop both
        stopped.set()
        proc.kill()
        proc.wait()
        if watch:
            watcher.join()
        raise
    if watch:
        watcher.join()
    found = specials[0] if specials else discover.Specials([], [])
    if found.ignore_problems or proc.returncode < 0:
        # an ignore file rg must not read, or rg died (e.g. out of memory): the Python walk
        # reads only what is safe to read and gives the same file set
        return python_engine(roots, extensions, excludes, needles)
    if proc.returncode not in (0, 1) and not stdout and not _RG_ERROR.search(stderr):
        message = stderr.decode(errors="replace").strip().splitlines()
        raise EngineError(f"ripgrep failed: {message[0] if message else proc.returncode}")
    *paths, stats = stdout.split(b"\0")
    result = Prefiltered(engine="rg")
    searched = _STATS_SEARCHED.search(stats)
    result.files_seen = int(searched.group(1)) if searched else len(paths)
    venv_cache: dict[str, bool] = {}
    abs_roots = sorted(roots, key=len, reverse=True)

    def root_of(path: str) -> str:
        return next((r for r in abs_roots if path.startswith(r + os.sep)), os.path.dirname(path))

    def wanted(path: str) -> bool:
        root = root_of(path)
        # what rg cannot know: virtualenv folders and gitignore-style --exclude globs
        if discover.in_skipped_dir(path, root, venv_cache):
            return False
        return not (excludes.match(path[len(root) + 1:]) or _excluded_dir(path, root, excludes))

    for raw in paths:
        path = os.fsdecode(raw.strip(b"\n"))
        if wanted(path):
            result.candidates.append(path)
    for match in _RG_ERROR.finditer(stderr):
        path = _real_path(os.fsdecode(match.group(1)))
        if path is None or not wanted(path):
            continue
        message = os.strerror(int(match.group(3)))
        if os.path.isdir(path):
            result.errors.append((path, f"cannot read this folder: {message}"))
        elif path.lower().endswith(tuple(extensions)) and path not in result.candidates:
            result.candidates.append(path)  # the engine reads it again and says why it cannot
            result.files_seen += 1
    result.notes.extend(sorted(found.entries))
    result.candidates.sort()
    return result


def _limit_memory(pid: int) -> None:
    """Cap ripgrep's address space (Linux): a backstop should it read something endless."""
    try:
        import resource

        resource.prlimit(pid, resource.RLIMIT_AS, (RG_MEMORY, RG_MEMORY))
    except (ImportError, AttributeError, OSError, ValueError):
        pass


def _real_path(path: str) -> str | None:
    """ripgrep prints a name that is not UTF-8 with U+FFFD in it: find the real one."""
    path = os.path.abspath(path)
    if "\ufffd" not in path:
        return path
    directory, name = os.path.split(path)
    directory = _real_path(directory) if "\ufffd" in directory else directory
    if directory is None:
        return None
    try:
        names = os.listdir(directory)
    except OSError:
        return None
    for candidate in names:
        if os.fsencode(candidate).decode("utf-8", "replace") == name:
            return os.path.join(directory, candidate)
    return None


def _excluded_dir(path: str, root: str, excludes: discover.Excludes) -> bool:
    if excludes.spec is None:
        return False
    rel = os.path.dirname(path[len(root) + 1:])
    while rel:
        if excludes.match(rel, True):
            return True
        rel = os.path.dirname(rel)
    return False


def run(engine: str, roots: Sequence[str], extensions: frozenset[str],
        excludes: discover.Excludes, needles: Sequence[bytes], first: bool = True) -> Prefiltered:
    """`first`: the first pass over these roots (later ones trust what it saw)."""
    if not roots:
        return Prefiltered(engine=engine)
    if engine == "rg":
        return rg_engine(roots, extensions, excludes, needles, watch=first)
    return python_engine(roots, extensions, excludes, needles)
