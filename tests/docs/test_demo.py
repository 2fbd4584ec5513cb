"""`copernica-migrate demo`, the README's first command, works end to end."""

from __future__ import annotations

import subprocess
import sys

from migrator.examples import PROGRAMS


def demo(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "migrator", "demo", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_demo_migrates_every_bundled_program_and_keeps_them_with_dir(tmp_path):
    done = demo("--dir", str(tmp_path / "kept"), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for program in PROGRAMS:
        assert any(l.split()[:3] == ["ok", "baseline", f"{program.name}:"] for l in lines), lines
        verified = next(l for l in lines if l.split()[:3] == ["ok", "verify", f"{program.name}:"])
        assert "no login" in verified and "same business calls as before" in verified
    assert not any(l.lstrip().startswith("FAIL") for l in lines)
    # the migrated programs and the report stay for the user to read
    migrated = (tmp_path / "kept" / "project" / "shop_wrapper" / "shop" / "pom.py").read_text()
    assert ".login(" not in migrated and "AccessTokenPlugin" in migrated
    assert "COPERNICA_ACCESS_TOKEN" in (tmp_path / "kept" / "project" / "MIGRATION.md").read_text()
    assert "MIGRATION.md are in" in done.stdout  # the closing line names a folder that exists


def test_demo_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    done = demo("--dir", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 2
    assert "not empty" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "mine.txt").read_text() == "keep me"
