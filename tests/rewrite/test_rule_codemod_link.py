"""A rule and the codemod that fixes it name each other: from a rule's module (`codemod=`) one
step finds its codemod, and a codemod's `@register(rules=...)` names the rules it acts on."""

from __future__ import annotations

import importlib

import pytest

from codemods import registry
from migrator.rules import all_rules

RULES = {rule.code: rule for rule in all_rules()}
CODEMODS = {entry.command.__module__: entry for entry in registry.for_style("inline") + registry.for_style("plugin")}


@pytest.mark.parametrize("code", [r.code for r in all_rules() if r.fixable and "python" in r.languages])
def test_every_fixable_python_rule_names_a_codemod_that_names_it_back(code):
    rule = RULES[code]
    assert rule.codemod in CODEMODS, f"{code}: codemod={rule.codemod!r} is no registered codemod"
    assert code in (CODEMODS[rule.codemod].rules or ()), f"{rule.codemod} does not name {code}"
    assert importlib.import_module(rule.codemod).__doc__  # a module a reader can open


@pytest.mark.parametrize("module", sorted(m for m, e in CODEMODS.items() if e.rules))
def test_every_codemod_names_rules_that_name_it_back(module):
    for code in CODEMODS[module].rules:
        assert code in RULES, f"{module} names {code}, which is no rule"
        assert RULES[code].codemod == module, f"{code} names {RULES[code].codemod}, not {module}"


def test_a_rule_without_a_fix_names_no_codemod_unless_one_marks_its_findings():
    # COP007's codemod only adds a TODO (the raw envelope needs hands): named, not fixable
    for rule in all_rules():
        if rule.codemod is not None and not rule.fixable:
            assert CODEMODS[rule.codemod].rules == (rule.code,)


def test_rules_command_shows_where_the_codemod_is():
    import subprocess
    import sys

    shown = subprocess.run([sys.executable, "-m", "migrator", "rules", "COP001"], capture_output=True,
                           text=True, timeout=60).stdout
    assert "Codemod: codemods.remove_login (codemods/remove_login.py)" in shown
