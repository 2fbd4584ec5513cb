"""Helpers for tests/cli: real CLI runs in a child process, and the one-line error check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from throwaway_credentials import TOKEN

ERROR = "copernica-migrate: error: "
LEGACY = Path(__file__).resolve().parents[2] / "migrator" / "examples" / "legacy"
TOKEN_ENV = "SHOP_TOKEN"  # the variable pyproject.toml names in these tests


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any COPERNICA_* variable, NO_COLOR or CI, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("COPERNICA_") and k not in ("NO_COLOR", "CI", TOKEN_ENV)}
    env.update(extra)
    return env


def run(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "migrator", *args], cwd=cwd,
                          env=clean_env() if env is None else env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def one_error_line(proc: subprocess.CompletedProcess) -> str:
    """The run was a usage error in the one CLI voice: exit 2, nothing on stdout, one stderr line."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "Usage:" not in proc.stderr, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(ERROR), proc.stderr
    assert proc.stdout == "", proc.stdout
    return lines[0][len(ERROR):]


def pyproject(folder: Path, token_env: str = TOKEN_ENV) -> Path:
    (folder / "pyproject.toml").write_text(f'[tool.copernica-migrate]\ntoken-env = "{token_env}"\n')
    return folder


def legacy_project(folder: Path) -> Path:
    """The bundled newsletter example (a login to replace) in `folder`."""
    (folder / "newsletter.py").write_bytes((LEGACY / "newsletter_script" / "newsletter.py").read_bytes())
    return folder


# A migrated program that reads its token from $SHOP_TOKEN only.
SHOP_PROGRAM = f'''\
import os
import zeep

token = os.environ["{TOKEN_ENV}"]
service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service
service.Account_databases({{"access_token": token}})
'''

__all__ = ["ERROR", "LEGACY", "TOKEN", "TOKEN_ENV", "clean_env", "legacy_project", "one_error_line",
           "pyproject", "run", "SHOP_PROGRAM"]
