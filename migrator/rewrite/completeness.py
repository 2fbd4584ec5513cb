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
import os
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from migrator.catalogue import OBJECTS
from migrator.fileio import FileTooLarge, NotRegularFile, read_regular
from migrator.rewrite import line_map
from migrator.rewrite.model import FileResult, NeedsHands, RewriteResult
from migrator.scan import discover, limits, workers
from migrator.scan.python.facts import LOGIN_PARTS

_PYTHON = frozenset({".py"})
_SOAP_IMPORT = re.compile(rb"^\s*(?:import|from)\s+(?:zeep|suds)\b", re.MULTILINE)
_MAX_BYTES = 4 * 1024 * 1024
_RELEVANT = re.compile(
    rb"(?i:copernica|soapapi|zeep|suds)|\b(?:%s)_[a-z]\w*" % "|".join(OBJECTS).encode())


@dataclass
class _Module:
    path: str
    display: str
    data: bytes  # as it is on disk; settle() swaps in the rewrite's result
    name: str | None = None
    result: FileResult | None = None  # the rewrite's result for this file, if it was rewritten
    outside: bool = False  # in the project, not under the paths given: read, never rewritten
    alias: str | None = None  # its dotted path from the project root (a namespace package's name)


class Tree:
    """The Python modules that matter to a rewrite, and their groups under the project's imports."""

    def __init__(self, paths: Iterable[str], cwd: str, exclude: Iterable[str], root: str,
                 candidates: Iterable[str], avoid: Iterable[str] = (), scope: Iterable[str] | None = None):
        """`avoid`: files whose parser crashed or ran out of time in the scan: not analysed again.
        `scope`: what the user named, when `paths` is less (RewriteOptions.scope)."""
        paths = list(paths)
        scope = list(scope) if scope is not None else paths
        self.modules: dict[str, _Module] = {}
        wanted = {os.path.abspath(p) for p in candidates}
        avoid = {os.path.abspath(p) for p in avoid}
        excludes = discover.Excludes(list(exclude))
        for start in paths:
            start = os.path.abspath(os.path.join(cwd, start))
            found = [start] if os.path.isfile(start) else discover.walk(start, _PYTHON, excludes)
            for path in found:
                if path in self.modules or path in avoid or not path.endswith(".py"):
                    continue
                data = _read(path)
                if data is not None and (path in wanted or _RELEVANT.search(data)):
                    self.modules[path] = _Module(path, discover.display_path(path, cwd), data)
        for path in wanted - set(self.modules):  # explicit files outside the walk (links, excludes)
            data = _read(path)
            if data is not None:
                self.modules[path] = _Module(path, discover.display_path(path, cwd), data)
        # the rest of the project: a module there that imports a rewritten one keeps using its
        # old names and signatures, so its group is not written (settle() says which module)
        if is_project(cwd) and not any(os.path.abspath(os.path.join(cwd, p)) == os.path.abspath(cwd)
                                        for p in scope):
            # it may name only our module (`from app.api import Api`), not Copernica
            stems = {os.path.splitext(os.path.basename(p))[0] for p in wanted} - {"__init__"}
            ours = re.compile(rb"\b(?:%s)\b" % b"|".join(re.escape(s.encode()) for s in sorted(stems))) \
                if stems else None
            given = [os.path.abspath(os.path.join(cwd, p)) for p in scope]
            for path in discover.walk(cwd, _PYTHON, excludes):
                if path in self.modules or path in avoid or any(
                        path == g or path.startswith(g.rstrip(os.sep) + os.sep) for g in given):
                    continue
                data = _read(path)
                if data is not None and (_RELEVANT.search(data) or (ours is not None and ours.search(data))) \
                        and limits.check(data, "python") is None:  # never parsed by the scan: its limits first
                    self.modules[path] = _Module(path, discover.display_path(path, cwd), data, outside=True)
        for m in self.modules.values():
            m.name = discover.module_name(m.path, root)
            m.alias = discover.path_module(m.path, root)
        self.groups = _groups(self.modules)
        self._group_of = {path: i for i, group in enumerate(self.groups) for path in group}

    def companions(self, candidates: Iterable[str]) -> list[str]:
        """Relevant modules that share a group with a candidate but have no finding of their own:
        the token codemods run there too (a client's calls may live in another module)."""
        wanted = {os.path.abspath(p) for p in candidates}
        groups = {self._group_of[p] for p in wanted if p in self._group_of}
        return sorted(p for p, i in self._group_of.items()
                      if i in groups and p not in wanted and not self.modules[p].outside)

    def token_envs(self) -> set[str]:
        """Environment variables the project's SOAP modules already read an access token from
        (a REST client's token for api.copernica.com is another matter)."""
        found: set[str] = set()
        for m in self.modules.values():
            if b"access_token" in m.data and _SOAP_IMPORT.search(m.data):
                found |= {n for n in _env_reads(m.data) if soap_token_name(n)}
        return found

    def account_conflicts(self, candidates: Iterable[str]) -> list[NeedsHands]:
        """Logins to different accounts in one group: one token variable cannot serve them."""
        out = []
        wanted = {os.path.abspath(p) for p in candidates}
        accounts: dict[str, list[tuple[int, frozenset]]] = {}  # path -> its logins' account strings
        varying: list[NeedsHands] = []
        for path in sorted(wanted & set(self.modules)):
            m = self.modules[path]
            # parsed and searched once for both questions; a module that never says `login` has no login
            tree = _parse(m.data) if b"login" in m.data or not m.data.isascii() else None
            values = _login_account_values(tree) if tree is not None else []
            accounts[path] = _login_accounts(values)
            varying += [NeedsHands(m.display, line, f"{why}; an access token belongs to one account, and the "
                                   "migration has one token variable: give each account its own token by hand")
                        for line, why in _accounts_that_vary(tree, values)]
        for group in self.groups:
            out += different_accounts((self.modules[path].display, line, sources)
                                      for path in group for line, sources in accounts.get(path, ()))
        return out + varying


def soap_token_name(name: str) -> bool:
    """A variable named for a token, not for the REST API's (COPERNICA_REST_TOKEN: a module that
    talks to both APIs reads both)."""
    words = set(re.split(r"[^A-Z0-9]+", name.upper()))
    return "TOKEN" in name.upper() and "REST" not in words


def different_accounts(logins: Iterable[tuple[str, int, frozenset]]) -> list[NeedsHands]:
    """(display, line, strings its account comes from) of each login of one group: the first login
    of each account when there is more than one (PHP's construction sites use it too)."""
    seen: dict[frozenset, tuple[str, int]] = {}
    for display, line, sources in logins:
        seen.setdefault(sources, (display, line))
    if len(seen) < 2:
        return []
    names = ", ".join(sorted("/".join(sorted(s)) for s in seen))
    return [NeedsHands(display, line, f"logins to different accounts ({names}): an access token belongs to one "
                       "account, and the migration has one token variable; give each client its own token by hand")
            for display, line in sorted(seen.values())]


def is_project(folder: str) -> bool:
    """The folder rewrite runs in is the project, unless it is / or the home folder (walking
    those would read every Python file the user has)."""
    folder = os.path.abspath(folder)
    return folder not in (os.path.abspath(os.sep), os.path.abspath(os.path.expanduser("~")))


def project_roots(paths: Iterable[str], cwd: str) -> list[str]:
    """Where the project's other files are looked for: the folder rewrite runs in, or the paths
    given when that is / or the home folder (is_project)."""
    return [cwd] if is_project(cwd) else [os.path.abspath(os.path.join(cwd, p)) for p in paths]


def _read(path: str) -> bytes | None:
    """Only a regular file, only up to _MAX_BYTES (a FIFO is never opened: it would block)."""
    try:
        return read_regular(path, _MAX_BYTES)
    except (NotRegularFile, FileTooLarge, OSError):
        return None


# ---- the token-reach check, in worker processes (libcst parses: a crash costs one module) ----

_analyses: dict[str, tuple[bytes, object]] = {}  # per worker: path -> (data, its analysis or None)


def _analysis(project, task: tuple[str, str, bytes, str | None, bytes | None]):
    """The module's analysis, kept for the second step (None: over a limit or not parsable).
    `old`: the module before this rewrite, when it changed."""
    path, display, data, name, old = task
    cached = _analyses.get(path)
    if cached is not None and cached[0] == (data, old):
        return cached[1]
    analysis = _analyse(project, display, data, name)
    if analysis is not None and old is not None and not _all_copernica(analysis):
        before = _analyse(project, display, old, name)
        if before is not None:
            _carry_verdicts(before, analysis, _lines_to_old(old, data))
    _analyses[path] = ((data, old), analysis)
    return analysis


def _analyse(project, display: str, data: bytes, name: str | None):
    from migrator.scan.model import ParseError
    from migrator.scan.python.detector import analyse  # the ast analysis; libcst where it gives up

    if limits.check(data, "python") is not None:
        return None
    try:
        return analyse(display, data, name, project)
    except (ParseError, RecursionError, ValueError):
        return None  # the rewrite reported what it could not parse


def _all_copernica(analysis) -> bool:
    """Every client made here is Copernica's on the rewritten code's own evidence: no verdict of
    the old code can add to that (the old code need not be analysed again)."""
    from migrator.scan.python import reach

    return len(reach.copernica_clients(analysis)) == len(analysis.client_evidence)


def _carry_verdicts(before, after, to_old) -> None:
    """A client whose login was its only Copernica evidence has none left once the login goes;
    it is still Copernica's, and the check must see its calls (a call the token does not reach)."""
    from migrator.scan.python import reach

    lines = {before.location(c).line for c in reach.copernica_clients(before)}
    if lines:
        after.assume_copernica([c for c in after.client_evidence if to_old(after.location(c).line) in lines])


def _summary(project, task: tuple):
    """(Copernica clients, those with the token plugin, names of wrappers that inject the token)."""
    from migrator.scan.python import reach

    analysis = _analysis(project, task)
    if analysis is None:
        return None
    clients = reach.copernica_clients(analysis)
    return len(clients), sum(1 for c in clients if reach.has_plugin(analysis, c)), reach.injecting_wrappers(analysis)


def _gaps(shared: tuple, task: tuple):
    from migrator.scan.python import reach

    project, style, plugged, injecting = shared
    analysis = _analysis(project, task)
    if analysis is None:
        return None
    return reach.gaps(analysis, style, plugged[task[0]], injecting)


def settle(result: RewriteResult, tree: Tree, project, pool: workers.Pool | None = None) -> None:
    """Revert every group of modules the rewrite would leave half-migrated; list why."""
    if pool is None:
        with workers.Pool(1) as own:
            return settle(result, tree, project, own)
    modules = tree.modules
    for file in result.files:
        m = modules.get(os.path.abspath(file.path))
        if m is not None:
            m.result = file
            if file.status == "changed" and file.new is not None:
                m.data = file.new
    paths = [p for p, m in modules.items() if not m.outside]  # outside ones only group (below)
    tasks = [(p, modules[p].display, modules[p].data, modules[p].name,
              modules[p].result.old if modules[p].result is not None and modules[p].result.status == "changed"
              else None) for p in paths]
    timeout = result.options.timeout
    budgets = [limits.time_budget(len(t[2]), limits.SCAN_BYTES_PER_SECOND, timeout) for t in tasks]
    summaries, slots = pool.run(_summary, tasks, budgets, shared=project)
    analysed = {p: out for p, out in zip(paths, summaries) if isinstance(out, tuple)}
    # "every client has the plugin" is a fact about one group: an unrelated script elsewhere
    # that keeps its login (or its own plugin conflict) says nothing about this group's calls
    plugged = {}
    for group in tree.groups:
        clients = sum(analysed[p][0] for p in group if p in analysed)
        with_plugin = sum(analysed[p][1] for p in group if p in analysed)
        for path in group:
            plugged[path] = bool(clients) and with_plugin == clients
    injecting = {name for out in analysed.values() for name in out[2]}
    wanted = [i for i, p in enumerate(paths) if p in analysed]
    found_gaps, _ = pool.run(_gaps, [tasks[i] for i in wanted], [budgets[i] for i in wanted],
                             shared=(project, result.options.style, plugged, injecting),
                             affinity=[slots[i] for i in wanted])
    reach_gaps = {paths[i]: out for i, out in zip(wanted, found_gaps) if isinstance(out, list)}

    # Lines are reported in the file as it is now: a reverted group is never written.
    reasons: dict[str, dict[int, NeedsHands]] = {}  # what a person must do (TODOs, accounts)
    gaps: dict[str, dict[int, NeedsHands]] = {}  # what the reach check found
    for item in result.needs_hands:  # found before the codemods ran (e.g. two accounts)
        path = next((p for p, m in modules.items() if m.display == item.path), None)
        if path is not None:
            reasons.setdefault(path, {}).setdefault(item.line, item)
    result.needs_hands = []
    for path, m in modules.items():
        if m.outside:
            continue
        to_old = lines_to_old_of(m.result)
        found = reasons.setdefault(path, {})
        if m.result is not None and m.result.status == "changed" and m.result.new:
            lines = m.result.new.decode("utf-8", "replace").splitlines()
            for todo in _new_todos(m.result):  # the codemod's own words come first
                below = todo.line  # the comment sits above the statement it is about
                while below < len(lines) and lines[below].lstrip().startswith("#"):
                    below += 1
                line = to_old(below + 1)
                found.setdefault(line, NeedsHands(m.display, line, todo.text))
        if path in reach_gaps:
            for gap in reach_gaps[path]:
                line = to_old(gap.line)
                if line not in found:
                    gaps.setdefault(path, {}).setdefault(line, NeedsHands(m.display, line, gap.reason))
    for path, items in _removed_name_reads(tree).items():
        m = modules[path]
        to_old = lines_to_old_of(m.result)
        for line, reason in items:
            gaps.setdefault(path, {}).setdefault(to_old(line), NeedsHands(m.display, to_old(line), reason))

    # one token variable serves one program: wrapper constructions of one group that stop passing
    # two different accounts hold it back (its logins were compared before the codemods ran)
    for group in tree.groups:
        changed = [p for p in group if modules[p].result is not None and modules[p].result.status == "changed"]
        for item in different_accounts((modules[p].display, line, sources)
                                       for p in changed for line, sources in modules[p].result.accounts):
            path = next(p for p in changed if modules[p].display == item.path)
            reasons.setdefault(path, {}).setdefault(item.line, item)

    for index, group in enumerate(tree.groups):
        for path in group:
            if modules[path].result is not None:
                modules[path].result.group = index
        found = [item for path in group for item in reasons.get(path, {}).values()]
        files = [modules[p].result for p in group if modules[p].result is not None]
        changed = [f for f in files if f.status == "changed"]
        failed = [f for f in files if f.status == "error"]
        if failed:  # its error is reported already; what the check finds after it would only repeat it
            if changed:
                found += [NeedsHands(f.display, 0, "could not be rewritten (see its error), so the modules "
                                     "that go with it are left as they were too") for f in failed]
        else:
            found += [item for path in group for item in gaps.get(path, {}).values()]
        if changed:
            rewritten = ", ".join(sorted(f.display for f in changed))
            found += [NeedsHands(modules[p].display, 0, f"shares imports with what this rewrite changes ({rewritten}) "
                                 "but is not under the paths given: rewrite them together (name both, or "
                                 "the folder that holds both)") for p in group if modules[p].outside]
        if not found:
            continue
        for file in changed:
            revert(file)
        result.needs_hands.extend(found)
    result.needs_hands.sort(key=lambda n: (n.path, n.line, n.reason))


def _removed_name_reads(tree: Tree) -> dict[str, list[tuple[int, str]]]:
    """path -> (line, why) where a module may read what the rewrite of another module of its group
    removed (codemods.registry.REMOVED_NAMES): `api.email` once a wrapper's `self.email = email`
    went with the login, `from config import PASSWORD` once `PASSWORD = os.environ[...]` did. By
    name, so a same-named attribute elsewhere also stops the group: the cautious side. The module
    that removed it was checked by its codemod; the others are read as the rewrite leaves them."""
    out: dict[str, list[tuple[int, str]]] = {}
    for group in tree.groups:
        removed: dict[str, tuple[str, str]] = {}  # name -> (its owner, the module that removed it)
        for path in group:
            result = tree.modules[path].result
            if result is not None and result.status == "changed":
                for owner, name in result.removed_names:
                    removed.setdefault(name, (owner, path))
        if not removed:
            continue
        for path in group:
            parsed = _parse(tree.modules[path].data)
            nodes = list(ast.walk(parsed)) if parsed is not None else []
            # `from config import *` brings the names in unnamed: then every plain name counts
            starred = any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for n in nodes)
            for node in nodes:
                if isinstance(node, ast.Attribute):
                    names = [node.attr]
                elif isinstance(node, ast.ImportFrom):
                    names = [alias.name for alias in node.names]
                elif starred and isinstance(node, ast.Name):
                    names = [node.id]
                else:
                    continue
                for name in names:
                    if name in removed and removed[name][1] != path:
                        owner, where = removed[name][0], tree.modules[removed[name][1]].display
                        out.setdefault(path, []).append((node.lineno, (
                            f"reads `{name}`, which {owner} ({where}) no longer has: it held a credential "
                            "that went with the login; read it from elsewhere, or migrate that login by hand")))
    return out


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


def lines_to_old_of(file: FileResult | None):
    """new line -> line of the file as it is (an inserted line maps to where it would go)."""
    if file is None or file.status != "changed" or file.new is None or file.old is None:
        return lambda line: line
    return _lines_to_old(file.old, file.new)


def _lines_to_old(old_data: bytes, new_data: bytes):
    return line_map.to_old(old_data.decode("utf-8", "replace"), new_data.decode("utf-8", "replace"))


def revert(file: FileResult) -> None:
    file.status = "unchanged"
    file.new = None
    file.diff = ""
    file.changes = []
    file.todos = []
    file.unused_credentials = []
    file.plugin_requests = []
    file.removed_names = []
    file.reverted = True


def _groups(modules: dict[str, _Module]) -> list[list[str]]:
    """Connected groups of modules under the project's own imports (union-find).

    A name two files answer to (`app.main` of two programs side by side) links a module under the
    paths to the one under the paths; a module read from outside them links only by a name one
    file answers to, so a sibling project never joins a group."""
    names: dict[str, list[str]] = {}
    for path, m in modules.items():
        for name in dict.fromkeys(n for n in (m.alias, m.name) if n):
            names.setdefault(name, []).append(path)

    def module_named(name: str, importer: str) -> str | None:
        found = names.get(name, [])
        if len(found) == 1:
            return found[0]
        inside = [p for p in found if not modules[p].outside]
        return inside[-1] if inside and not modules[importer].outside else None

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
                other = module_named(".".join(parts[:i]), path)
                if other is not None:
                    parent[find(path)] = find(other)
                    break
    groups: dict[str, list[str]] = {}
    for path in modules:
        groups.setdefault(find(path), []).append(path)
    return list(groups.values())


def _parse(data: bytes) -> ast.Module | None:
    """The module's ast; None when Python cannot parse it (rewrite reports that file by itself)."""
    try:
        return ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _imports(m: _Module) -> list[str]:
    tree = _parse(m.data)
    if tree is None:
        return []
    package = (m.name or "").split(".")
    if not m.path.endswith("__init__.py"):
        package = package[:-1]
    out = []
    for node in _statements(tree):
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


def _statements(tree: ast.Module):
    """Every statement, nested ones too, without walking expressions (no statement is inside one)."""
    stack: list = list(tree.body)
    while stack:
        node = stack.pop()
        yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            stack.extend(getattr(node, field, None) or ())


def _env_reads(data: bytes) -> set[str]:
    """Names in os.environ[...], os.environ.get(...), os.getenv(...)."""
    tree = _parse(data)
    if tree is None:
        return set()
    out = set()
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) in ("os.environ", "environ"):
            key = node.slice
        elif isinstance(node, ast.Call) and node.args and ast.unparse(node.func) in (
                "os.environ.get", "environ.get", "os.getenv", "getenv"):
            key = node.args[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            out.add(key.value)
    return out


_ACCOUNT_AT = LOGIN_PARTS.index("account")


def _accounts_that_vary(tree: ast.Module | None, values: list[tuple[ast.Call, ast.AST]]) -> list[tuple[int, str]]:
    """(line, why) of each login whose account is a variable that takes several values here:
    a loop's variable (`for account in ACCOUNTS: ...login(..., account)`), or the parameter of a
    function this module calls more than once or in a loop (`client_for("NL")`, `client_for("BE")`).
    `values`: the module's `_login_account_values`."""
    if tree is None or not any(isinstance(value, ast.Name) for _, value in values):
        return []  # no account from a variable: nothing to walk the module for
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    calls: dict[str, list[ast.Call]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
            calls.setdefault(node.func.id, []).append(node)
    out = []
    for node, value in values:
        if not isinstance(value, ast.Name):
            continue
        name = value.id
        home = None
        for above in _ancestors(node, parents):
            if isinstance(above, (ast.For, ast.AsyncFor)) and name in _bound(above.target):
                out.append((node.lineno, f"the account is the loop variable `{name}`, so each pass logs in "
                                         "to another account"))
                break
            if isinstance(above, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                home = above
                break
        else:
            continue
        if home is None or functions.get(getattr(home, "name", "")) is not home:
            continue
        params = {a.arg for a in [*home.args.posonlyargs, *home.args.args, *home.args.kwonlyargs]}
        used = calls.get(home.name, [])
        if name in params and (len(used) > 1 or any(_in_loop(c, parents) for c in used)):
            out.append((node.lineno, f"{home.name}() logs in to the account it is given, and this module "
                                     "asks it for more than one"))
    return out


def _ancestors(node, parents):
    current = parents.get(node)
    while current is not None:
        yield current
        current = parents.get(current)


def _in_loop(node, parents) -> bool:
    return any(isinstance(a, (ast.For, ast.AsyncFor, ast.While, ast.comprehension, ast.ListComp, ast.SetComp,
                              ast.DictComp, ast.GeneratorExp)) for a in _ancestors(node, parents))


def _bound(target) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _login_account_values(tree) -> list[tuple[ast.Call, ast.AST]]:
    """(login call, the expression its account comes from) for each `.login(...)`: `account=`,
    a dict's "account", or the third positional argument (login(user, password, account))."""
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "login"):
            continue
        values = [kw.value for kw in node.keywords if kw.arg == "account"]
        positional = [a for a in node.args if not isinstance(a, (ast.Starred, ast.Dict))]
        if len(positional) > _ACCOUNT_AT and len(positional) == len(node.args):
            values.append(positional[_ACCOUNT_AT])  # login(user, password, account): the WSDL's order
        for arg in [*node.args, *(kw.value for kw in node.keywords if kw.arg == "parameters")]:
            if isinstance(arg, ast.Dict):
                values += [v for k, v in zip(arg.keys, arg.values)
                           if isinstance(k, ast.Constant) and k.value == "account"]
        out += [(node, value) for value in values]
    return out


def _login_accounts(values: list[tuple[ast.Call, ast.AST]]) -> list[tuple[int, frozenset]]:
    """(line, strings the `account` comes from) of each `.login({...'account': ...})` call,
    from the module's `_login_account_values`."""
    out = []
    for node, value in values:
        strings = frozenset(n.value for n in ast.walk(value)
                            if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value)
        if strings:
            out.append((node.lineno, strings))
    return out
