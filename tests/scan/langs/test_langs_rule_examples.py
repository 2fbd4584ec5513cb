"""Fixit-style: every COP1xx rule's own invalid/valid examples, run through the real analyzers."""

from __future__ import annotations

import re

import pytest

from migrator.rules import all_rules, get

LANGUAGES = ("php", "java", "csharp", "javascript", "typescript")
RULES = [r for r in all_rules() if r.code.startswith("COP1")]
INVALID = [(r.code, lang, i, src) for r in RULES for lang in r.languages
           for i, src in enumerate(r.invalid.get(lang, ()))]
VALID = [(r.code, lang, i, src) for r in RULES for lang in r.languages
         for i, src in enumerate(r.valid.get(lang, ()))]


def _ids(cases, kind):
    return [f"{code}-{lang}-{kind}-{i}" for code, lang, i, _ in cases]


def test_every_rule_has_examples_for_every_language():
    assert [r.code for r in RULES] == ["COP101", "COP102", "COP103", "COP104", "COP108", "COP190"]
    for rule in RULES:
        # the session rules read every language; COP108 follows PHP's project model only
        assert set(rule.languages) == ({"php"} if rule.code == "COP108" else set(LANGUAGES)), rule.code
        assert not rule.fixable and rule.check is not None, rule.code
        for lang in rule.languages:
            assert rule.invalid.get(lang) and rule.valid.get(lang), (rule.code, lang)


@pytest.mark.parametrize("code,lang,index,source", INVALID, ids=_ids(INVALID, "invalid"))
def test_invalid_example_is_flagged(scan_source, code, lang, index, source):
    findings = [f for f in scan_source(lang, source) if f.rule == code]
    assert findings, f"{code} missed its own {lang} example"
    for finding in findings:
        # `rewrite` migrates PHP sites of a login-client family where a fix names the rule
        # (Rule.fixed_by; tests/scan/php/test_php_fixable.py); Java, C#, JS: found only
        assert finding.language == lang
        assert not finding.fixable or (lang == "php" and bool(get(code).fixed_by))
        if code == "COP190":  # the syntax-error note: about the scan, not the migration
            assert finding.severity == "note" and " syntax: " in finding.message
            continue
        assert "login session" in finding.message and "access token" in finding.message
        # users quote Copernica's client numbers, which differ from ours: name models, not versions
        assert not re.search(r"\d\.\d", finding.message)


@pytest.mark.parametrize("code,lang,index,source", VALID, ids=_ids(VALID, "valid"))
def test_valid_example_is_not_flagged(scan_source, code, lang, index, source):
    assert [f for f in scan_source(lang, source) if f.rule == code] == []
