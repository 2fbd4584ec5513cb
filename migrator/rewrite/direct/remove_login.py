"""COP001 as direct edits: codemods/remove_login.py's decisions, for a login on a line of its own.

What goes with the login is what the codemod takes: the credential dicts and `os.environ[...]`
reads only it read; a try that guarded only it, when its handlers only report (its handlers go
too); `pass` in a block it leaves empty; the imports only that code used (imports.py). What only
it read is reported. A login whose result is used, inside an expression, in a handler, guarded by
a try whose handler does work, passed on or reached through getattr is the codemod's (CannotEdit:
it writes a TODO there).
"""

from __future__ import annotations

import ast
from collections import Counter

from codemods.remove_login import FORMATTERS, REPORTERS, DICT_REMOVED, ENV_REMOVED, REMOVED
import migrator.rewrite.direct.syntax as syntax
from migrator.rewrite.direct.plan import Plan, give_up
from migrator.rewrite.direct.text import alone_on_line
from migrator.scan.python import evidence


def plan(p: Plan) -> list[ast.expr]:
    """Drop the logins and what only they read; returns the removed expressions that carried
    credentials (the report's unused-credential notes read them after the other edits)."""
    a = p.analysis
    if a.relogin_sites:
        give_up("a re-login handler")
    for node in a.raw.parents:
        holder = a.parent(node)
        if isinstance(node, ast.Attribute) and node.attr == "login" and (
                isinstance(holder, ast.keyword) or (isinstance(holder, ast.Call) and node is not holder.func)):
            give_up("a login passed on")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Call) and syntax.name_of(node.func.func) == "getattr":
            give_up("a call through getattr")
    sources: list[ast.expr] = []
    for login in a.login_calls:
        call = login.node
        statement = a.parent(call)
        if not (isinstance(call, ast.Call) and isinstance(statement, ast.Expr)) or isinstance(call.func, ast.Name):
            give_up("a login inside an expression, or through a name")
        holder = a.parent(statement)
        if isinstance(holder, (ast.ExceptHandler, getattr(ast, "TryStar", ast.ExceptHandler))) or \
                (isinstance(holder, ast.Try) and not any(statement is s for s in holder.body)):
            give_up("a login in an except, else or finally block")
        if isinstance(holder, ast.Try) and len(holder.body) == 1 and (
                holder.orelse or holder.finalbody or any(_does_work(a, h) for h in holder.handlers)):
            give_up("a login a try guards with work (a TODO), or with else/finally")
        if not alone_on_line(p.source, statement):
            give_up("a login sharing its line")
        p.dropped.append(statement)
        sources.extend(syntax.arguments(call))
        p.note_change(statement.lineno, REMOVED)
    if not p.dropped:
        return []
    _drop_credentials(p, sources)
    # a try that guarded only the login goes with its handlers (codemods.remove_login's doomed
    # handlers; its _body drops the emptied try)
    guards = [h for d in p.dropped for h in [a.parent(d)] if isinstance(h, ast.Try)
              and all(any(s is x for x in p.dropped) for s in h.body)]
    if any(h.orelse or h.finalbody or any(_does_work(a, handler) for handler in h.handlers) for h in guards):
        give_up("an emptied try with else or finally (the codemod keeps those in its place), or whose "
                "handler does work (the codemod leaves its logins with a TODO)")
    gone = [*p.dropped, *(handler for h in guards for handler in h.handlers)]
    p.guards = list(dict.fromkeys(guards))
    p.dropped.extend(p.guards)
    imported = syntax.imported_names(a)
    for node in gone:
        if _releases(p, node, imported):
            p.released.append(node)
    return sources


def _from_os(node: ast.AST) -> bool:
    """An import of `os` or of names from it (codemods.remove_login._from_os)."""
    if isinstance(node, ast.Import):
        return any(a.name.split(".")[0] == "os" for a in node.names)
    return isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "os"


def _does_work(a, handler: ast.ExceptHandler) -> bool:
    """The handler calls something other than a report (`print`, `log.error`, `sys.exit`, `str`)."""
    for statement in handler.body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and not _reports(node.func) and not isinstance(a.parent(node), ast.Raise):
                return True
    return False


def _reports(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in ("print", "exit", "quit", *FORMATTERS)
    return isinstance(func, ast.Attribute) and (func.attr in REPORTERS or syntax.dotted(func) == "sys.exit")


def _drop_credentials(p: Plan, sources: list[ast.expr]) -> None:
    """Credential dict literals and `os.environ[...]` reads that only dropped code reads go too."""
    done = 0
    while done < len(sources):
        source = sources[done]
        done += 1
        for _name, assignment in syntax.assignments_read_by(p.analysis, source):
            target = assignment.node
            found = _own_line(p, target)
            if found is None:
                continue
            if isinstance(found.value, ast.Dict):
                keys = set(p.analysis.dict_entries(found.value, depth=1))
                if evidence.login_shape(keys) and keys <= {"username", "account", "password"} \
                        and all(p.gone(ref.node) for ref in syntax.references(p.analysis, assignment)):
                    p.dropped.append(found)
                    sources.append(found.value)
                    _note_if_global(p, target)
                    p.note_change(found.lineno, DICT_REMOVED.format(name=target.id))
                continue
            variable = _environ_read(p, found.value)
            refs = syntax.references(p.analysis, assignment)
            if variable is not None and refs and all(p.gone(ref.node) for ref in refs):
                p.dropped.append(found)
                _note_if_global(p, target)
                p.note_change(found.lineno, ENV_REMOVED.format(name=target.id, variable=variable))


def _own_line(p: Plan, target) -> ast.Assign | ast.AnnAssign | None:
    """`target = value` (or `target: T = value`) alone on its line, not going already."""
    assign = p.analysis.parent(target) if isinstance(target, ast.Name) else None
    if (isinstance(assign, ast.Assign) and len(assign.targets) == 1 and assign.targets[0] is target) or \
            (isinstance(assign, ast.AnnAssign) and assign.target is target and assign.value is not None):
        if alone_on_line(p.source, assign) and not any(assign is d for d in p.dropped):
            return assign
    return None


def _environ_read(p: Plan, value: ast.expr) -> str | None:
    """The variable of `os.environ["NAME"]` (one plain string literal), else None."""
    if isinstance(value, ast.Subscript) and p.analysis.qualified_names(value.value) == {"os.environ"} \
            and syntax.plain_string(p.analysis, value.slice):
        return value.slice.value
    return None


def _note_if_global(p: Plan, target: ast.Name) -> None:
    scope = p.analysis.raw.scopes.get(target)
    if scope is not None and scope.kind == "global":
        p.note_removed_name("this module", target.id)


def _releases(p: Plan, statement: ast.stmt, imported: set[str]) -> bool:
    """Whether the codemod asks libcst to drop the imports this statement used (it does when one
    of its names is imported and read nowhere else, or is an attribute so named)."""
    for node in ast.walk(statement):
        if (isinstance(node, ast.Attribute) and node.attr in imported) or \
                (isinstance(node, ast.keyword) and node.arg in imported):
            return True  # libcst sees a Name there, with no access: "not sure", it asks
        if isinstance(node, ast.Name) and node.id in imported:
            accesses = p.analysis.resolver.by_node.get(id(node))
            if not accesses:
                return True
            if all(p.gone(ref.node) for access in accesses for r in access.referents
                   for ref in syntax.references(p.analysis, r)):
                return True
    return False


def report_unused(p: Plan, sources: list[ast.expr]) -> None:
    """What the removed logins read and nothing else does: reported, never deleted."""
    a = p.analysis
    counts = Counter(v for v in (a._str(s) for s in a.raw.strings) if v is not None)
    read = [syntax.env_names(a, source) for source in sources]
    kept_reads: set[str] | None = None  # the settings read outside the removed code, when asked
    for source, envs in zip(sources, read):
        for env in envs:
            if counts.get(env, 0) <= sum(names.count(env) for names in read):
                p.note_unused(f"environment variable {env}")
        for name, assignment in syntax.assignments_read_by(a, source):
            node = assignment.import_node if assignment.import_node is not None else assignment.node
            refs = syntax.references(a, assignment)
            if node is None or assignment.builtin or not refs or p.gone(node, guards=False) or _from_os(node):
                continue
            if all(p.gone(ref.node, guards=False) for ref in refs):
                p.note_unused(f"{name.id} (line {syntax.line_of(node)})")
        for node in syntax.descendants(source):
            text = syntax.setting_read(a, node)
            if text is None:
                continue
            if kept_reads is None:  # the module's reads, indexed once
                kept_reads = {t for other in a.raw.parents for t in [syntax.setting_read(a, other)]
                              if t is not None and not p.gone(other, guards=False)}
            if text not in kept_reads:
                p.note_unused(f"{text} (read on line {node.lineno} by the login that went)")
