"""What the limits cannot foresee: a parser that crashes (SIGSEGV) or never returns on a file.

parser_trap.py runs the real CLI with libcst's parser rigged to crash or hang on marked files.
The file gets one error line, its worker is replaced, the other files are scanned and migrated,
and the exit status says there was an error (1).
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from hostile_trees import HEADER, LOGIN, NEWSLETTER, assert_survived, cli, messages, posix_only

pytestmark = posix_only
TRAP = Path(__file__).with_name("parser_trap.py")


def project(root: Path, **marked: str) -> Path:
    """The newsletter program plus one Copernica module per marker (name -> marker)."""
    root.mkdir()
    shutil.copyfile(NEWSLETTER, root / "newsletter.py")
    for name, marker in marked.items():
        (root / name).write_text(f"# hostile: {marker}\n" + HEADER + LOGIN)
    # 3 s: short enough to wait for a hang, long enough for a real file on a loaded 2-core CI box
    (root / "pyproject.toml").write_text("[tool.copernica-migrate]\nfile-timeout = 3\n")
    return root


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_parser_crash_costs_only_that_file(tmp_path, jobs):
    root = project(tmp_path / "p", **{"crash.py": "segfault", "crash2.py": "segfault"})
    out, err = assert_survived(cli("scan", "--jobs", jobs, ".", cwd=root, driver=TRAP), 1)
    said = messages(out)
    for name in ("crash.py", "crash2.py"):
        assert said[name] == "the parser crashed on this file (signal 11, SIGSEGV); left alone", out
    assert "newsletter.py:13:10: COP001" in out and "2 errors" in out


def test_a_hung_parser_is_stopped_by_the_time_budget(tmp_path):
    root = project(tmp_path / "p", **{"hang.py": "hang"})
    start = time.monotonic()
    out, _ = assert_survived(cli("scan", ".", cwd=root, driver=TRAP), 1)
    assert time.monotonic() - start < 30
    assert messages(out)["hang.py"] == "analysis took longer than 3 s; left alone", out
    assert "newsletter.py:13:10: COP001" in out


def test_rewrite_and_sarif_go_on_past_crashes_and_hangs(tmp_path):
    root = project(tmp_path / "p", **{"crash.py": "segfault", "hang.py": "hang",
                                      "late.py": "segfault-in-rewrite"})
    legacy = {p.name: p.read_bytes() for p in root.glob("*.py")}
    out, err = assert_survived(cli("rewrite", "--write", "--report", "r.md", ".", cwd=root, driver=TRAP), 1)
    assert "error: crash.py: the parser crashed on this file (signal 11, SIGSEGV); left alone" in err
    assert "error: hang.py: analysis took longer than 3 s; left alone" in err
    # the scan parsed late.py fine; its codemods' parse crashed: only that file is left alone
    assert "error: late.py: the parser crashed on this file (signal 11, SIGSEGV); left alone" in err
    assert "rewrote 1 of" in err
    assert (root / "newsletter.py").read_bytes() != legacy["newsletter.py"]
    for name in ("crash.py", "hang.py", "late.py"):
        assert (root / name).read_bytes() == legacy[name]
    assert "late.py: the parser crashed" in (root / "r.md").read_text()

    sarif, _ = assert_survived(cli("scan", "--format", "sarif", ".", cwd=root, driver=TRAP), 1)
    notes = [n["message"]["text"] for n in
             json.loads(sarif)["runs"][0]["invocations"][0]["toolExecutionNotifications"]]
    assert any(n.startswith("crash.py: ") and "crashed" in n for n in notes), notes
