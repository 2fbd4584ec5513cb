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


# PHP: a rule's `fixed_by["php"]` names the fix modules (migrator/rewrite/php/) that act on its
# findings, and each fix's `@fix(...)` names the rules it fixes; Java, C# and JS are found only.
def _php_fixes() -> dict[str, tuple[str, ...]]:
    from migrator.rewrite.php.fixes import load

    found: dict[str, tuple[str, ...]] = {}
    for entry in load():
        found[entry.run.__module__] = tuple(sorted({*found.get(entry.run.__module__, ()), *entry.rules}))
    return found


PHP_FIXES = _php_fixes()


@pytest.mark.parametrize("code", [r.code for r in all_rules() if r.fixed_by.get("php")])
def test_every_php_fixable_rule_names_fix_modules_that_name_it_back(code):
    for module in RULES[code].fixed_by["php"]:
        assert module in PHP_FIXES, f"{code}: {module} registers no PHP fix"
        assert code in PHP_FIXES[module], f"{module} does not name {code}"
        assert importlib.import_module(module).__doc__


@pytest.mark.parametrize("module", sorted(PHP_FIXES))
def test_every_php_fix_names_rules_that_name_it_back(module):
    for code in PHP_FIXES[module]:
        assert code in RULES, f"{module} names {code}, which is no rule"
        assert module in RULES[code].fixed_by.get("php", ()), f"{code} does not name {module}"


def test_of_the_other_languages_only_php_is_fixable():
    assert PHP_FIXES, "no PHP fix registered itself"
    for rule in all_rules():
        assert set(rule.fixed_by) <= {"php"}, rule.code
        for language in ("java", "csharp", "javascript", "typescript"):
            assert not rule.fixable_in(language), (rule.code, language)
