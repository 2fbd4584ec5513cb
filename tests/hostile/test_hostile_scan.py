"""`scan` on a tree of hostile files next to normal legacy programs: both engines, every format.

Each hostile file gets one clear line, the normal programs are still found, nothing hangs,
crashes or prints a traceback, and the exit status is the documented one (1: findings).
"""

from __future__ import annotations

import json
import os

import pytest

from hostile_trees import (
    HOSTILE, NON_UTF8, NON_UTF8_SHOWN, SKIP_REASONS, assert_survived, build, cli, fingerprint, messages, posix_only,
)
from migrator.scan import prefilter

ENGINES = ["python"] + (["rg"] if prefilter.find_rg() else [])

pytestmark = posix_only

# what every format must say about each hostile file (text shows the reason after "path: ")
EXPECTED = {**SKIP_REASONS, "link.py": SKIP_REASONS["link.py"] + " (scan its target directly)"}


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = build(tmp_path_factory.mktemp("hostile") / "project")
    before = fingerprint(root, HOSTILE)
    yield root
    assert fingerprint(root, HOSTILE) == before  # a scan never changes a file


@pytest.mark.parametrize("engine", ENGINES)
def test_text_names_each_hostile_file_and_still_finds_the_programs(tree, engine):
    out, err = assert_survived(cli("scan", "--engine", engine, ".", cwd=tree), 1)
    said = messages(out)
    for path, reason in EXPECTED.items():
        assert said.get(path, "").startswith(reason), (path, said.get(path), out)
    # the normal programs: found, each login once; the non-UTF-8 name printable
    assert "newsletter.py:13:10: COP001" in out
    assert f"{NON_UTF8_SHOWN}:13:10: COP001" in out
    assert "Found 2 findings" in out and "0 errors" in out and err == ""


def test_both_engines_report_the_same_json(tree):
    docs = {}
    for engine in ENGINES:
        out, _ = assert_survived(cli("scan", "--engine", engine, "--format", "json", ".", cwd=tree), 1)
        docs[engine] = json.loads(out)
    doc = docs["python"]
    skipped = {s["path"]: s["reason"] for s in doc["skipped"]}
    assert {p: r[:len(EXPECTED[p])] for p, r in skipped.items()} == EXPECTED
    # the exact name comes back from JSON (lossless \udcXX escape): it opens
    paths = sorted(f["location"]["path"] for f in doc["findings"])
    assert paths == sorted([NON_UTF8, "newsletter.py"])
    assert os.path.exists(os.path.join(tree, NON_UTF8))
    for engine, other in docs.items():
        assert other["findings"] == doc["findings"], engine
        assert other["skipped"] == doc["skipped"], engine
        assert other["errors"] == doc["errors"] == [], engine
        assert other["summary"] == doc["summary"], engine


def test_sarif_has_fixes_for_the_programs_and_notes_for_the_rest(tree):
    out, err = assert_survived(cli("scan", "--format", "sarif", ".", cwd=tree), 1)
    run = json.loads(out)["runs"][0]
    fixed = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                   for r in run["results"] if r.get("fixes"))
    assert fixed == ["caf%E9.py", "newsletter.py"]  # percent-encoded bytes: the name stays exact
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    for path, reason in EXPECTED.items():
        assert any(n.startswith(f"{path}: ") and reason in n for n in notes), (path, notes)
    assert run["invocations"][0]["executionSuccessful"] is True
    assert "no SARIF fixes" not in err


def test_a_tree_with_only_hostile_files_survives_and_fails_only_on_what_it_could_not_analyse(tmp_path):
    """Skipped special files are notes; a Copernica file over a limit (nothing analysed it) is not."""
    os.mkfifo(tmp_path / "x.py")
    os.mkfifo(tmp_path / ".gitignore")
    out, _ = assert_survived(cli("scan", ".", cwd=tmp_path), 0)
    assert "No findings." in out and "x.py: not a regular file" in out
    (tmp_path / "deep.py").write_text("import zeep\nx = " + "(" * 1500 + ")" * 1500 + "\n")
    out, _ = assert_survived(cli("scan", ".", cwd=tmp_path), 1)
    assert "No findings in the files that could be scanned." in out
    assert "deep.py: brackets nested 1,500 deep" in out and "was not analysed: exit 1" in out


def test_a_fifo_named_on_the_command_line_is_never_opened(tmp_path):
    os.mkfifo(tmp_path / "x.py")
    out, _ = assert_survived(cli("scan", "x.py", cwd=tmp_path, timeout=30), 0)
    assert "x.py: not a regular file (FIFO), skipped" in out


def test_a_fifo_pyproject_is_a_configuration_error_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pyproject.toml")
    (tmp_path / "a.py").write_text("print(1)\n")
    for command in ("scan", "rewrite"):
        proc = cli(command, ".", cwd=tmp_path, timeout=30)
        _, err = assert_survived(proc, 2)
        assert "pyproject.toml: not a regular file (FIFO)" in err
        assert len(err.strip().splitlines()) == 1


def test_a_huge_gitignore_is_noted_and_not_applied(tmp_path):
    (tmp_path / ".gitignore").write_bytes(b"# padding\n" * 120_000)  # 1.1 MiB
    (tmp_path / "a.py").write_text("print(1)\n")
    for engine in ENGINES:
        out, _ = assert_survived(cli("scan", "--engine", engine, ".", cwd=tmp_path), 0)
        assert ".gitignore: larger than 1 MiB (1200000 bytes): its ignore rules are not applied" in out
