"""Several codemods planned on one parse and applied in one libcst pass.

Run one after another, each codemod would copy the tree, resolve its metadata (scopes,
positions) and build the scanner's analysis again, on the tree the one before it wrote:
most of a rewrite's time. Codemods that say ONE_PASS (codemods/registry.py) instead all
plan on the file as parsed, sharing one metadata wrapper and one analysis, and a single
visit hands every node to each of them in order, as their own passes would have:

- a node an earlier codemod removes (its `doomed` ids) and everything under it is never
  shown to the codemods after it, which would not have seen it in a tree of their own;
- a codemod's `on_leave` gets the node as the codemods before it left it;
- a codemod that answers False in `on_visit` does not see that node's children.

Line numbers in what the codemods note are the parsed file's, for every codemod.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

import libcst as cst
from libcst.codemod import SkipFile
from libcst.metadata import MetadataWrapper

from codemods import registry


class OnePass(cst.CSTTransformer):
    def __init__(self, commands: list[registry.CopernicaCodemod]) -> None:
        super().__init__()
        self.commands = commands
        self.current = commands[0]  # whose hook runs: named if it raises
        self._blind: list[cst.CSTNode | None] = [None] * len(commands)  # removed by an earlier one
        self._pruned: list[cst.CSTNode | None] = [None] * len(commands)  # its own on_visit said no
        self._asleep = 0  # codemods blind or pruned right now: while none is, a node costs little
        # what each codemod does not see: what the ones before it remove (run() put them there),
        # and, as the visit goes, everything under those, for checks like "every reader went"
        self.gone: list[set[int]] = [c.context.scratch.setdefault(registry.GONE, set()) for c in commands]
        self._doomed = set().union(*self.gone)  # where one of them goes blind
        # for which nodes each codemod's on_leave does more than its leave_ hooks (its TODOs)
        self._watched = [c.watched() for c in commands]
        # node type -> [(index, hook)]: only the codemods with a hook for it (most have none for most nodes)
        self._visits: dict[type, list] = {}
        self._leaves: dict[type, list] = {}

    def _visit_hooks(self, node_type: type) -> list:
        found = self._visits.get(node_type)
        if found is None:
            found = self._visits[node_type] = [
                (i, c.on_visit if _overrides(c, "on_visit") else hook) for i, c in enumerate(self.commands)
                for hook in [_hook(c, f"visit_{node_type.__name__}")]
                if hook is not None or _overrides(c, "on_visit")]
        return found

    def _leave_hooks(self, original_node: cst.CSTNode) -> list:
        node_type = type(original_node)
        found = self._leaves.get(node_type)
        if found is None:
            found = self._leaves[node_type] = [
                (i, c.on_leave if self._watched[i] is None else hook) for i, c in enumerate(self.commands)
                for hook in [_hook(c, f"leave_{node_type.__name__}")]
                if hook is not None or self._watched[i] is None]
        key = id(original_node)
        if any(w and key in w for w in self._watched):  # a node one of them watches: its own on_leave
            watching = {i for i, w in enumerate(self._watched) if w and key in w}
            mine = dict(found)
            mine.update((i, self.commands[i].on_leave) for i in watching)
            found = sorted(mine.items())
        return found

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self._asleep or id(node) in self._doomed:
            return self._visit_slowly(node)
        for i, visit in self._visit_hooks(type(node)):
            self.current = self.commands[i]
            if visit(node) is False:
                self._pruned[i] = node
                self._asleep += 1
        return True

    def _visit_slowly(self, node: cst.CSTNode) -> bool:
        hooks = dict(self._visit_hooks(type(node)))
        for i, command in enumerate(self.commands):
            if self._blind[i] is not None or self._pruned[i] is not None:
                if self._blind[i] is not None:
                    self.gone[i].add(id(node))
                continue
            if id(node) in self.gone[i]:
                self._blind[i] = node
                self._asleep += 1
            elif i in hooks:
                self.current = command
                if hooks[i](node) is False:
                    self._pruned[i] = node
                    self._asleep += 1
        return True

    def on_leave(self, original_node, updated_node):
        hooks = self._leave_hooks(original_node)
        if not self._asleep:
            for i, leave in hooks:
                if not isinstance(updated_node, cst.CSTNode):
                    break  # removed or flattened: nothing left to leave
                self.current = self.commands[i]
                updated_node = leave(original_node, updated_node)
            return updated_node
        hooks = dict(hooks)
        for i, command in enumerate(self.commands):
            if self._blind[i] is not None:
                if self._blind[i] is original_node:
                    self._blind[i] = None
                    self._asleep -= 1
                continue
            if self._pruned[i] is not None:
                if self._pruned[i] is not original_node:
                    continue
                self._pruned[i] = None
                self._asleep -= 1
            if i not in hooks or not isinstance(updated_node, cst.CSTNode):
                continue  # no hook; or removed or flattened: nothing left to leave (the state above is reset)
            self.current = command
            updated_node = hooks[i](original_node, updated_node)
        return updated_node

    # libcst asks these for every field of every node: our codemods define no attribute hooks
    def on_visit_attribute(self, node, attribute) -> None:
        return None

    def on_leave_attribute(self, original_node, attribute) -> None:
        return None


def _overrides(command: registry.CopernicaCodemod, name: str) -> bool:
    return getattr(type(command), name) is not getattr(registry.CopernicaCodemod, name)


def _hook(command: registry.CopernicaCodemod, name: str):
    """The command's own `visit_X`/`leave_X` (bound), or None when it keeps libcst's empty stub."""
    if getattr(type(command), name, None) is getattr(cst.CSTTransformer, name, None):
        return None
    return getattr(command, name, None)


class Failed(Exception):
    """A codemod of the pass raised: `codemod` names it, `error` is what it raised."""

    def __init__(self, codemod: registry.CopernicaCodemod, error: Exception) -> None:
        super().__init__(str(error))
        self.codemod, self.error = codemod, error


def run(commands: list[registry.CopernicaCodemod], module: cst.Module,
        copy: bool) -> tuple[cst.Module, list[registry.CopernicaCodemod]]:
    """Plan each command on `module`, sharing one metadata wrapper (a tree as parsed has unique
    nodes and needs no `copy`), then apply those with something to do (no SkipFile) in one pass.
    The commands' contexts share the scratch's ANALYSES cache: the analysis is built once too.
    Returns the new module and the commands that ran."""
    wrapper = MetadataWrapper(module, unsafe_skip_copy=not copy)
    planned = []
    doomed: set[int] = set()
    for command in commands:
        command.context = replace(command.context, wrapper=wrapper)
        command.context.scratch[registry.GONE] = set(doomed)  # what the ones before it remove
        with _blame(command):
            command.metadata = wrapper.resolve_many(command.get_inherited_dependencies())
            try:
                command.plan(wrapper.module)
            except SkipFile:
                continue
        planned.append(command)
        doomed |= command.doomed()
    if not planned:
        return module, []
    visitor = OnePass(planned)
    with _blame(visitor):
        new = wrapper.module.visit(visitor)
    for command in planned:
        with _blame(command):
            new = command.finish(new)
    return new, planned


@contextmanager
def _blame(who):
    try:
        yield
    except Failed:
        raise
    except Exception as exc:  # noqa: BLE001 - named, and the file left as it was, by the engine
        codemod = who.current if isinstance(who, OnePass) else who
        raise Failed(codemod, exc) from exc
