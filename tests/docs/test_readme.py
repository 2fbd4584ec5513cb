"""The README's set-up and rules sections say what the code does."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
RULES = re.compile(r"(<!-- rules:start[^>]*-->\n)(.*?)(<!-- rules:end -->)", re.S)


def rules_markdown() -> str:
    return subprocess.run([sys.executable, "-m", "migrator", "rules", "--format", "markdown"],
                          capture_output=True, text=True, check=True, cwd=ROOT).stdout


def test_rules_section_is_the_generated_one():
    match = RULES.search(README)
    assert match, "README lacks the rules markers"
    assert match.group(2) == rules_markdown(), (
        "README rules section is stale: run `python tests/docs/test_readme.py` to regenerate it")


def test_every_rule_has_an_example_in_the_readme():
    from migrator.rules import all_rules

    section = RULES.search(README).group(2)
    for rule in all_rules():
        assert f"**{rule.code} {rule.name}**" in section
        assert f"| {rule.code} | `{rule.name}` |" in section


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"^python3 -m venv .*$", README, re.M)
    assert len(commands) == 2, "the set-up is two commands"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


if __name__ == "__main__":  # regenerate the README's rules section
    path = ROOT / "README.md"
    path.write_text(RULES.sub(lambda m: m.group(1) + rules_markdown() + m.group(3), README),
                    encoding="utf-8")
