"""The pre-parse checks of migrator/scan/limits.py: what they catch, what real code they let through."""

from __future__ import annotations

import sysconfig
import time
from pathlib import Path

import pytest

from hostile_trees import NEWSLETTER, deep_parens, long_sum, nested_list
from migrator.scan import limits


@pytest.mark.parametrize("source, expected", [
    (deep_parens(), "brackets nested 1,500 deep (line 5); Python allows 200: left alone"),
    (nested_list(), "brackets nested 300 deep (line 5); Python allows 200: left alone"),
    ("x = " + "(" * 1500 + "\n", "brackets nested 1,500 deep (line 1); Python allows 200: left alone"),
    (long_sum(), "an expression nested 49,999 levels deep (line 5)"),
    ("x = a" + ".b" * 3000 + "\n", "an expression nested 3,000 levels deep (line 1)"),
    ("x = " + "not " * 3000 + "1\n", "an expression nested 3,000 levels deep (line 1)"),
    ("x = (" + " ".join(["'s'"] * 3000) + ")\n", "an expression nested 3,000 levels deep (line 1)"),
    ("x = f" + "()" * 2600 + "\n", "an expression nested 2,601 levels deep (line 1)"),
    ("x = a" + ".b()" * 1300 + "\n", "an expression nested 2,601 levels deep (line 1)"),
])
def test_hostile_python_is_left_alone_with_the_reason(source, expected):
    reason = limits.check(source.encode(), "python")
    assert reason is not None and reason.startswith(expected), reason


@pytest.mark.parametrize("source", [
    "x = " + "[" * 200 + "]" * 200 + "\n",  # exactly Python's own limit
    "x = " + "+".join(["1"] * 2400) + "\n",
    "x = '" + "(" * 5000 + "'\n# " + "[" * 5000 + "\n",  # brackets in strings and comments
    'x = """\n' + "(" * 5000 + '\n"""\n',
    "x = [" + ", ".join(["-1"] * 20000) + "]\n",  # a long flat table
    "y = (" + " + ".join(["2*a**3*b - c"] * 600) + ")\n",  # a polynomial: sums of products
    "x = '\xe9'\n",  # not UTF-8 without a coding line: the parser will say so
])
def test_deep_looking_but_fine_python_passes(source):
    assert limits.check(source.encode("latin-1" if "\xe9" in source else "utf-8"), "python") is None


@pytest.mark.parametrize("language, source, expected", [
    ("javascript", "var x = " + "(" * 1500 + "1" + ")" * 1500 + ";\n",
     "brackets nested 1,500 deep (line 1); the limit is 1,000: left alone"),
    ("php", "<?php\n$x = " + "[" * 1001 + "]" * 1001 + ";\n",
     "brackets nested 1,001 deep (line 2); the limit is 1,000: left alone"),
    ("java", "class A { int x = " + "(" * 2000 + "1" + ")" * 2000 + "; }\n",
     "brackets nested 2,001 deep (line 1); the limit is 1,000: left alone"),
])
def test_other_languages_have_a_bracket_limit(language, source, expected):
    assert limits.check(source.encode(), language) == expected


@pytest.mark.parametrize("language, source", [
    ("javascript", "var s = '" + "(" * 5000 + "'; // " + "{" * 5000 + "\n/* " + "[" * 5000 + " */\n"),
    ("php", "<?php $s = \"" + "(" * 5000 + "\"; # " + "(" * 5000 + "\n"),
    ("csharp", "class A { string s = \"" + "{" * 5000 + "\"; }\n"),
])
def test_brackets_in_strings_and_comments_do_not_count(language, source):
    assert limits.check(source.encode(), language) is None


def test_the_checks_are_cheap_next_to_a_parse():
    """The check runs on every file that reaches a parser; on real code it costs a few percent
    of libcst's analysis (measured: 2.4 MB/s against libcst's 0.05-0.12 MB/s)."""
    stdlib = Path(sysconfig.get_path("stdlib"))
    data = b"".join(p.read_bytes() for p in (stdlib / "typing.py", stdlib / "inspect.py", NEWSLETTER))
    start = time.perf_counter()
    assert limits.check(data, "python") is None
    assert time.perf_counter() - start < 2.0  # ~0.15 s here; generous for slow CI machines


def test_time_budget_grows_with_size():
    assert limits.time_budget(0, limits.SCAN_BYTES_PER_SECOND) == limits.TIME_BASE
    assert limits.time_budget(16 * 1024, limits.SCAN_BYTES_PER_SECOND, 5) == 6
    assert limits.time_budget(2 * 1024 * 1024, limits.REWRITE_BYTES_PER_SECOND) == limits.TIME_BASE + 512
