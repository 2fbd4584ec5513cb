"""migrator.fileio: decode like Python, keep the file's shape, write atomically."""

from __future__ import annotations

import os
import stat

import libcst as cst
import pytest

from migrator import fileio
from migrator.fileio import SourceError, atomic_write, read_source

CASES = {
    "utf8": (b"name = 'Z\xc3\xbcrich'\nx = 1\n", "utf-8", False, "\n"),
    "bom": (b"\xef\xbb\xbfname = 'Z\xc3\xbcrich'\n", "utf-8", True, "\n"),
    "latin1_coding": (b"# -*- coding: latin-1 -*-\nname = 'Z\xfcrich'\n", "iso-8859-1", False, "\n"),
    "crlf": (b"x = 1\r\ny = 2\r\n", "utf-8", False, "\r\n"),
    "mixed": (b"x = 1\r\ny = 2\nz = 3\n", "utf-8", False, "mixed"),
    "no_newline": (b"x = 1", "utf-8", False, ""),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_read_remembers_the_shape_and_libcst_round_trips(tmp_path, name):
    data, encoding, bom, newline = CASES[name]
    path = tmp_path / f"{name}.py"
    path.write_bytes(data)
    source = read_source(str(path))
    assert (source.encoding, source.bom, source.newline) == (encoding, bom, newline)
    assert source.data == data
    assert "Zürich" in source.text or "Z" not in source.text
    # the engine relies on this: parsing bytes and printing them back is lossless
    assert cst.parse_module(data).bytes == data


@pytest.mark.parametrize("name", sorted(CASES))
def test_atomic_write_of_an_edit_keeps_encoding_bom_and_newlines(tmp_path, name):
    data, encoding, _bom, newline = CASES[name]
    path = tmp_path / f"{name}.py"
    path.write_bytes(data)
    module = cst.parse_module(data)
    edited = module.with_changes(body=[*module.body, cst.parse_statement("added = 'é'\n")])
    atomic_write(str(path), edited.bytes)
    out = path.read_bytes()
    assert out.startswith(fileio.BOM) == data.startswith(fileio.BOM)
    source = read_source(str(path))
    assert source.encoding == encoding
    assert source.newline == (newline or "\n")  # the added line brings the default newline
    assert "added = 'é'" in source.text
    if name == "crlf":
        assert b"added = '\xc3\xa9'\r\n" in out and b"\n" not in out.replace(b"\r\n", b"")
    if name == "latin1_coding":
        assert b"added = '\xe9'" in out  # still latin-1 on disk


def test_latin1_without_coding_line_is_refused(tmp_path):
    path = tmp_path / "legacy.py"
    path.write_bytes(b"import zeep\nname = 'Z\xfcrich'\n")
    with pytest.raises(SourceError) as err:
        read_source(str(path))
    assert "coding line" in str(err.value) and "\n" not in str(err.value)


def test_directory_and_missing_file_are_source_errors(tmp_path):
    (tmp_path / "pkg.py").mkdir()
    with pytest.raises(SourceError, match="directory"):
        read_source(str(tmp_path / "pkg.py"))
    with pytest.raises(SourceError, match="cannot read"):
        read_source(str(tmp_path / "absent.py"))


def test_mode_is_kept(tmp_path):
    path = tmp_path / "tool.py"
    path.write_bytes(b"#!/usr/bin/env python\nx = 1\n")
    os.chmod(path, 0o755)
    atomic_write(str(path), b"#!/usr/bin/env python\nx = 2\n")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o755
    assert read_source(str(path)).mode == 0o755


def test_symlink_stays_a_link_and_its_target_is_written(tmp_path):
    target = tmp_path / "real.py"
    target.write_bytes(b"x = 1\n")
    link = tmp_path / "link.py"
    link.symlink_to(target)
    atomic_write(str(link), b"x = 2\n")
    assert link.is_symlink()
    assert target.read_bytes() == b"x = 2\n"


def test_symlink_loop_is_an_error_and_creates_nothing(tmp_path):
    loop = tmp_path / "loop.py"
    loop.symlink_to(loop)
    with pytest.raises(OSError):
        atomic_write(str(loop), b"x = 1\n")
    assert loop.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["loop.py"]


def test_failure_mid_write_leaves_the_original(tmp_path, monkeypatch):
    path = tmp_path / "app.py"
    path.write_bytes(b"original = True\n")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", disk_full)
    with pytest.raises(OSError):
        atomic_write(str(path), b"replacement = True\n" * 1000)
    assert path.read_bytes() == b"original = True\n"
    assert [p.name for p in tmp_path.iterdir()] == ["app.py"]  # no temp file left behind


def test_new_file_gets_the_usual_mode(tmp_path):
    path = tmp_path / "report.md"
    old = os.umask(0o022)
    try:
        atomic_write(str(path), b"# report\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
