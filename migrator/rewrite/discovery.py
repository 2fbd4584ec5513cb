"""Which files `rewrite` looks at. The one place that knows how files are found.

TODO(scan engine): once migrator/scan/discover.py and the scanner's findings are
committed, walk with it and keep only files with fixable findings; until then
this walks the tree itself (same pruning, gitignore-style --exclude) and keeps
every .py file, letting each codemod decide from the code whether it applies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable, Iterator

import pathspec

SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "build", "dist", "__pycache__",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache",
})


@dataclass(frozen=True)
class Candidate:
    path: str
    skip_reason: str | None = None  # set: reported, not rewritten


def display_path(path: str, cwd: str) -> str:
    prefix = cwd.rstrip(os.sep) + os.sep
    return path[len(prefix):].replace(os.sep, "/") if path.startswith(prefix) else path


def discover(paths: Iterable[str], exclude: Iterable[str] = ()) -> Iterator[Candidate]:
    excludes = list(exclude)
    spec = pathspec.GitIgnoreSpec.from_lines(excludes) if excludes else None
    for given in paths:
        root = os.path.abspath(given)
        if os.path.isdir(root) and not os.path.islink(root):
            yield from _walk(root, spec)
        else:
            # named explicitly: taken as is (links followed, errors reported by the reader)
            yield Candidate(root)


def _walk(root: str, spec: pathspec.GitIgnoreSpec | None) -> Iterator[Candidate]:
    prefix = len(root) + 1
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield Candidate(directory, f"cannot list folder: {exc.strerror}")
            continue
        subdirs = []
        for entry in entries:
            rel = entry.path[prefix:].replace(os.sep, "/")
            try:
                link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if entry.name in SKIP_DIRS or os.path.isfile(os.path.join(entry.path, "pyvenv.cfg")):
                    continue
                if spec is None or not spec.match_file(rel + "/"):
                    subdirs.append(entry.path)
                continue
            if not entry.name.endswith(".py") or (spec is not None and spec.match_file(rel)):
                continue
            if link:
                # not followed while walking (link loops, files outside the tree); name it to rewrite it
                yield Candidate(entry.path, "symbolic link, not followed")
                continue
            yield Candidate(entry.path)
        pending.extend(reversed(subdirs))
