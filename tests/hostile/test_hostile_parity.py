"""Same truth from both engines: ripgrep and the Python walk report links, non-regular files,
unsafe ignore files and unreadable files and folders identically, with the same exit status.

A table of trees with one oddity each, a seeded random mix of them, and the unreadable cases
through the CLI (root reads any file, so those run without CAP_DAC_OVERRIDE, or are skipped).
"""

from __future__ import annotations

import json
import os
import random
import socket
from pathlib import Path

import pytest

from hostile_trees import (
    HEADER, LOGIN, NEWSLETTER, assert_survived, cli, posix_only, unreadable_prefix,
)
import migrator.rules  # noqa: F401 - loaded here once: the forked scan workers inherit them
import migrator.scan.python.analysis  # noqa: F401
from migrator.scan import prefilter
from migrator.scan.engine import ScanRequest, scan

pytestmark = [posix_only, pytest.mark.skipif(prefilter.find_rg() is None, reason="ripgrep is not installed")]


def _file(root: Path, rel: str, text: str = HEADER + LOGIN) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text)


def _socket(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))


# one oddity each: name -> builder(root)
ODDITIES = {
    "link_to_file": lambda r: os.symlink("newsletter.py", r / "link.py"),
    "broken_link": lambda r: os.symlink("missing.py", r / "broken.py"),
    "link_loop": lambda r: (os.symlink("loop_b.py", r / "loop_a.py"), os.symlink("loop_a.py", r / "loop_b.py")),
    "link_to_dev_zero": lambda r: os.symlink("/dev/zero", r / "zero.py"),
    "fifo_source": lambda r: os.mkfifo(r / "pipe.py"),
    "fifo_in_sub": lambda r: ((r / "sub").mkdir(exist_ok=True), os.mkfifo(r / "sub" / "pipe.php")),
    "socket_source": lambda r: _socket(r / "sock" / "s.js"),
    "fifo_gitignore": lambda r: ((r / "g1").mkdir(exist_ok=True), _file(r, "g1/a.py"),
                                 os.mkfifo(r / "g1" / ".gitignore")),
    "zero_gitignore": lambda r: ((r / "g2").mkdir(exist_ok=True), _file(r, "g2/b.py"),
                                 os.symlink("/dev/zero", r / "g2" / ".gitignore")),
    "huge_gitignore": lambda r: (_file(r, "g3/c.py"),
                                 (r / "g3" / ".gitignore").write_bytes(b"c.py\n" + b"#\n" * 600_000)),
    "ignored_fifo": lambda r: (_file(r, "g4/.gitignore", "*.py\n"), os.mkfifo(r / "g4" / "hidden.py")),
    "ignored_link": lambda r: (_file(r, ".gitignore", "ign_*.py\n"), os.symlink("newsletter.py", r / "ign_l.py")),
    "excluded_dir_fifo": lambda r: ((r / "vendor").mkdir(exist_ok=True), os.mkfifo(r / "vendor" / "v.py")),
    "venv_fifo": lambda r: (_file(r, "venv/pyvenv.cfg", "home = /usr\n"), os.mkfifo(r / "venv" / "v.py")),
    "non_utf8_name": lambda r: _file(r, os.fsdecode(b"n\xe4me.py")),
    "non_utf8_link": lambda r: os.symlink("newsletter.py", os.path.join(r, os.fsdecode(b"l\xe9nk.py"))),
    "unmatched_types": lambda r: (os.mkfifo(r / "pipe.txt"), os.symlink("/dev/zero", r / "zero.md")),
    # invalid patterns are left out (as git and ripgrep do); the valid one still hides bad_x.py
    "bad_gitignore_patterns": lambda r: (_file(r, "g5/.gitignore", "\\\n[z-a]\n!\nbad_*.py\n"),
                                         _file(r, "g5/bad_x.py"), _file(r, "g5/good.py")),
}


def make(root: Path, oddities: list[str]) -> Path:
    root.mkdir(parents=True)
    (root / "newsletter.py").write_bytes(NEWSLETTER.read_bytes())
    for name in oddities:
        ODDITIES[name](root)
    return root


def report(root: Path, engine: str) -> dict:
    result = scan(ScanRequest(paths=["."], cwd=str(root), engine=engine, exclude=["vendor/"], jobs=1))
    return {
        "findings": sorted((f.location.path, f.location.line, f.rule) for f in result.findings),
        "errors": sorted((e.path, e.message) for e in result.errors),
        "skipped": sorted((s.path, s.reason) for s in result.skipped),
        "scanned": result.files_scanned,
        "parsed": result.files_parsed,
        "exit": 1 if result.findings or result.errors else 0,
    }


EXPECTED_NOTES = {
    "link_to_file": ("link.py", "symbolic link, not followed (scan its target directly)"),
    "broken_link": ("broken.py", "broken symbolic link, skipped"),
    "link_loop": ("loop_a.py", "symbolic link loop, not followed"),
    "link_to_dev_zero": ("zero.py", "symbolic link, not followed (scan its target directly)"),
    "fifo_source": ("pipe.py", "not a regular file (FIFO), skipped"),
    "fifo_in_sub": ("sub/pipe.php", "not a regular file (FIFO), skipped"),
    "socket_source": ("sock/s.js", "not a regular file (socket), skipped"),
    "fifo_gitignore": ("g1/.gitignore", "not a regular file (FIFO): its ignore rules are not applied"),
    "zero_gitignore": ("g2/.gitignore", "not a regular file (character device): its ignore rules are not applied"),
    "huge_gitignore": ("g3/.gitignore", "larger than 1 MiB (1200005 bytes): its ignore rules are not applied"),
}


@pytest.mark.parametrize("oddity", sorted(ODDITIES))
def test_each_oddity_is_reported_the_same_by_both_engines(tmp_path, oddity):
    root = make(tmp_path / "t", [oddity])
    rg, py = report(root, "rg"), report(root, "python")
    assert rg == py
    assert ("newsletter.py", 13, "COP001") in py["findings"]
    if oddity in EXPECTED_NOTES:
        assert EXPECTED_NOTES[oddity] in py["skipped"]


def test_invalid_ignore_patterns_do_not_stop_the_scan(tmp_path):
    root = make(tmp_path / "t", ["bad_gitignore_patterns"])
    found = {path for path, _line, _rule in report(root, "python")["findings"]}
    assert "g5/good.py" in found and "g5/bad_x.py" not in found


def test_what_ignore_rules_hide_is_not_mentioned(tmp_path):
    root = make(tmp_path / "t", ["ignored_fifo", "ignored_link", "excluded_dir_fifo", "venv_fifo",
                                 "unmatched_types"])
    for engine in ("rg", "python"):
        assert report(root, engine)["skipped"] == [], engine


@pytest.mark.parametrize("seed", range(2))
def test_random_mixes_agree(tmp_path, seed):
    picked = random.Random(seed).sample(sorted(ODDITIES), 6)
    root = make(tmp_path / "t", picked)
    assert report(root, "rg") == report(root, "python"), picked


def test_unreadable_file_and_folder_same_report_same_exit(tmp_path):
    prefix = unreadable_prefix()
    root = make(tmp_path / "t", [])
    _file(root, "secret.py")
    _file(root, "locked/inner.py")
    os.chmod(root / "secret.py", 0)
    os.chmod(root / "locked", 0)
    try:
        docs, codes = {}, {}
        for engine in ("rg", "python"):
            proc = cli("scan", "--engine", engine, "--format", "json", ".", cwd=root, prefix=prefix)
            out, _ = assert_survived(proc, 1)
            docs[engine], codes[engine] = json.loads(out), proc.returncode
        assert docs["rg"] == docs["python"]
        assert [(e["path"], e["message"]) for e in docs["rg"]["errors"]] == [
            ("locked", "cannot read this folder: Permission denied"),
            ("secret.py", "cannot read: Permission denied")]
        # rewrite reports it too, and migrates the rest
        _, err = assert_survived(cli("rewrite", "-q", ".", cwd=root, prefix=prefix), 1)
        assert "error: secret.py: cannot read: Permission denied; left alone" in err
        assert "would rewrite 1 of" in err
    finally:
        os.chmod(root / "locked", 0o755)
