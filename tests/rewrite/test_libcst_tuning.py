"""The engine's once-per-class reflection must not lose a visitor's methods, nor mix up its instances."""

from __future__ import annotations

import types

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst._batched_visitor import visit_batched
from libcst.metadata import (ExpressionContext, ExpressionContextProvider, MetadataWrapper, ParentNodeProvider,
                             ScopeProvider)

from migrator.rewrite import libcst_tuning


class _Renamer(m.MatcherDecoratableTransformer):
    @m.leave(m.Name("old"))
    def _rename(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value="new")


class _Plain(m.MatcherDecoratableTransformer):
    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value=updated_node.value.upper())


def test_decorated_methods_run_in_every_instance_and_plain_ones_still_visit():
    libcst_tuning.install()
    libcst_tuning.install()  # twice is once
    module = cst.parse_module("old = other\n")
    for _ in range(3):
        assert module.visit(_Renamer()).code == "new = other\n"
        assert module.visit(_Plain()).code == "OLD = OTHER\n"


def test_libcst_import_visitors_give_the_same_bytes_again_and_again():
    libcst_tuning.install()
    module = cst.parse_module('"""Doc."""\nimport os\n\nprint(os.sep)\n')
    for _ in range(3):
        context = CodemodContext()
        AddImportsVisitor.add_needed_import(context, "zeep")
        out = AddImportsVisitor(context).transform_module(module)
        assert out.code == '"""Doc."""\nimport os\nimport zeep\n\nprint(os.sep)\n'


class _Names(cst.BatchableCSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def visit_Name(self, node: cst.Name) -> None:
        self.seen.append(node.value)


def test_batched_visitors_call_their_own_instance_and_scopes_stay_right():
    libcst_tuning.install()
    first, second = _Names(), _Names()
    visit_batched(cst.parse_module("a = b\n"), [first])
    visit_batched(cst.parse_module("c = d\n"), [second])
    assert (first.seen, second.seen) == (["a", "b"], ["c", "d"])

    own = _Names()

    def visit_Integer(self, node: cst.Integer) -> None:
        self.seen.append(node.value)

    own.visit_Integer = types.MethodType(visit_Integer, own)  # one instance's own method runs, as in libcst
    visit_batched(cst.parse_module("e = 7\n"), [own])
    assert own.seen == ["e", "7"]

    for source, reads in (("x = 1\nprint(x)\n", {"x", "print"}), ("def f(y):\n    return y\n", {"y"})):
        scopes = MetadataWrapper(cst.parse_module(source)).resolve(ScopeProvider)
        found = {a.node.value for scope in set(scopes.values()) if scope is not None for a in scope.accesses}
        assert found == reads


class _ModuleAndNames(cst.BatchableCSTVisitor):
    """A batch member with a hook besides visit_Module: the batch is walked as libcst walks it."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def visit_Module(self, node: cst.Module) -> None:
        self.seen.append("module")

    def visit_Name(self, node: cst.Name) -> None:
        self.seen.append(node.value)


def test_providers_that_work_in_visit_module_give_their_metadata_and_other_batches_are_walked():
    libcst_tuning.install()
    module = cst.parse_module("a.b = c\n")
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    contexts = wrapper.resolve(ExpressionContextProvider)
    parents = wrapper.resolve(ParentNodeProvider)
    target = module.body[0].body[0].targets[0].target
    assert contexts[target] is ExpressionContext.STORE and contexts[target.value] is ExpressionContext.LOAD
    assert parents[target.value] is target

    both = _ModuleAndNames()
    wrapper.visit_batched([both, ExpressionContextProvider()])
    assert both.seen == ["module", "a", "b", "c"]
