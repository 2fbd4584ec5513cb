"""PendingImports.settle: the imports codemods asked for are added once, never twice, and one
they made unused goes only when no code reads its name any more."""

from __future__ import annotations

import ast

import libcst as cst
import pytest
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from codemods._imports import PendingImports

PLUGIN = ("copernica_access_token", "AccessTokenPlugin", None, 0)
RELATIVE = ("copernica_access_token", "AccessTokenPlugin", None, 1)


def _settle(source: str, adds=(), removes=()) -> str:
    context = CodemodContext()
    for module, obj, alias, relative in adds:
        AddImportsVisitor.add_needed_import(context, module, obj, asname=alias, relative=relative)
    for module, obj, alias in removes:
        RemoveImportsVisitor.remove_unused_import(context, module, obj, alias)
    pending = PendingImports()
    pending.take(context)
    return pending.settle(cst.parse_module(source), CodemodContext(), None).code


@pytest.mark.parametrize("source", [
    "import os\nx = os.sep\n",
    "import sys; import os\nx = os.sep\n",
    "import os, sys\nx = os.sep\n",
])
def test_an_import_already_at_the_top_is_not_added_again(source):
    assert _settle(source, adds=[("os", None, None, 0)]) == source


@pytest.mark.parametrize("source", [
    "import os as o\nx = o.sep\n",  # another binding: the plain name is still missing
    "def f():\n    import os\n",  # not at the top
    "if True:\n    import os\n",
])
def test_an_import_that_binds_something_else_or_sits_lower_is_added(source):
    assert "os" in _top_level_names(_settle(source, adds=[("os", None, None, 0)]))


@pytest.mark.parametrize("source, item", [
    ("from copernica_access_token import AccessTokenPlugin\nc = AccessTokenPlugin()\n", PLUGIN),
    ("from copernica_access_token import (\n    AccessTokenPlugin,\n)\nc = AccessTokenPlugin()\n", PLUGIN),
    ("from .copernica_access_token import AccessTokenPlugin\nc = AccessTokenPlugin()\n", RELATIVE),
    ("from . copernica_access_token import AccessTokenPlugin\nc = AccessTokenPlugin()\n", RELATIVE),
])
def test_a_from_import_already_there_is_not_added_again(source, item):
    assert _settle(source, adds=[item]) == source


@pytest.mark.parametrize("source, item", [
    ("from .copernica_access_token import AccessTokenPlugin\n", PLUGIN),  # relative is not absolute
    ("from copernica_access_token import AccessTokenPlugin as P\n", PLUGIN),
    ("from other import AccessTokenPlugin\n", PLUGIN),
])
def test_a_from_import_of_something_else_does_not_count(source, item):
    assert "AccessTokenPlugin" in _top_level_names(_settle(source, adds=[item]))


def test_a_star_import_of_the_plugin_module_already_brings_the_class():
    source = "from copernica_access_token import *\n"
    assert _settle(source, adds=[PLUGIN]) == source


def _top_level_names(code: str) -> set[str]:
    """The names the module's top-level absolute imports bind."""
    names = set()
    for node in ast.parse(code).body:
        if isinstance(node, ast.Import):
            names |= {a.asname or a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names |= {a.asname or a.name for a in node.names}
    return names


def test_an_unused_import_goes_and_a_read_one_stays():
    assert _settle("import zeep\nimport os\nx = 1\n", removes=[("zeep", None, None)]) == "import os\nx = 1\n"
    kept = "import zeep\nclient = zeep.Client('w')\n"
    assert _settle(kept, removes=[("zeep", None, None)]) == kept
