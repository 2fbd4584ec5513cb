"""Hostile trees for the hardening tests, built in tmp_path, and the CLI run as a user runs it.

(A plain module, not a conftest: conftest names collide across the test folders.)

Each hostile file sits next to a normal legacy Copernica program (the bundled newsletter
script), which must still be found and migrated. The CLI always runs as a subprocess under a
timeout, with a strict UTF-8 stdout/stderr (PYTHONIOENCODING=utf-8), the setting on which an
unprintable file name used to crash the run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NEWSLETTER = REPO / "migrator" / "examples" / "legacy" / "newsletter_script" / "newsletter.py"
RUN_TIMEOUT = 90  # seconds; a hang fails the test instead of stopping the suite

# needles, so each file passes the prefilter and would reach the parser
HEADER = ("import os\nimport zeep\n"
          "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n")
LOGIN = ("client.service.login({'username': os.environ['COPERNICA_USER'], "
         "'account': os.environ['COPERNICA_ACCOUNT'], 'password': os.environ['COPERNICA_PASSWORD']})\n")

NON_UTF8 = os.fsdecode(b"caf\xe9.py")  # a latin-1 name: not valid UTF-8
NON_UTF8_SHOWN = "caf\\xe9.py"  # how text output and stderr show it

posix_only = pytest.mark.skipif(os.name != "posix" or sys.platform == "darwin",
                                reason="FIFOs, /dev/zero and non-UTF-8 file names: Linux file systems")


def deep_parens() -> str:
    """The attack run's 10 KB file: 1,500 nested parentheses (libcst's parser overflowed its stack)."""
    return HEADER + LOGIN + "x = " + "(" * 1500 + "1" + ")" * 1500 + "\n"


def nested_list() -> str:
    """A list nested 300 deep (RecursionError in libcst's code generator, the whole rewrite stopped)."""
    return HEADER + LOGIN + "x = " + "[" * 300 + "]" * 300 + "\n"


def long_sum(terms: int = 50_000) -> str:
    """`x = 1+1+...`: 5,000 terms took 38 s, 50,000 never finished."""
    return HEADER + LOGIN + "x = " + "+".join(["1"] * terms) + "\n"


def build(root: Path, unreadable: bool = False) -> Path:
    """The full hostile tree next to two normal legacy programs (one with a non-UTF-8 name)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(NEWSLETTER, root / "newsletter.py")
    shutil.copyfile(NEWSLETTER, os.path.join(root, NON_UTF8))
    (root / "deep.py").write_text(deep_parens())
    (root / "nested.py").write_text(nested_list())
    (root / "longsum.py").write_text(long_sum())
    os.mkfifo(root / "x.py")
    (root / "fifo_ignore").mkdir()
    os.mkfifo(root / "fifo_ignore" / ".gitignore")
    (root / "fifo_ignore" / "a.py").write_text(HEADER)
    (root / "zero_ignore").mkdir()
    os.symlink("/dev/zero", root / "zero_ignore" / ".gitignore")
    (root / "zero_ignore" / "b.py").write_text(HEADER)
    os.symlink("newsletter.py", root / "link.py")
    if unreadable:
        (root / "secret.py").write_text(HEADER + LOGIN)
        os.chmod(root / "secret.py", 0)
    return root


def fingerprint(root: Path, names: list[str]) -> dict[str, str]:
    """What each path is (content hash, FIFO, link target), to prove nothing hostile changed."""
    out = {}
    for name in names:
        path = os.path.join(root, name)
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            out[name] = "link -> " + os.readlink(path)
        elif stat.S_ISFIFO(st.st_mode):
            out[name] = "fifo"
        elif st.st_mode & 0o444 == 0:
            out[name] = f"mode {stat.S_IMODE(st.st_mode):o}"
        else:
            out[name] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return out


# each hostile file of build() and how scan and rewrite alike report it (the start of the reason)
SKIP_REASONS = {
    "deep.py": "brackets nested 1,500 deep (line 5); Python allows 200: left alone",
    "nested.py": "brackets nested 300 deep (line 5); Python allows 200: left alone",
    "longsum.py": "an expression nested 49,999 levels deep (line 5)",
    "x.py": "not a regular file (FIFO), skipped",
    "fifo_ignore/.gitignore": "not a regular file (FIFO): its ignore rules are not applied",
    "zero_ignore/.gitignore": "not a regular file (character device): its ignore rules are not applied",
    "link.py": "symbolic link, not followed",
}
HOSTILE = list(SKIP_REASONS)


def env(**extra: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("COPERNICA_")}
    out.update(PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
    out.pop("COPERNICA_MIGRATE_DEBUG", None)
    out.update(extra)
    return out


def cli(*args: str, cwd: Path, prefix: tuple[str, ...] = (), driver: Path | None = None,
        timeout: float = RUN_TIMEOUT) -> subprocess.CompletedProcess:
    """`copernica-migrate ARGS` in `cwd` (or a driver script that patches, then runs the CLI)."""
    entry = [str(driver)] if driver is not None else ["-m", "migrator"]
    return subprocess.run([*prefix, sys.executable, *entry, *args], cwd=cwd, env=env(),
                          capture_output=True, timeout=timeout)


def text(proc: subprocess.CompletedProcess) -> tuple[str, str]:
    """stdout and stderr; both must be valid UTF-8 (a raw non-UTF-8 byte is a rendering bug)."""
    return proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def assert_survived(proc: subprocess.CompletedProcess, *codes: int) -> tuple[str, str]:
    """No signal death, no traceback, no internal error; the exit status is one of `codes`."""
    out, err = text(proc)
    assert proc.returncode >= 0, f"killed by {signal.Signals(-proc.returncode).name}: {err[-2000:]}"
    assert "Traceback" not in out + err, err[-3000:]
    assert "internal error" not in err, err
    assert "BrokenProcessPool" not in err, err
    assert proc.returncode in codes, f"exit {proc.returncode}, expected {codes}\n{out[-2000:]}\n{err[-2000:]}"
    return out, err


def can_drop_read_override() -> bool:
    """Root reads any file, mode 000 or not. Without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH (setpriv)
    it cannot: then the unreadable-file cases run as root too."""
    if os.geteuid() != 0:
        return True
    if shutil.which("setpriv") is None:
        return False
    probe = subprocess.run([*NO_READ_OVERRIDE, "true"], capture_output=True)
    return probe.returncode == 0


NO_READ_OVERRIDE = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps=-all")


def unreadable_prefix() -> tuple[str, ...]:
    """How to run a command so that a mode-000 file cannot be read (skip when there is no way)."""
    if os.geteuid() != 0:
        return ()
    if not can_drop_read_override():
        pytest.skip("running as root, which reads any file (mode 000 does not stop it), and setpriv "
                    "cannot drop that capability here: the unreadable-file case cannot fail")
    return NO_READ_OVERRIDE


def messages(out: str) -> dict[str, str]:
    """'  path: reason' lines of a text report, by path."""
    found = {}
    for line in out.splitlines():
        if line.startswith("  ") and ": " in line and not line.startswith("    "):
            path, _, reason = line.strip().partition(": ")
            found.setdefault(path, reason)
    return found
