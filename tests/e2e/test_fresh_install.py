"""The README's first command, as a new user runs it: a fresh venv, `pip install .` (no extras),
then `copernica-migrate demo`. Nothing of the test environment may leak into that venv."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_plain_install_runs_the_demo_green(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("COPERNICA_", "PYTHON", "VIRTUAL_ENV", "PIP_TARGET"))}
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(REPO)], env=env,
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-2000:]
    # suds, pyyaml and every other runtime need come with the plain install
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env["TMPDIR"] = str(scratch)
    demo = subprocess.run([str(venv / "bin" / "copernica-migrate"), "demo"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    out = demo.stdout + demo.stderr
    assert demo.returncode == 0, out
    assert "FAIL" not in out
    assert out.count("  ok   verify ") == 5
    # the temporary copy is gone, and the output says so (it names no folder that no longer exists)
    assert "The temporary copy was removed" in out
    assert not any(p.name.startswith("copernica-demo-") for p in scratch.iterdir())
