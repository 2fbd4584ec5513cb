"""`rewrite` on the hostile tree: dry run, --write with --report, --check.

The normal programs are migrated (the one with a non-UTF-8 name too), every hostile file is
reported in one line and keeps every byte, the report is written (before any source file),
and no output crashes on the name that is not UTF-8.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from hostile_trees import (
    HOSTILE, NON_UTF8, NON_UTF8_SHOWN, SKIP_REASONS, assert_survived, build, cli, fingerprint, posix_only,
)

pytestmark = posix_only

def skipped_lines(err: str) -> dict[str, str]:
    out = {}
    for line in err.splitlines():
        if line.startswith("skipped: "):
            path, _, reason = line[len("skipped: "):].partition(": ")
            out[path] = reason
    return out


@pytest.fixture
def tree(tmp_path):
    root = build(tmp_path / "project")
    return root, fingerprint(root, HOSTILE)


def test_dry_run_migrates_the_programs_and_names_each_hostile_file(tree):
    root, before = tree
    out, err = assert_survived(cli("rewrite", ".", cwd=root), 0)
    said = skipped_lines(err)
    for path, reason in SKIP_REASONS.items():
        assert said.get(path, "").startswith(reason), (path, err)
    assert "would rewrite 2 of" in err and "0 error(s)" in err
    # the diff names the non-UTF-8 file the way git does, so `git apply` takes the patch
    assert '--- "a/caf\\351.py"' in out and "--- a/newsletter.py" in out
    assert fingerprint(root, HOSTILE) == before


def test_write_and_report(tree):
    root, before = tree
    legacy = (root / "newsletter.py").read_bytes()
    out, err = assert_survived(cli("rewrite", "--write", "--report", "MIGRATION.md", ".", cwd=root), 0)
    assert "rewrote 2 of" in err
    for name in ("newsletter.py", NON_UTF8):
        migrated = open(os.path.join(root, name), "rb").read()
        assert migrated != legacy and b".login(" not in migrated and b"AccessTokenPlugin" in migrated
    assert (root / "copernica_access_token.py").is_file()
    report = (root / "MIGRATION.md").read_text(encoding="utf-8")
    assert f"### `{NON_UTF8_SHOWN}`" in report and "### `newsletter.py`" in report
    assert "- skipped: deep.py: brackets nested 1,500 deep" in report
    assert "- skipped: x.py: not a regular file (FIFO)" in report
    assert fingerprint(root, HOSTILE) == before
    # a second run finds nothing left to do and still reports each hostile file
    again_out, again_err = assert_survived(cli("rewrite", "--check", ".", cwd=root), 0)
    assert "would rewrite 0 of" in again_err and again_out == ""
    assert set(SKIP_REASONS) <= set(skipped_lines(again_err))


def test_a_report_that_cannot_be_written_leaves_every_file_as_it_was(tree):
    root, _ = tree
    legacy = (root / "newsletter.py").read_bytes()
    proc = cli("rewrite", "--write", "--report", "no/such/folder/report.md", ".", cwd=root)
    _, err = assert_survived(proc, 2)
    assert "cannot write the report" in err
    assert (root / "newsletter.py").read_bytes() == legacy
    assert not (root / "copernica_access_token.py").exists()


def test_the_patch_applies_with_git(tree, tmp_path):
    """The dry run's diff, non-UTF-8 name included, is a patch git applies."""
    root, _ = tree
    git = subprocess.run(["git", "--version"], capture_output=True)
    if git.returncode != 0:
        pytest.skip("git is not installed")
    out = cli("rewrite", ".", cwd=root).stdout
    (tmp_path / "migration.patch").write_bytes(out)
    subprocess.run(["git", "init", "-q", "."], cwd=root, check=True)
    check = subprocess.run(["git", "apply", "--check", str(tmp_path / "migration.patch")], cwd=root,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_one_file_named_in_a_hostile_tree_reads_the_rest_without_harm(tree):
    """Naming one file makes rewrite read the project around it: hostile files there are passed by."""
    root, before = tree
    out, err = assert_survived(cli("rewrite", "newsletter.py", cwd=root), 0)
    assert "would rewrite 1 of" in err and "--- a/newsletter.py" in out
    assert fingerprint(root, HOSTILE) == before
