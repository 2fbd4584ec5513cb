"""`copernica-migrate ...` as a user runs it, in a subprocess, with the throw-away token set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from throwaway_credentials import TOKEN


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "migrator", *args], cwd=cwd,
                          env={**os.environ, "COPERNICA_ACCESS_TOKEN": TOKEN},
                          capture_output=True, text=True, timeout=120)
