"""Walk the scan paths the way git would see them (pure Python).

.gitignore files are honoured at every level (nested, with negation) and in the
parent directories of each scan root, also outside git repositories, like
`rg --no-require-git`. Tool and dependency folders are pruned. Symlinks met while
walking are not followed (as ripgrep does by default), so link loops cannot hang us.

Only regular files are ever opened: a FIFO, socket or device named like a source file (or a
`.gitignore` that is one, or points at one, such as /dev/zero) is reported as a note and never
opened for reading; opening a FIFO for reading would block forever.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

if TYPE_CHECKING:  # pathspec costs ~0.1 s to import; the rg engine often needs none of it
    import pathspec

# Folders nobody wants scanned: dependencies, build output, caches, VCS metadata.
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", "_darcs",
    "node_modules", "build", "dist", "__pycache__",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache",
})
VENV_MARKER = "pyvenv.cfg"


def is_venv(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, VENV_MARKER))


@dataclass(frozen=True)
class IgnoreFile:
    base: str  # absolute directory of the .gitignore, with trailing separator
    spec: "pathspec.GitIgnoreSpec"

    def verdict(self, abspath: str, is_dir: bool) -> bool | None:
        """True: ignored, False: re-included by a negation, None: no pattern applies."""
        if not abspath.startswith(self.base):
            return None
        rel = abspath[len(self.base):].replace(os.sep, "/")
        if is_dir:
            rel += "/"
        return self.spec.check_file(rel).include


Note = Callable[[str, str], None]  # (path, what happened): a file passed over, with the reason


def read_ignore_file(directory: str, on_note: Note | None = None) -> IgnoreFile | None:
    """The .gitignore of `directory`. One that is not a regular file (a FIFO, a link to
    /dev/zero), is larger than limits.MAX_IGNORE_FILE or cannot be read is not applied;
    `on_note` hears why."""
    path = os.path.join(directory, ".gitignore")
    if not os.path.lexists(path):  # most folders: no need to load the safe reader
        return None
    from migrator.fileio import FileTooLarge, NotRegularFile, read_regular
    from migrator.scan.limits import MAX_IGNORE_FILE

    try:
        data = read_regular(path, MAX_IGNORE_FILE)
    except FileNotFoundError:
        return None
    except NotRegularFile as exc:
        if exc.kind != "directory" and on_note is not None:
            on_note(path, f"{exc}: its ignore rules are not applied")
        return None
    except FileTooLarge as exc:
        if on_note is not None:
            on_note(path, f"larger than {MAX_IGNORE_FILE // 1024 // 1024} MiB ({exc.size} bytes): "
                          "its ignore rules are not applied")
        return None
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP) and on_note is not None:
            on_note(path, f"cannot read ({exc.strerror or exc}): its ignore rules are not applied")
        return None
    lines = data.decode("utf-8", "replace").splitlines()
    if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        return None
    return IgnoreFile(directory.rstrip(os.sep) + os.sep, _spec(lines))


def _spec(lines: list[str]) -> "pathspec.GitIgnoreSpec":
    """The patterns as one spec; an invalid one (`\\`, `!`, `[z-a]`) is left out, as git and
    ripgrep leave it out, instead of stopping the scan."""
    import pathspec

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except Exception:  # noqa: BLE001 - GitIgnorePatternError, re.error: one bad line
        good = []
        for line in lines:
            try:
                pathspec.GitIgnoreSpec.from_lines([line])
            except Exception:  # noqa: BLE001
                continue
            good.append(line)
        return pathspec.GitIgnoreSpec.from_lines(good)


def _ignores_a_folder_on_the_way(ignore: IgnoreFile, root: str) -> bool:
    directory = root
    while len(directory) >= len(ignore.base):
        if ignore.verdict(directory, True):
            return True
        directory = os.path.dirname(directory)
    return False


def parent_ignore_files(root: str, on_note: Note | None = None) -> list[IgnoreFile]:
    """The .gitignore files above a scan root, outermost first.

    One that ignores the root itself (or a folder between) is left out: the user
    named that folder, and ripgrep, which never visits the ignored folder, scans it too.
    """
    found: list[IgnoreFile] = []
    current = os.path.dirname(root)
    while True:
        ignore = read_ignore_file(current, on_note)
        if ignore is not None and not _ignores_a_folder_on_the_way(ignore, root):
            found.append(ignore)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    found.reverse()
    return found


def ignored(stack: Iterable[IgnoreFile], abspath: str, is_dir: bool) -> bool:
    decision = False
    for ignore in stack:  # outermost first: a deeper .gitignore has the last word
        verdict = ignore.verdict(abspath, is_dir)
        if verdict is not None:
            decision = verdict
    return decision


class Excludes:
    """--exclude / config globs, gitignore syntax, matched against the path relative to the scan root."""

    def __init__(self, globs: Iterable[str]):
        self.globs = globs = [g for g in globs if g.strip()]
        self.spec = None
        if globs:
            import pathspec

            self.spec = pathspec.GitIgnoreSpec.from_lines(globs)

    def match(self, rel: str, is_dir: bool = False) -> bool:
        if self.spec is None:
            return False
        rel = rel.replace(os.sep, "/")
        return self.spec.match_file(rel + "/" if is_dir else rel)


def link_note(path: str) -> str:
    """Why a symbolic link met while walking is not scanned (links are never followed)."""
    try:
        os.stat(path)
    except OSError as exc:
        return ("symbolic link loop, not followed" if exc.errno == errno.ELOOP
                else "broken symbolic link, skipped")
    return "symbolic link, not followed (scan its target directly)"


def walk(root: str, extensions: frozenset[str], excludes: Excludes,
         on_link: Note | None = None, on_error: Note | None = None) -> Iterator[str]:
    """Absolute paths of regular files under `root` with one of `extensions`, not ignored, not excluded.

    Symbolic links are never followed (a link loop cannot hang a scan). `on_link(path, note)` hears
    of what a user would otherwise miss: links and non-regular files (FIFOs, sockets, devices)
    named like a scanned file, and ignore files that were not applied; `on_error(path, message)`
    of folders that cannot be read.
    """
    root = os.path.abspath(root)
    prefix = len(root) + 1
    # (directory, ignore files in force there)
    pending: list[tuple[str, list[IgnoreFile]]] = [(root, parent_ignore_files(root, on_link))]
    while pending:
        directory, stack = pending.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            if on_error is not None and exc.errno != errno.ENOENT:
                on_error(directory, f"cannot read this folder: {exc.strerror or exc}")
            continue
        own = read_ignore_file(directory, on_link)
        if own is not None:
            stack = [*stack, own]
        subdirs: list[str] = []
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False):
                    is_dir = False
                elif entry.is_dir(follow_symlinks=False):
                    is_dir = True
                else:  # a symbolic link, FIFO, socket or device: never opened
                    dot = entry.name.rfind(".")
                    if on_link is not None and dot >= 0 and entry.name[dot:].lower() in extensions \
                            and not ignored(stack, entry.path, False) \
                            and not excludes.match(entry.path[prefix:]):
                        on_link(entry.path, special_note(entry.path))
                    continue
            except OSError:
                continue
            path = entry.path
            if is_dir:
                if entry.name in SKIP_DIRS or is_venv(path):
                    continue
                if ignored(stack, path, True) or excludes.match(path[prefix:], True):
                    continue
                subdirs.append(path)
                continue
            dot = entry.name.rfind(".")
            if dot < 0 or entry.name[dot:].lower() not in extensions:
                continue
            if ignored(stack, path, False) or excludes.match(path[prefix:]):
                continue
            yield path
        pending.extend((sub, stack) for sub in reversed(subdirs))


def special_note(path: str) -> str:
    """Why a directory entry that is not a regular file is not scanned."""
    from migrator.fileio import file_kind

    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "not a regular file, skipped"
    if stat.S_ISLNK(mode):
        return link_note(path)
    return f"not a regular file ({file_kind(mode)}), skipped"


def ignore_file_problem(path: str) -> bool:
    """Is this .gitignore something ripgrep must not read (a FIFO or device, a link to one, a
    huge or unreadable file)? The Python walk reads such files safely (and notes them)."""
    from migrator.scan.limits import MAX_IGNORE_FILE

    try:
        st = os.stat(path)
    except FileNotFoundError:
        return os.path.islink(path)  # a broken link: rg and we would word it differently
    except OSError:
        return True
    if stat.S_ISDIR(st.st_mode):
        return False
    return not stat.S_ISREG(st.st_mode) or st.st_size > MAX_IGNORE_FILE or not os.access(path, os.R_OK)


@dataclass
class Specials:
    """What a cheap walk (entry types only, no source file opened) finds that ripgrep passes over
    in silence."""

    ignore_problems: list[str]  # .gitignore files ripgrep must not read
    entries: list[tuple[str, str]]  # (path, note): links and non-regular files named like a scanned file


def find_specials(roots: Iterable[str], extensions: frozenset[str], excludes: Excludes,
                  stop: Callable[[], bool] = lambda: False) -> Specials:
    """The .gitignore files ripgrep must not read, and the links and non-regular files named like
    a scanned file that `walk` would note, under `roots`. It prunes folders exactly as `walk`
    does (tool folders, virtualenvs, ignored and excluded folders) but looks at no regular
    file: one directory listing per folder (~30 ms for the 1,741 folders of 10 stdlib copies)."""
    found = Specials([], [])
    for root in roots:
        root = os.path.abspath(root)
        prefix = len(root) + 1
        pending: list[tuple[str, list[IgnoreFile]]] = [(root, parent_ignore_files(root))]
        while pending and not stop():
            directory, stack = pending.pop()
            try:
                with os.scandir(directory) as scanner:
                    entries = list(scanner)
            except OSError:
                continue
            subdirs: list[os.DirEntry] = []
            odd: list[os.DirEntry] = []
            ignore_file = None
            venv = False  # seen in its own listing: cheaper than a stat of every folder
            for entry in entries:
                try:
                    if entry.is_file(follow_symlinks=False):
                        name = entry.name
                        if name == ".gitignore":
                            ignore_file = entry
                        elif name == VENV_MARKER:
                            venv = True
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        subdirs.append(entry)
                        continue
                except OSError:
                    continue
                if entry.name == ".gitignore":
                    ignore_file = entry
                    continue
                dot = entry.name.rfind(".")
                if dot >= 0 and entry.name[dot:].lower() in extensions:
                    odd.append(entry)
            if venv and directory != root:
                continue  # a virtualenv: walk skips it too
            if ignore_file is not None:
                if ignore_file_problem(ignore_file.path):
                    found.ignore_problems.append(ignore_file.path)
                else:
                    own = read_ignore_file(directory)
                    if own is not None:
                        stack = [*stack, own]
            for entry in odd:
                if not ignored(stack, entry.path, False) and not excludes.match(entry.path[prefix:]):
                    found.entries.append((entry.path, special_note(entry.path)))
            for entry in subdirs:
                path = entry.path
                if entry.name in SKIP_DIRS or ignored(stack, path, True) or excludes.match(path[prefix:], True):
                    continue
                pending.append((path, stack))
    return found


def parent_ignore_problems(root: str) -> list[str]:
    """.gitignore files above a scan root that ripgrep must not read (it reads them all)."""
    out = []
    current = os.path.dirname(os.path.abspath(root))
    while True:
        path = os.path.join(current, ".gitignore")
        if os.path.lexists(path) and ignore_file_problem(path):
            out.append(path)
        parent = os.path.dirname(current)
        if parent == current:
            return out
        current = parent


def in_skipped_dir(path: str, root: str, cache: dict[str, bool]) -> bool:
    """For paths listed by ripgrep: is any folder between root and the file a virtualenv?"""
    directory = os.path.dirname(path)
    chain: list[str] = []
    while len(directory) > len(root) and directory not in cache:
        chain.append(directory)
        directory = os.path.dirname(directory)
    verdict = cache.get(directory, False)
    for d in reversed(chain):
        verdict = verdict or is_venv(d)
        cache[d] = verdict
    return verdict


# A file name that is not valid UTF-8 arrives (os.fsdecode) with each such byte as a lone
# surrogate U+DC80..U+DCFF, so it still opens; printed, it must be written some other way.
_SURROGATES = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """For people (text reports, stderr, Markdown): each byte of a non-UTF-8 name as `\\xXX`."""
    if not _SURROGATES.search(text):
        return text

    def escape(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"

    return _SURROGATES.sub(escape, text)


def json_safe(text: str) -> str:
    """For JSON text (json, sarif): a lone surrogate as the JSON escape `\\udcXX`, which a JSON
    reader turns back into the same string (and os.fsencode into the file's real name)."""
    if not _SURROGATES.search(text):
        return text
    return _SURROGATES.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def diff_name(name: str) -> str:
    """A path for a diff header: git's C-style quoting ("a/caf\\351.py") when it holds bytes that
    are not UTF-8, a quote, a backslash or a control character; `git apply` and GNU patch read it."""
    if not any(ch in name for ch in '"\\') and not _SURROGATES.search(name) \
            and all(ch >= " " and ch != "\x7f" for ch in name):
        return name
    out = []
    for byte in os.fsencode(name):
        ch = chr(byte)
        if ch in '"\\':
            out.append("\\" + ch)
        elif byte < 0x20 or byte >= 0x7F:
            out.append(f"\\{byte:03o}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def display_path(path: str, cwd: str) -> str:
    """Relative to the working directory when inside it (forward slashes), else absolute."""
    if path.startswith(cwd.rstrip(os.sep) + os.sep):
        return path[len(cwd.rstrip(os.sep)) + 1:].replace(os.sep, "/")
    return Path(path).as_posix()


def path_module(path: str, root: str) -> str | None:
    """Dotted name of a Python file from the root by its folders, packages or not (`app/api.py`:
    `app.api`, as `from app.api import Api` names it in a namespace package)."""
    relative = os.path.relpath(path, root)
    stem, suffix = os.path.splitext(relative)
    if suffix not in (".py", ".pyi") or relative.startswith(os.pardir) or os.path.isabs(relative):
        return None
    parts = stem.split(os.sep)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) if parts and all(p.isidentifier() for p in parts) else None


def module_name(path: str, root: str) -> str | None:
    """Dotted module name of a Python file: its package folders (with __init__.py) below the scan root."""
    p = Path(path)
    if p.suffix not in (".py", ".pyi"):
        return None
    parts = [] if p.stem == "__init__" else [p.stem]
    directory = p.parent
    root_path = Path(root)
    while (directory / "__init__.py").is_file() and directory != root_path.parent:
        parts.append(directory.name)
        if directory == root_path or directory.parent == directory:
            break
        directory = directory.parent
    if not parts:
        return None
    return ".".join(reversed(parts))
