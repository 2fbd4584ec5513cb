"""Fixit-style: every Python rule's own examples, run through the real analyzer."""

import pytest

from migrator.rules import for_language

RULES = for_language("python")
INVALID = [(r.code, i, src) for r in RULES for i, src in enumerate(r.invalid.get("python", ()))]
VALID = [(r.code, i, src) for r in RULES for i, src in enumerate(r.valid.get("python", ()))]


def test_every_python_rule_has_examples():
    assert [r.code for r in RULES] == [f"COP00{i}" for i in range(1, 10)]
    for rule in RULES:
        assert len(rule.invalid["python"]) >= 1 and len(rule.valid["python"]) >= 2, rule.code


@pytest.mark.parametrize("code,index,source", INVALID, ids=[f"{c}-invalid-{i}" for c, i, _ in INVALID])
def test_invalid_example_is_flagged(scan, code, index, source):
    assert code in [f.rule for f in scan(source)]


@pytest.mark.parametrize("code,index,source", VALID, ids=[f"{c}-valid-{i}" for c, i, _ in VALID])
def test_valid_example_is_not_flagged(scan, code, index, source):
    assert code not in [f.rule for f in scan(source)]
