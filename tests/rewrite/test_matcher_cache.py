"""The engine's once-per-class matcher search must not lose a visitor's decorated methods."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from migrator.rewrite import matcher_cache


class _Renamer(m.MatcherDecoratableTransformer):
    @m.leave(m.Name("old"))
    def _rename(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value="new")


class _Plain(m.MatcherDecoratableTransformer):
    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value=updated_node.value.upper())


def test_decorated_methods_run_in_every_instance_and_plain_ones_still_visit():
    matcher_cache.install()
    matcher_cache.install()  # twice is once
    module = cst.parse_module("old = other\n")
    for _ in range(3):
        assert module.visit(_Renamer()).code == "new = other\n"
        assert module.visit(_Plain()).code == "OLD = OTHER\n"


def test_libcst_import_visitors_give_the_same_bytes_again_and_again():
    matcher_cache.install()
    module = cst.parse_module('"""Doc."""\nimport os\n\nprint(os.sep)\n')
    for _ in range(3):
        context = CodemodContext()
        AddImportsVisitor.add_needed_import(context, "zeep")
        out = AddImportsVisitor(context).transform_module(module)
        assert out.code == '"""Doc."""\nimport os\nimport zeep\n\nprint(os.sep)\n'
