"""One language table (migrator/scan/languages.py) feeds the analyzers, suppression comments, the
size limits and the rules' Markdown fences."""

from __future__ import annotations

from migrator.rules import all_rules
from migrator.rules.checking import load_analyzers
from migrator.scan import languages, limits, suppress


def test_every_analyzer_takes_its_extensions_from_the_table():
    analyzers = load_analyzers()
    assert {a.language for a in analyzers} == set(languages.BY_NAME)
    for analyzer in analyzers:
        assert tuple(analyzer.extensions) == languages.language(analyzer.language).extensions


def test_every_rule_language_is_in_the_table():
    assert {lang for rule in all_rules() for lang in rule.languages} <= set(languages.BY_NAME)


def test_suppression_comments_follow_the_table():
    line = "x = 1  {opener} copernica-migrate: ignore[COP001]\n"
    assert suppress.find(line.format(opener="#"), "python")
    assert suppress.find(line.format(opener="#"), "php")
    assert not suppress.find(line.format(opener="#"), "java")  # no # comments in Java
    assert suppress.find(line.format(opener="//"), "java")


def test_limits_skip_strings_of_the_language_kind():
    # a PHP `#` comment hides its brackets; in JavaScript `#` opens no comment
    code = b"$a = 1; # (((((\n"
    assert limits.bracket_depth(code, languages.language("php").lexical) == 0
    assert limits.bracket_depth(code, languages.language("javascript").lexical) == 5
