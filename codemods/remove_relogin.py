"""COP006: the re-login on Copernica's `Not logged on` fault goes; the fault propagates.

    try:
        return operation(parameters)
    except Fault as fault:
        if fault.message != "Not logged on":
            raise
        self._login()
        return operation(parameters)
    ->
    return operation(parameters)

With an access token there is no session to expire, so a `Not logged on` fault now
takes the path every other fault takes:
- `if <not logged on>: <re-login> [else: B]` -> B (or nothing);
- `if <not the fault>: <other path>` followed by the re-login -> the other path;
- a handler left empty re-raises (so the fault propagates, as do other errors it
  used to swallow); one left with only a bare `raise` (and no handler after it)
  goes, and a `try` left without handlers is unwrapped (a `finally` stays);
- a decorator that only retries on the fault (`@retry(... 'Not logged on' ...)`,
  or a module's own decorator whose wrapper is nothing but that try/except) is
  removed from the functions it decorates; its definition stays, with a TODO.
Anything else that mentions the fault and logs in (conditions combined with
and/or, several branches, a decorator that also retries on other errors) gets a
TODO comment: guessing would change which errors are retried.

Run alone: python -m libcst.tool codemod -x codemods.remove_relogin.RemoveReloginCommand PATH
"""

from __future__ import annotations

import os
import re

import libcst as cst
from libcst.codemod.visitors import RemoveImportsVisitor

from codemods import _session as s
from codemods.registry import register

TODO_HANDLER = ("re-login on `Not logged on` the tool cannot separate from other error "
                "handling; remove it, access tokens do not expire per session (COP006)")
TODO_DECORATOR = ("this decorator also retries on `Not logged on`; drop that part, access "
                  "tokens do not expire per session (COP006)")
TODO_UNUSED_DECORATOR = ("re-login decorator, not needed with access tokens: its uses here are "
                         "removed; delete it once nothing else uses it (COP006)")


def _polarity(test: cst.BaseExpression) -> bool | None:
    """True: the branch runs on the fault; False: it runs on every other error; None: unclear."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = _polarity(test.expression)
        return None if inner is None else not inner
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        op = test.comparisons[0].operator
        if isinstance(op, (cst.Equal, cst.In)):
            return True
        if isinstance(op, (cst.NotEqual, cst.NotIn)):
            return False
        return None
    if isinstance(test, cst.Call):  # str(f).startswith(NOT_LOGGED_ON), is_not_logged_on(f)
        return True
    return None


@register(order=50, styles=("inline", "plugin"), rules=("COP006",))
class RemoveReloginCommand(s.SessionCodemod):
    DESCRIPTION = "Remove re-login handlers and retry decorators for `Not logged on` (COP006)."
    NEEDLES = ("not logged on", "not_logged_on")

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        self.analysis = s.analyse(tree, self.context, self.project)
        # Copernica's fault text next to a SOAP library (or other Copernica evidence): ours
        if not self.analysis.relogin_sites or not (s.has_copernica(self.analysis)
                                                    or self.analysis.raw.soap_imported):
            return tree  # nothing to do: "no re-login on Copernica's `Not logged on`"
        self.edits = s.StatementEdits(self.context)
        self._handler_bodies: dict[int, list] = {}  # handler id -> its new body (None: goes)
        self._planned_handlers: list[cst.ExceptHandler] = []
        self._planned_ifs: list[tuple[cst.If, list]] = []  # (the if, the statements that stay)
        for site in self.analysis.relogin_sites:
            if isinstance(site.node, cst.Decorator):
                self._plan_decorator(site.node)
            elif self._plan_decorator_definition(site.node):
                continue
            elif isinstance(site.node, cst.ExceptHandler):
                self._plan_handler(site.node)
            else:
                self._plan_if(site.node)
        self.note_unused_names(self._removed_code())
        return super().transform_module_impl(tree)

    def _removed_code(self) -> list[cst.CSTNode]:
        """What the planned edits take out of handlers and ifs (what they keep left out)."""
        removed: list[cst.CSTNode] = []
        for handler in self._planned_handlers:
            new = self._handler_bodies[id(handler)]
            if new is None or all(s.is_bare_raise(st) for st in new):  # a handler that only re-raises goes
                removed.append(handler)
            else:
                removed += _taken(handler.body, {id(n) for n in new})
        for branch, new in self._planned_ifs:
            removed += _taken(branch, {id(n) for n in new})
        return removed

    def _line(self, node: cst.CSTNode) -> int:
        return self.analysis.location(node).line

    # --- planning ----------------------------------------------------------------------------
    def _plan_decorator(self, decorator: cst.Decorator) -> None:
        func = s.enclosing(self.analysis, decorator, (cst.FunctionDef,))
        combined = any(isinstance(n, (cst.BooleanOperation, cst.BinaryOperation))
                       for n in s.descendants(decorator.decorator))
        if combined:  # retries on other errors too: only a person can split that
            if func is not None:
                self.edits.plan_todo(func, TODO_DECORATOR)
            return
        self.edits.plan_remove(decorator)
        self.note_change(self._line(decorator), "retry decorator on `Not logged on` removed")

    def _plan_decorator_definition(self, site: cst.CSTNode) -> bool:
        """A module decorator whose wrapper only retries after a re-login: drop its uses."""
        wrapper = s.enclosing(self.analysis, site, (cst.FunctionDef,))
        outer = s.enclosing(self.analysis, wrapper, (cst.FunctionDef,)) if wrapper else None
        if wrapper is None or outer is None or not isinstance(site, cst.ExceptHandler):
            return False
        if len(outer.params.params) != 1 or isinstance(self.analysis.parent(
                self.analysis.parent(outer)), cst.ClassDef):
            return False  # `def deco(fn)` at module level, not a method returning a closure
        body = [st for st in wrapper.body.body if not _is_docstring(st)]
        try_node = s.enclosing(self.analysis, site, (cst.Try,))
        returns_wrapper = any(
            isinstance(st, cst.SimpleStatementLine) and isinstance(st.body[0], cst.Return)
            and isinstance(st.body[0].value, cst.Name) and st.body[0].value.value == wrapper.name.value
            for st in outer.body.body)
        only_retry = (len(body) == 1 and body[0] is try_node and len(try_node.body.body) == 1
                      and all(h is site or s.is_bare_raise_handler(h) for h in try_node.handlers)
                      if try_node is not None else False)
        if not (returns_wrapper and only_retry):
            return False
        uses = [d for d in self.analysis.raw.decorators
                if s.dotted(_decorator_callee(d.decorator)) == outer.name.value]
        for use in uses:
            self.edits.plan_remove(use)
            self.note_change(self._line(use), f"re-login decorator `@{outer.name.value}` removed")
        if self._used_elsewhere(outer.name.value):
            # the definition stays (other modules use it): reported, the same on every run
            self.edits.plan_todo(outer, TODO_UNUSED_DECORATOR)
        else:
            self.edits.plan_remove(outer)
            self.note_change(self._line(outer), f"re-login decorator `{outer.name.value}` removed "
                                                "(nothing else in the project uses it)")
        return True

    def _used_elsewhere(self, name: str) -> bool:
        """Whether the name occurs in this module outside the decorator uses, or in another module of
        the project; alone (no project) the answer is yes."""
        from migrator.scan import discover

        word = re.compile(rb"\b%s\b" % re.escape(name.encode()))
        uses = {use for use in self.analysis.raw.decorators
                if s.dotted(_decorator_callee(use.decorator)) == name}
        for node in self.analysis.nodes():
            if isinstance(node, cst.Name) and node.value == name and not s.within(self.analysis, node, uses) \
                    and not isinstance(self.analysis.parent(node), cst.FunctionDef):
                return True
        if self.project is None or not self.context.filename:
            return True
        here = os.path.abspath(self.context.filename)
        for path in discover.walk(str(self.project.root), frozenset({".py"}), discover.Excludes(())):
            if path == here:
                continue
            try:
                with open(path, "rb") as fh:
                    if word.search(fh.read()):
                        return True
            except OSError:
                return True
        return False

    def _plan_handler(self, handler: cst.ExceptHandler) -> None:
        body = s.block_statements(handler)
        branches = [i for i, st in enumerate(body)
                    if isinstance(st, cst.If) and s.mentions_not_logged_on(self.analysis, st.test)]
        if not branches:
            if handler.type is not None and s.mentions_not_logged_on(self.analysis, handler.type):
                self._handler_bodies[id(handler)] = None  # `except NotLoggedOn:` is all re-login
                self._planned_handlers.append(handler)
                self._plan_try(handler)
            else:
                self.edits.plan_todo(handler, TODO_HANDLER)
            return
        new = self._without_branch(body, branches) if len(branches) == 1 else None
        if new is None or any(s.calls_login(st) for st in new):
            self.edits.plan_todo(handler, TODO_HANDLER)
            return
        self._handler_bodies[id(handler)] = new or [s.RAISE]
        self._planned_handlers.append(handler)
        self._plan_try(handler)

    def _without_branch(self, body: list, branches: list[int]) -> list | None:
        """The handler's statements with the re-login path taken out; None when unclear."""
        k = branches[0]
        branch = body[k]
        polarity = _polarity(branch.test)
        if polarity is True:
            if branch.orelse is None:
                return body[:k] + body[k + 1:]
            if isinstance(branch.orelse, cst.Else):
                return body[:k] + s.block_statements(branch.orelse) + body[k + 1:]
            return None  # elif chains: which branch is whose?
        if polarity is False and branch.orelse is None and s.terminates(s.block_statements(branch)):
            return body[:k] + s.block_statements(branch)  # what follows the `if` is the re-login
        return None

    def _plan_try(self, handler: cst.ExceptHandler) -> None:
        try_node = s.enclosing(self.analysis, handler, (cst.Try,))
        if try_node is None or id(try_node) in self.edits.replace:
            return
        self.edits.plan_replace(try_node, lambda updated, original=try_node: self._new_try(original, updated))
        self.note_change(self._line(handler), "re-login on `Not logged on` removed; the fault propagates")

    def _plan_if(self, branch: cst.If) -> None:
        new = self._without_branch([branch], [0])
        if new is None or any(s.calls_login(st) for st in new):
            self.edits.plan_todo(branch, TODO_HANDLER)
            return
        self.edits.plan_replace(branch, lambda updated: self._without_branch([updated], [0]))
        self._planned_ifs.append((branch, new))
        self.note_change(self._line(branch), "re-login on `Not logged on` removed")

    # --- applying ----------------------------------------------------------------------------
    def _new_try(self, original: cst.Try, updated: cst.Try):
        handlers = []
        for old, new in zip(original.handlers, updated.handlers):
            if id(old) not in self._handler_bodies:
                handlers.append(new)
                continue
            planned = self._handler_bodies[id(old)]
            RemoveImportsVisitor.remove_unused_import_by_node(self.context, old)
            if planned is None:
                continue
            # the planned statements are originals: use their updated twins where unchanged
            body = _updated_twins(s.block_statements(old), s.block_statements(new), planned)
            handlers.append(new.with_changes(body=new.body.with_changes(body=body)))
        # a trailing `except ...: raise` only re-raises: the same as no handler at all
        while handlers and len(handlers[-1].body.body) == 1 and s.is_bare_raise(handlers[-1].body.body[0]):
            handlers.pop()
        if handlers:
            return updated.with_changes(handlers=handlers)
        body = list(updated.body.body)
        if updated.orelse is not None:
            body += list(updated.orelse.body.body)
        if updated.finalbody is not None:
            return updated.with_changes(handlers=[], orelse=None, body=updated.body.with_changes(body=body))
        first = body[0]  # the try's own comments stay with what was its first statement
        body[0] = first.with_changes(leading_lines=[*updated.leading_lines, *first.leading_lines])
        return body


def _updated_twins(old_body: list, new_body: list, planned: list) -> list:
    twins = {id(o): n for o, n in zip(old_body, new_body)} if len(old_body) == len(new_body) else {}
    out = []
    for st in planned:
        out.append(twins.get(id(st), st))
    return out


def _decorator_callee(expr: cst.BaseExpression) -> cst.BaseExpression:
    return expr.func if isinstance(expr, cst.Call) else expr


def _taken(node: cst.CSTNode, kept: set[int]) -> list[cst.CSTNode]:
    """The parts of `node` that go when the nodes in `kept` (ids) stay."""
    if id(node) in kept:
        return []
    if not any(id(n) in kept for n in s.descendants(node)):
        return [node]
    return [part for child in node.children for part in _taken(child, kept)]


def _is_docstring(st: cst.CSTNode) -> bool:
    return (isinstance(st, cst.SimpleStatementLine) and isinstance(st.body[0], cst.Expr)
            and isinstance(st.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))
