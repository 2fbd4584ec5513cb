"""PHP files of the project that `rewrite` does not migrate but that use a family class: outside
the paths given (`rewrite src/` with `bin/export.php` building the client), or passed over by
discovery (a `.gitignore`d `scripts/local_*.php`). The PHP counterpart of completeness.Tree's
outside modules.

They join the project model (families.join_outside), and are rewritten in memory like any family
file, never written: one the migration would change still builds or calls the client the old way,
so its family is left as it was (families.settle_php).
"""

from __future__ import annotations

import os
from typing import Iterable

from migrator.fileio import FileTooLarge, NotRegularFile, read_regular
from migrator.rewrite import line_map
from migrator.rewrite.completeness import is_project, project_roots
from migrator.rewrite.model import FileResult, NeedsHands
from migrator.scan import discover, limits
from migrator.scan.languages import language

EXTENSIONS = language("php").extensions
_MAX_BYTES = 4 * 1024 * 1024


def find(project, files: list[tuple[str, bytes]], paths: Iterable[str], cwd: str,
         exclude: Iterable[str]) -> list[tuple[str, str, bytes, bool]]:
    """(path, display, data, ignored) of each of `files` (project_files) that names a family class
    and that the scan did not read: `ignored` when it is under the paths."""
    from migrator.scan.treesitter.php_project import family_names

    if project is None or not project.family() or not is_project(cwd):
        return []  # / or the home folder is no project to walk
    excludes = discover.Excludes(list(exclude))
    given = [os.path.abspath(os.path.join(cwd, p)) for p in paths]
    seen: set[str] = set()  # what discovery walks under the paths (the rest there is ignored)
    for start in given:
        seen.update([start] if os.path.isfile(start) else discover.walk(start, frozenset(EXTENSIONS), excludes))
    names = family_names(project)
    out = []
    for path, data in files:
        display = discover.display_path(path, cwd)
        if path in seen or display in project.files:
            continue
        if names.search(data) and limits.check(data, "php") is None:
            under = any(path == g or path.startswith(g.rstrip(os.sep) + os.sep) for g in given)
            out.append((path, display, data, under))
    return out


def project_files(project, paths: Iterable[str], cwd: str, exclude: Iterable[str]) -> list[tuple[str, bytes]]:
    """(path, data) of the project's PHP files (_every_php_file) that name a family class or a token
    client, or pass 'access_token' to a SoapClient: what find and families.php_token_envs read, from one walk."""
    from migrator.scan.treesitter.php_project import names_pattern, project_needles, token_client_names

    if project is None:
        return []
    family = names_pattern(project_needles(project))
    tokens = token_client_names(project)
    return [(path, data) for path, data in _every_php_file(paths, cwd, exclude)
            if family.search(data) or tokens.search(data) or (b"access_token" in data
                                                               and b"soapclient" in data.lower())]


def _every_php_file(paths: Iterable[str], cwd: str, exclude: Iterable[str]) -> Iterable[tuple[str, bytes]]:
    """(path, data) of every readable PHP file of the project (the folder rewrite runs in; the
    paths given when that is / or the home folder), .gitignore aside (an ignored script still runs)."""
    excludes = discover.Excludes(list(exclude))
    roots = project_roots(paths, cwd)
    for root in roots:
        for path in [root] if os.path.isfile(root) else _every_file(root, frozenset(EXTENSIONS), excludes):
            try:
                yield path, read_regular(path, _MAX_BYTES)
            except (NotRegularFile, FileTooLarge, OSError):
                continue


def _every_file(root: str, extensions: frozenset[str], excludes: discover.Excludes) -> Iterable[str]:
    """Like discover.walk, .gitignore aside."""
    prefix = len(root) + 1
    for directory, subdirs, files in os.walk(root):  # never follows a link
        subdirs[:] = sorted(d for d in subdirs if d not in discover.SKIP_DIRS
                            and not discover.is_venv(os.path.join(directory, d))
                            and not excludes.match(os.path.join(directory, d)[prefix:], True))
        for name in sorted(files):
            path = os.path.join(directory, name)
            if name.lower().endswith(tuple(extensions)) and not excludes.match(path[prefix:]) \
                    and not os.path.islink(path):
                yield path


def needs_hands(file: FileResult, ignored: bool, changed: list[str]) -> list[NeedsHands]:
    """Why `file` (rewritten in memory, never written) keeps its family as it was: each line the
    migration would change there, or what it could not migrate."""
    where = ("rewrite skips it (.gitignore): migrate it with them by hand, or let rewrite see it"
             if ignored else "is not under the paths given: rewrite them together (name both, or the folder "
             "that holds both)")
    why = f"builds or calls a Copernica client this rewrite changes ({', '.join(changed)}) but {where}"
    lines = [n for n in map(line_map.first_line, file.changes) if n] if file.status == "changed" else []
    lines += [item.line for item in file.needs_hands]
    if file.status in ("error", "skipped") or (file.status == "changed" and not lines):
        lines.append(0)
    return [NeedsHands(file.display, line, why) for line in sorted(set(lines))]

