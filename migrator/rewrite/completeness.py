"""All or nothing: a migration is kept only for the groups of modules it leaves complete.

After the codemods ran (nothing is written yet), the token-reach check
(migrator.scan.python.reach) reads the tree as it would be written: every Python file under
the paths that names a Copernica operation, a SOAP library or a module the rewrite changed.
Modules are grouped by the project's own imports (a wrapper with the modules that build it,
a client factory with its callers), since a client's logins and calls may sit in different
files. A group with a gap, a TODO a codemod left, or a file that could not be rewritten keeps
every byte it had; each reason becomes a needs-hands item, and `rewrite` exits non-zero.
"""

from __future__ import annotations

import ast
import difflib
import os
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from migrator.catalogue import OBJECTS
from migrator.rewrite.model import FileResult, NeedsHands, RewriteResult
from migrator.scan import discover

_PYTHON = frozenset({".py"})
_RELEVANT = re.compile(
    rb"(?i:copernica|soapapi|zeep|suds)|\b(?:%s)_[a-z]\w*" % "|".join(OBJECTS).encode())


@dataclass
class _Module:
    path: str
    display: str
    data: bytes
    result: FileResult | None  # the rewrite's result for this file, if it was a candidate
    name: str | None = None


def settle(result: RewriteResult, paths: Iterable[str], cwd: str, exclude: Iterable[str],
           project) -> None:
    """Revert every group of modules the rewrite would leave half-migrated; list why."""
    from migrator.scan.python import reach
    from migrator.scan.python.analyzer import analyse
    from migrator.scan.model import ParseError

    modules = _modules(result, paths, cwd, exclude)
    root = str(project.root) if project is not None else cwd
    for m in modules.values():
        m.name = discover.module_name(m.path, root)
    analyses = {}
    for path, m in modules.items():
        try:
            analyses[path] = analyse(m.display, m.data, m.name, project)
        except (ParseError, RecursionError, ValueError):
            continue  # the rewrite reported what it could not parse
    plugged = reach.all_plugged(analyses.values())

    # Lines are reported in the file as it is now: a reverted group is never written.
    reasons: dict[str, dict[int, NeedsHands]] = {}
    for path, m in modules.items():
        to_old = _line_map(m.result)
        found = reasons.setdefault(path, {})
        if m.result is not None:
            lines = m.result.new.decode("utf-8", "replace").splitlines() if m.result.new else []
            for todo in _new_todos(m.result):  # the codemod's own words come first
                below = todo.line  # the comment sits above the statement it is about
                while below < len(lines) and lines[below].lstrip().startswith("#"):
                    below += 1
                line = to_old(below + 1)
                found.setdefault(line, NeedsHands(m.display, line, todo.text))
        if path in analyses:
            for gap in reach.gaps(analyses[path], result.options.style, plugged):
                line = to_old(gap.line)
                found.setdefault(line, NeedsHands(m.display, line, gap.reason))

    for group in _groups(modules):
        found = [item for path in group for item in reasons.get(path, {}).values()]
        files = [modules[p].result for p in group if modules[p].result is not None]
        changed = [f for f in files if f.status == "changed"]
        failed = [f for f in files if f.status == "error"]
        if changed and failed:  # already reported as errors; here they only stop the group
            found += [NeedsHands(f.display, 0, "could not be rewritten (see its error), so the modules "
                                 "that go with it are left as they were too") for f in failed]
        if not found:
            continue
        for file in changed:
            _revert(file)
        result.needs_hands.extend(found)
    result.needs_hands.sort(key=lambda n: (n.path, n.line, n.reason))


def _new_todos(file: FileResult):
    """TODOs this rewrite added (a file may carry ours from an earlier run)."""
    if file.status != "changed" or file.old is None:
        return []
    from migrator.rewrite.transform import collect_todos

    old = Counter(t.text for t in collect_todos(file.old.decode("utf-8", "replace")))
    out = []
    for todo in file.todos:
        if old[todo.text] > 0:
            old[todo.text] -= 1
        else:
            out.append(todo)
    return out


def _line_map(file: FileResult | None):
    """new line -> line of the file as it is (an inserted line maps to where it would go)."""
    if file is None or file.status != "changed" or file.new is None or file.old is None:
        return lambda line: line
    old = file.old.decode("utf-8", "replace").splitlines()
    new = file.new.decode("utf-8", "replace").splitlines()
    blocks = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()

    def to_old(line: int) -> int:
        index = line - 1
        for tag, i1, _i2, j1, j2 in blocks:
            if j1 <= index < j2 or (j1 == j2 == index):
                return (i1 + index - j1 if tag == "equal" else i1) + 1
        return max(1, min(line, len(old)))
    return to_old


def _revert(file: FileResult) -> None:
    file.status = "unchanged"
    file.new = None
    file.diff = ""
    file.changes = []
    file.todos = []
    file.unused_credentials = []
    file.plugin_requests = []
    file.reverted = True


def _modules(result: RewriteResult, paths: Iterable[str], cwd: str,
             exclude: Iterable[str]) -> dict[str, _Module]:
    """The rewrite's candidates (as they would be written) and every other relevant Python file."""
    out: dict[str, _Module] = {}
    for file in result.files:
        if file.status in ("changed", "unchanged", "error") and file.old is not None:
            data = file.new if file.status == "changed" else file.old
            out[os.path.abspath(file.path)] = _Module(file.path, file.display, data, file)
    excludes = discover.Excludes(list(exclude))
    for start in paths:
        start = os.path.abspath(os.path.join(cwd, start))
        found = [start] if os.path.isfile(start) else discover.walk(start, _PYTHON, excludes)
        for path in found:
            if path in out or not path.endswith(".py"):
                continue
            try:
                if not os.path.isfile(path):
                    continue
                with open(path, "rb") as handle:
                    data = handle.read(4 * 1024 * 1024 + 1)
            except OSError:
                continue
            if len(data) <= 4 * 1024 * 1024 and _RELEVANT.search(data):
                out[path] = _Module(path, discover.display_path(path, cwd), data, None)
    return out


def _groups(modules: dict[str, _Module]) -> list[list[str]]:
    """Connected groups of modules under the project's own imports (union-find)."""
    by_name = {m.name: path for path, m in modules.items() if m.name}
    parent = {path: path for path in modules}

    def find(p: str) -> str:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for path, m in modules.items():
        for name in _imports(m):
            # `import a.b.c` / `from a.b import c`: the longest known module it names
            parts = name.split(".")
            for i in range(len(parts), 0, -1):
                other = by_name.get(".".join(parts[:i]))
                if other is not None:
                    parent[find(path)] = find(other)
                    break
    groups: dict[str, list[str]] = {}
    for path in modules:
        groups.setdefault(find(path), []).append(path)
    return list(groups.values())


def _imports(m: _Module) -> list[str]:
    try:
        tree = ast.parse(m.data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    package = (m.name or "").split(".")
    if not m.path.endswith("__init__.py"):
        package = package[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level - 1 <= len(package) else []
            else:
                base = []
            stem = ".".join([*base, *(node.module.split(".") if node.module else [])])
            out.append(stem)
            out += [f"{stem}.{alias.name}" if stem else alias.name for alias in node.names]
    return [n for n in out if n]
