"""Walk the scan paths the way git would see them (pure Python).

.gitignore files are honoured at every level (nested, with negation) and in the
parent directories of each scan root, also outside git repositories, like
`rg --no-require-git`. Tool and dependency folders are pruned. Symlinks met while
walking are not followed (as ripgrep does by default), so link loops cannot hang us.
"""

from __future__ import annotations

import errno
import os
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


def read_ignore_file(directory: str) -> IgnoreFile | None:
    path = os.path.join(directory, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        return None
    import pathspec

    return IgnoreFile(directory.rstrip(os.sep) + os.sep, pathspec.GitIgnoreSpec.from_lines(lines))


def _ignores_a_folder_on_the_way(ignore: IgnoreFile, root: str) -> bool:
    directory = root
    while len(directory) >= len(ignore.base):
        if ignore.verdict(directory, True):
            return True
        directory = os.path.dirname(directory)
    return False


def parent_ignore_files(root: str) -> list[IgnoreFile]:
    """The .gitignore files above a scan root, outermost first.

    One that ignores the root itself (or a folder between) is left out: the user
    named that folder, and ripgrep, which never visits the ignored folder, scans it too.
    """
    found: list[IgnoreFile] = []
    current = os.path.dirname(root)
    while True:
        ignore = read_ignore_file(current)
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
         on_link: Callable[[str, str], None] | None = None) -> Iterator[str]:
    """Absolute paths of files under `root` with one of `extensions`, not ignored, not excluded.

    Symbolic links are never followed (a link loop cannot hang a scan); `on_link(path, note)`
    hears of those a user would otherwise miss: links named like a scanned file.
    """
    root = os.path.abspath(root)
    prefix = len(root) + 1
    # (directory, ignore files in force there)
    pending: list[tuple[str, list[IgnoreFile]]] = [(root, parent_ignore_files(root))]
    while pending:
        directory, stack = pending.pop()
        own = read_ignore_file(directory)
        if own is not None:
            stack = [*stack, own]
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        subdirs: list[str] = []
        for entry in entries:
            try:
                if entry.is_symlink():
                    dot = entry.name.rfind(".")
                    if on_link is not None and dot >= 0 and entry.name[dot:].lower() in extensions \
                            and not ignored(stack, entry.path, False) \
                            and not excludes.match(entry.path[prefix:]):
                        on_link(entry.path, link_note(entry.path))
                    continue
                is_dir = entry.is_dir()
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


def display_path(path: str, cwd: str) -> str:
    """Relative to the working directory when inside it (forward slashes), else absolute."""
    if path.startswith(cwd.rstrip(os.sep) + os.sep):
        return path[len(cwd.rstrip(os.sep)) + 1:].replace(os.sep, "/")
    return Path(path).as_posix()


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
