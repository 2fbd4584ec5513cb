"""A failed program's traceback quotes its source: verify masks the credential literals of the
files it names (migrator/verify/quoted_secrets.py), also those passed by position, which have no
secret-looking name and which the mock may never have seen."""

from __future__ import annotations

import os
import sys

from verify_helpers import base_env, cli, load

from migrator.verify import quoted_secrets

PASSWORD = "Pw-Hardcoded-771"

# The program fails on its login line before anything is sent (the client was never made), so
# the mock never sees the password: only the source the traceback quotes holds it, passed by
# position (username, password, account: the WSDL's order), with no name to mask it by.
LEGACY = f'''\
"""Nightly export: the client is made only where the export is switched on."""

import os

from suds.client import Client

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


def connect():
    if os.environ.get("EXPORT_ENABLED") != "1":
        return None  # switched off here: no client
    return Client(WSDL)


client = connect()
session = client.service.login("jdoe", "{PASSWORD}", "Shop")
print("logged in:", session)
'''
LOGIN_LINE = 17

MASKED_LINE = 'session = client.service.login("***", "***", "Shop")'


def test_a_password_passed_by_position_is_masked_in_the_traceback_verify_shows(tmp_path):
    program = tmp_path / "export.py"
    program.write_text(LEGACY)
    report, trace = tmp_path / "report.json", tmp_path / "trace.json"

    text = cli("verify", "--", sys.executable, str(program), cwd=tmp_path, env=base_env())
    assert text.returncode == 1
    assert PASSWORD not in text.stdout
    tail = text.stdout.split("The last lines the program wrote to stderr:\n", 1)[1]
    assert f'  |   File "{program}", line {LOGIN_LINE}, in <module>\n' in tail
    assert f"  |     {MASKED_LINE}\n" in tail  # the line is still shown, its literals starred
    # verify passes the program's own stderr through untouched: its traceback is the one copy
    assert text.stderr.count(PASSWORD) == 1
    assert f'login("jdoe", "{PASSWORD}", "Shop")' in text.stderr

    as_json = cli("verify", "--format", "json", "-o", str(report), "--trace", str(trace), "--",
                  sys.executable, str(program), cwd=tmp_path, env=base_env())
    assert as_json.returncode == 1
    assert PASSWORD not in as_json.stdout
    assert as_json.stderr.count(PASSWORD) == 1
    for path in (report, trace):
        assert PASSWORD not in path.read_text()
    assert "    " + MASKED_LINE in load(report)["stderr_tail"]


def test_the_files_a_traceback_names():
    lines = [
        "Traceback (most recent call last):",
        '  File "/app/sync.py", line 15, in <module>',
        '  File "<frozen importlib._bootstrap>", line 1176, in _find_and_load',
        '  File "lib/helpers.py", line 3, in connect',
        '  File "/app/sync.py", line 9, in answer',
        "/app/old.py:4: DeprecationWarning: use the token",
        "RuntimeError: Copernica answered HTTP 500",
    ]
    assert quoted_secrets.named_files(lines, cwd="/work") == [
        "/app/sync.py", "/work/lib/helpers.py", "/app/old.py"]
    many = [f'  File "/app/m{i}.py", line 1, in f' for i in range(50)]
    assert len(quoted_secrets.named_files(many)) == quoted_secrets.MAX_FILES


def test_the_script_on_the_command_line_counts_when_its_file_line_was_cut(tmp_path):
    (tmp_path / "export.py").write_text(LEGACY)
    tail = [f"    {LEGACY.splitlines()[LOGIN_LINE - 1].strip()}",
            "AttributeError: 'NoneType' object has no attribute 'service'"]
    assert quoted_secrets.secret_values(tail) == []
    found = quoted_secrets.secret_values(tail, also=[sys.executable, "export.py"], cwd=str(tmp_path))
    assert PASSWORD in found


def test_hostile_files_are_passed_over_without_an_error(tmp_path):
    good = tmp_path / "good.py"
    good.write_text(LEGACY)
    binary = tmp_path / "binary.py"
    binary.write_bytes(b"import zeep\n\0\xff\xfe" + os.urandom(4096))
    broken = tmp_path / "broken.py"
    broken.write_text(LEGACY.replace("def connect():", "def connect(:"))
    latin = tmp_path / "latin.py"
    latin.write_bytes(LEGACY.encode() + b"# caf\xe9\n")  # not UTF-8, no coding line
    huge = tmp_path / "huge.py"
    with huge.open("wb") as fh:  # sparse: over the size limit without filling the disk
        fh.write(b"import zeep\n")
        fh.truncate(quoted_secrets.MAX_FILE_SIZE + 1)
    deep = tmp_path / "deep.py"
    deep.write_text("import zeep\nx = " + "(" * 5000 + "1" + ")" * 5000 + "\n")
    fifo = tmp_path / "fifo.py"
    os.mkfifo(fifo)  # opening it for reading would block verify for good
    folder = tmp_path / "folder.py"
    folder.mkdir()
    hostile = [binary, broken, latin, huge, deep, fifo, folder, tmp_path / "gone.py", "/dev/zero"]
    tail = [f'  File "{path}", line 1, in <module>' for path in [*hostile, good]]

    assert quoted_secrets.secret_values(tail[:-1]) == []
    assert PASSWORD in quoted_secrets.secret_values(tail)  # the others cost the good file nothing
