"""`rewrite --write` never overwrites what changed after it read it, and never breaks a file's
other names or its owner's read-only choice."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from migrator.fileio import ChangedMeanwhile, atomic_write
from migrator.rewrite import RewriteOptions, apply, rewrite

CLIENT = '''import os
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


def make_client():
    client = zeep.Client(WSDL)
    client.service.login({"username": os.environ["COPERNICA_USER"], "account": "",
                          "password": os.environ["COPERNICA_PASSWORD"]})
    return client
'''
MAIN = '''from app.clients import make_client

service = make_client().service
print(service.Account_databases({}).total)
'''
SCRIPT = CLIENT.replace("def make_client", "def other_client")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app/__init__.py").write_text("")
    (tmp_path / "app/clients.py").write_text(CLIENT)
    (tmp_path / "app/main.py").write_text(MAIN)
    (tmp_path / "script.py").write_text(SCRIPT)  # a group of its own
    return tmp_path


def test_an_edit_made_during_the_run_survives_and_its_group_is_not_written(project):
    result = rewrite(["."], RewriteOptions(style="inline"), cwd=str(project))
    assert {f.display for f in result.changed} == {"app/clients.py", "app/main.py", "script.py"}
    edited = CLIENT + "# the user's edit, made while rewrite was running\n"
    (project / "app/clients.py").write_text(edited)

    problems = apply(result)

    assert problems == ["app/clients.py: changed while rewriting; not written, run again",
                        "app/main.py: not written: another module of its group changed while rewriting; "
                        "run again"]
    assert (project / "app/clients.py").read_text() == edited
    assert (project / "app/main.py").read_text() == MAIN  # never half a group
    assert "login" not in (project / "script.py").read_text()  # other groups are written


def test_atomic_write_checks_the_bytes_it_expects_right_before_the_replace(tmp_path):
    target = tmp_path / "x.py"
    target.write_bytes(b"new edit\n")
    with pytest.raises(ChangedMeanwhile):
        atomic_write(str(target), b"rewritten\n", expect=b"what was read\n")
    assert target.read_bytes() == b"new edit\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.py"]  # no temp file left behind


def test_a_killed_runs_temp_files_are_cleaned_by_the_next_write(tmp_path):
    target = tmp_path / "x.py"
    target.write_bytes(b"a\n")
    old = tmp_path / ".x.py.k1ll3d.tmp"
    young = tmp_path / ".x.py.l1v3.tmp"  # another run may be writing this one right now
    for leftover in (old, young):
        leftover.write_bytes(b"half")
    past = time.time() - 3600
    os.utime(old, (past, past))
    atomic_write(str(target), b"b\n", expect=b"a\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".x.py.l1v3.tmp", "x.py"]


def test_read_only_and_hard_linked_files_are_left_alone_with_their_group(project):
    os.chmod(project / "script.py", stat.S_IRUSR | stat.S_IRGRP)
    os.link(project / "app/clients.py", project / "clients-backup.py")
    result = rewrite(["app", "script.py"], RewriteOptions(style="inline"), cwd=str(project))
    errors = [e for f in result.failed for e in f.errors]
    assert "script.py: is read-only; left alone (make it writable to migrate it)" in errors
    assert any(e.startswith("app/clients.py: has 2 hard links") for e in errors)
    assert result.changed == []  # main.py goes with clients.py: all or nothing
    assert apply(result) == []
    assert (project / "app/main.py").read_text() == MAIN
