"""Each fixable rule's own before/after example (Rule.fixes, Fixit style): `rewrite`, in its
default style, makes exactly `after` of a file holding `before`, needs no hands, and the result
has no finding of the rule left."""

from __future__ import annotations

import pytest

from migrator.rewrite import RewriteOptions, rewrite
from migrator.rules import all_rules
from migrator.rules.checking import Checker
from migrator.scan.contract import ProjectContext
from migrator.scan.python import PythonAnalyzer

EXAMPLES = [pytest.param(rule.code, before, after, id=f"{rule.code}-{i}")
            for rule in all_rules() for i, (before, after) in enumerate(rule.fixes.get("python", ()))]


def test_every_fixable_python_rule_shows_its_fix():
    shown = {code for code, *_ in (p.values for p in EXAMPLES)}
    assert shown == {r.code for r in all_rules() if r.fixable and "python" in r.languages}


@pytest.mark.parametrize("code,before,after", EXAMPLES)
def test_rewrite_makes_the_after_of_the_before(code, before, after, tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "example.py").write_text(before)
    result = rewrite([str(tmp_path / "app")], RewriteOptions(), cwd=str(tmp_path))
    assert not result.needs_hands and not result.failed
    [file] = [f for f in result.changed if f.display.endswith("example.py")]
    assert file.new.decode() == after
    left = Checker(PythonAnalyzer()).analyze("example.py", after.encode(), "example", ProjectContext(tmp_path))
    assert code not in {f.rule for f in left}
