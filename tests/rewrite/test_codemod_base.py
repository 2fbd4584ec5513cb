"""CopernicaCodemod visits as a plain CSTTransformer, unless a subclass uses what that skips.

The base skips libcst's matcher machinery and per-attribute hooks for speed; a codemod written
with `@m.leave(...)` or `leave_Call_func` must still have them called, or its edits would
silently not happen."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext

from codemods import registry
from codemods.registry import CopernicaCodemod

SOURCE = "x = f(1)\ny = g(2)\n"


class _Decorated(CopernicaCodemod):
    @m.leave(m.Call(func=m.Name("f")))
    def _rename(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        return updated_node.with_changes(func=cst.Name("renamed"))

    @m.call_if_inside(m.Assign(targets=[m.AssignTarget(m.Name("y"))]))
    def leave_Integer(self, original_node: cst.Integer, updated_node: cst.Integer) -> cst.Integer:
        return updated_node.with_changes(value="20")


class _AttributeHook(CopernicaCodemod):
    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        self.funcs: list[str] = []

    def visit_Call_func(self, node: cst.Call) -> None:
        self.funcs.append(node.func.value)


class _Plain(CopernicaCodemod):
    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value=updated_node.value.upper())


def _run(command: CopernicaCodemod) -> str:
    return command.transform_module(cst.parse_module(SOURCE)).code


def test_matcher_decorated_methods_still_run():
    assert _run(_Decorated(CodemodContext())) == "x = renamed(1)\ny = g(20)\n"


def test_attribute_hooks_still_run():
    command = _AttributeHook(CodemodContext())
    _run(command)
    assert command.funcs == ["f", "g"]


def test_plain_visits_run_and_registered_codemods_take_the_plain_path():
    assert _run(_Plain(CodemodContext())) == "X = F(1)\nY = G(2)\n"
    assert _Plain._plain and not _Decorated._plain
    for entry in registry.for_style("inline") + registry.for_style("plugin"):
        assert entry.command._plain, entry.name
