"""Shared by the session codemods (wrapper class/construction, re-login, cookies).

The scanner's ModuleAnalysis is built on the very tree a codemod visits (it wraps
it with unsafe_skip_copy), so its nodes are matched by identity while
transforming. `StatementEdits` is the one place where planned statement edits
(remove, replace, TODO) are applied, so each codemod only decides *what* to edit.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Callable

import libcst as cst
from libcst.codemod import Codemod, CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.metadata import ScopeProvider

from codemods._clients import (  # noqa: F401 - shared helpers, used as s.<name>
    analyse, descendants, dotted, enclosing, env_names, has_todo, in_package, statement_of, with_todo,
    within)
from codemods._imports import PendingImports
from codemods.registry import PIPELINE, CopernicaCodemod
from migrator.scan.discover import module_name
from migrator.scan.python import evidence
from migrator.scan.python.analysis import ModuleAnalysis, callee, string_value  # noqa: F401 (s.string_value)

Statement = cst.CSTNode  # SimpleStatementLine or a compound statement




def has_copernica(analysis: ModuleAnalysis) -> bool:
    """Copernica evidence in the module: its names or host, its operations, a login or wrapper of it."""
    return bool(analysis.module_evidence or analysis.login_calls or analysis.wrapper_classes
                or analysis.wrapper_constructions or any(analysis.client_evidence.values()))






def names_descendants(node: cst.CSTNode) -> list[cst.Name]:
    """Name nodes under `node` in source order (reports list them as the reader would)."""
    return [n for n in descendants(node) if isinstance(n, cst.Name)]






def mentions_not_logged_on(analysis: ModuleAnalysis, node: cst.CSTNode) -> bool:
    """The fault text, written out or through a constant (NOT_LOGGED_ON = 'Not logged on')."""
    if evidence.NOT_LOGGED_ON in analysis.code(node).lower():
        return True
    return any(evidence.NOT_LOGGED_ON in text.lower()
               for n in descendants(node) if isinstance(n, cst.Name)
               for text in analysis.texts(n, 2)[0])


def calls_login(node: cst.CSTNode) -> bool:
    return any(isinstance(n, cst.Call) and "login" in callee(n).lower() for n in descendants(node))










def is_bare_raise(statement: cst.CSTNode) -> bool:
    return (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
            and isinstance(statement.body[0], cst.Raise) and statement.body[0].exc is None)


def is_bare_raise_handler(handler: cst.ExceptHandler) -> bool:
    return len(handler.body.body) == 1 and is_bare_raise(handler.body.body[0])


def terminates(statements) -> bool:
    """The block ends in raise/return/continue/break: code after it is another path."""
    if not statements:
        return False
    last = statements[-1]
    return isinstance(last, cst.SimpleStatementLine) and isinstance(
        last.body[-1], (cst.Raise, cst.Return, cst.Continue, cst.Break))


def block_statements(node) -> list:
    """Statements of an If's/Else's/handler's body."""
    body = node.body
    return list(body.body) if isinstance(body, cst.IndentedBlock) else list(body.body)


RAISE = cst.SimpleStatementLine([cst.Raise()])
PASS = cst.SimpleStatementLine([cst.Pass()])


class StatementEdits:
    """Planned edits keyed by original node identity; `apply` is called from on_leave.

    remove: the node goes (its now-unused imports too, via RemoveImportsVisitor);
    replace: a function of the updated node returning the new node (or a list of
    statements / RemoveFromParent); todo: a TODO comment above the node.
    """

    def __init__(self, context: CodemodContext):
        self.context = context
        self.remove: set[int] = set()
        self.replace: dict[int, Callable] = {}
        self.todo: dict[int, str] = {}
        self._keep: list[cst.CSTNode] = []  # planned nodes stay alive, so their ids stay unique

    def plan_remove(self, node: cst.CSTNode) -> None:
        self._keep.append(node)
        self.remove.add(id(node))

    def plan_replace(self, node: cst.CSTNode, make: Callable) -> None:
        self._keep.append(node)
        self.replace[id(node)] = make

    def plan_todo(self, node: cst.CSTNode, text: str) -> None:
        self._keep.append(node)
        self.todo.setdefault(id(node), text)

    def __bool__(self) -> bool:
        return bool(self.remove or self.replace or self.todo)

    def apply(self, original: cst.CSTNode, updated):
        key = id(original)
        if key in self.remove:
            RemoveImportsVisitor.remove_unused_import_by_node(self.context, original)
            return cst.RemoveFromParent()
        if key in self.replace:
            RemoveImportsVisitor.remove_unused_import_by_node(self.context, original)
            new = self.replace[key](updated)
            if isinstance(new, list):
                return cst.FlattenSentinel(new) if new else cst.RemoveFromParent()
            updated = new
        if key in self.todo and hasattr(updated, "leading_lines"):
            updated = with_todo(updated, self.todo[key])
        if isinstance(updated, cst.IndentedBlock) and not updated.body:
            updated = updated.with_changes(body=[PASS])  # every statement of the block went
        return updated


def package_of(filename: str | None, project) -> str | None:
    """The dotted package of a module file (what resolves its relative imports)."""
    if not filename:
        return None
    name = module_name(filename, str(project.root) if project is not None else "/")
    if name is None or os.path.basename(filename) == "__init__.py":
        return name
    return name.rpartition(".")[0] or None


class SessionCodemod(CopernicaCodemod):
    """Base of the session codemods: applies `self.edits` and runs libcst's import visitors.

    RemoveImportsVisitor cannot follow a relative import (`from .copernica_access_token
    import ...`, added by the plugin codemods) without the file's package, which the
    engine does not give; AddImportsVisitor must not have it, or it would turn the
    relative plugin import into an absolute one. So: add first, then remove knowing it.
    """

    edits: StatementEdits | None = None
    analysis: ModuleAnalysis
    # Lower-case text one of which a module must contain to have anything for this codemod
    # (the scan's prefilter idea): skips libcst's tree copy and the analysis elsewhere.
    NEEDLES: tuple[str, ...] = ()

    def needles(self) -> tuple[str, ...]:
        return self.NEEDLES

    def transform_module(self, tree: cst.Module) -> cst.Module:
        needles = self.needles()
        if needles:
            text = tree.code.lower()
            if not any(n in text for n in needles):
                return tree
        given = self.context.full_package_name
        known = replace(self.context, full_package_name=given or self._package())
        self.context = known  # RemoveImportsVisitor.remove_unused_import_by_node resolves imports too
        try:
            tree = Codemod.transform_module(self, tree)
            if self.context.scratch.get(PIPELINE):
                return tree  # the engine settles the imports once, after the last codemod
            pending = PendingImports()
            pending.take(self.context)
            tree = pending.settle(tree, replace(self.context, full_package_name=given), known.full_package_name)
        finally:
            self.context = replace(self.context, full_package_name=given)
        return tree

    def _package(self) -> str | None:
        return package_of(self.context.filename, self.project)

    def note_unused_names(self, removed: list[cst.CSTNode]) -> None:
        """Report names (and env vars) only the removed code read: `PASSWORD = os.environ[...]`
        stays where it is, listed as an unused credential. Uses the analysis's own scopes."""
        scopes = self.analysis.wrapper.resolve(ScopeProvider)  # resolved once, by the analysis
        inside = {id(n) for node in removed for n in descendants(node)}
        for node in removed:
            for name in names_descendants(node):
                scope = scopes.get(name)
                if scope is None or name not in scope.accesses:
                    continue
                for access in scope.accesses[name]:
                    if access.node is not name:
                        continue
                    for assignment in access.referents:
                        bound = getattr(assignment, "node", None)
                        refs = getattr(assignment, "references", ())
                        if not isinstance(bound, cst.Name) or not refs or id(bound) in inside \
                                or not all(id(r.node) in inside for r in refs):
                            continue  # (a name the removed code binds itself, `except ... as e`, goes with it)
                        self.note_unused_credential(f"{name.value} (line {self.analysis.location(bound).line})")

    def on_leave(self, original_node, updated_node):
        updated = super().on_leave(original_node, updated_node)
        if self.edits is not None and isinstance(updated, cst.CSTNode):
            return self.edits.apply(original_node, updated)
        return updated
