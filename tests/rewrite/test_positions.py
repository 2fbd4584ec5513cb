"""The lazily made positions are libcst's PositionProvider's, node for node, to the column."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider
from libcst.metadata.base_provider import BaseMetadataProvider

from migrator.rewrite import libcst_tuning, positions

_ROOT = Path(__file__).resolve().parents[2]
_TRICKY = {
    "crlf": b"import zeep\r\nclient = zeep.Client('w')\r\nclient.service.login('u', 'p')\r\n",
    "no final newline": b"def f():\n    return g(1,\n             2)",
    "tabs and continuation": b"if x:\n\ty = (a +\n\t     b) \\\n\t    + c\n",
    "decorators and comments": b"# top\n\n@dec(1)  # why\n@other\nclass C(B):\n    '''doc'''\n    x: int = 1\n",
    "f-strings and lambdas": b"s = f'{a!r:>{w}} {b[\"k\"]}'\nf = lambda *a, **k: (yield)\n",
    "empty": b"",
    "comment only": b"# nothing\n",
    "semicolons": b"a = 1; b = 2;\nwith open(p) as f, g() as h: pass\n",
}


def _libcst_ranges(module: cst.Module) -> dict:
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    return dict(BaseMetadataProvider._gen(PositionProvider(), wrapper))  # libcst's own, never the tuned one


def _sources() -> list[tuple[str, bytes]]:
    found = [(name, data) for name, data in _TRICKY.items()]
    for folder in ("tests/corpus", "migrator/examples"):
        found += [(str(p.relative_to(_ROOT)), p.read_bytes()) for p in sorted((_ROOT / folder).rglob("*.py"))]
    return found


def test_every_node_of_every_corpus_program_has_libcsts_range():
    checked = 0
    for name, data in _sources():
        module = cst.parse_module(data)
        expected = _libcst_ranges(module)
        mine = positions.of(module)
        assert set(mine) == set(expected), name
        for node, where in expected.items():
            assert mine[node] == where, (name, type(node).__name__, where, mine[node])
        assert mine.get(cst.Name("elsewhere")) is None
        checked += len(expected)
    assert checked > 10_000  # the corpus was there to compare


@pytest.mark.parametrize("copy", [False, True])
def test_a_tuned_wrapper_hands_the_codemods_the_same_ranges(copy):
    libcst_tuning.install()
    module = cst.parse_module(_TRICKY["decorators and comments"])
    wrapper = MetadataWrapper(module, unsafe_skip_copy=not copy)
    got = wrapper.resolve(PositionProvider)
    assert isinstance(got, positions.Positions)
    assert dict(got) == _libcst_ranges(wrapper.module)
    klass = wrapper.module.body[0]
    assert got[klass].start.line == 5 and got[klass.name].start == cst.metadata.CodePosition(5, 6)


def test_the_code_generated_on_the_way_is_the_modules_code_and_its_ranges_are_kept():
    for name, data in _sources():
        module = cst.parse_module(data)
        assert positions.code_of(module) == module.code, name
        kept = positions.of(module)
        assert positions.of(module) is kept  # the wrapper made next gets them without a codegen
        assert dict(kept) == _libcst_ranges(module), name
    assert positions.of(cst.parse_module(b"x = 1\n")) is not kept  # another module: its own
