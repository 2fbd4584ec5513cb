"""codemods._imports.add_imports gives libcst's AddImportsVisitor run on the whole module, byte for
byte, while it hands the visitor only the module's top (where it reads and writes)."""

from __future__ import annotations

import sys
from pathlib import Path

import libcst as cst
import pytest
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, ImportItem

from codemods._imports import add_imports

REPO = Path(__file__).resolve().parents[2]
SHAPES = {
    "docstring, imports, a def": '"""Doc."""\nimport os\nimport zeep\n\n\ndef f():\n    import json\n    return 1\n',
    "no imports": "def f():\n    return 1\n\nX = 1\n",
    "a compound statement first": "if True:\n    import os\nimport zeep\n",
    "imports run into a class": "import os\nfrom zeep import Client\nclass A:\n    pass\n",
    "a comment above the first statement": "import os\n# the client\nclass A:\n    pass\n",
    "two imports on one line": "import os; import sys\nimport zeep\n\ndef f(): pass\n",
    "__strict__ first": "__strict__ = True\nimport os\n\ndef f(): pass\n",
    "future import": '"""Doc."""\nfrom __future__ import annotations\nimport os\nx = 1\n',
    "only imports": "import os\nimport zeep\n",
    "empty": "",
    "a constant between the docstring and the imports": '"""Doc."""\nX = {"a": 1}\nimport os\n\ndef f(): pass\n',
    "CRLF and a footer comment": "import os\r\n\r\ndef f():\r\n    pass\r\n# end\r\n",
}
ITEMS = [
    ImportItem("copernica_access_token", "AccessTokenPlugin", None, 0),
    ImportItem("copernica_access_token", "AccessTokenPlugin", None, 1),  # from .copernica_access_token
    ImportItem("zeep", "Client", None, 0),  # merged into an existing `from zeep import ...`
    ImportItem("__future__", "annotations", None, 0),
]


def _programs() -> list[tuple[str, str]]:
    """Real modules: the bundled legacy programs, the scan's fixtures, a generated benchmark module."""
    found = []
    for root in (REPO / "migrator" / "examples", REPO / "tests" / "scan" / "python" / "data"):
        for path in sorted(root.rglob("*.py")):
            try:
                found.append((str(path.relative_to(REPO)), path.read_text(encoding="utf-8")))
            except UnicodeDecodeError:
                continue
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from rewrite_speed import legacy_module
    finally:
        sys.path.pop(0)
    found.append(("a generated benchmark module", legacy_module(0, 10)))
    return found


PROGRAMS = _programs()


def _compare(sources, item) -> int:
    compared = 0
    for name, source in sources:
        try:
            module = cst.parse_module(source)
        except cst.ParserSyntaxError:
            continue  # fixtures of parse errors
        whole = AddImportsVisitor(CodemodContext(), [item]).transform_module(module).code
        assert add_imports(module, CodemodContext(), [item]).code == whole, name
        compared += 1
    return compared


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: f"{'.' * i.relative}{i.module_name}.{i.obj_name}")
def test_every_module_shape_gets_the_visitors_bytes(item):
    assert _compare(SHAPES.items(), item) == len(SHAPES)


@pytest.mark.parametrize("item", ITEMS[:2], ids=["plugin", "relative plugin"])
def test_real_programs_get_the_visitors_bytes(item):
    # the import rewrite adds most; the visitor walking whole programs is what makes this slow
    assert _compare(PROGRAMS, item) >= 15
