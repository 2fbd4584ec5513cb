"""Our codemods under libcst's own runner, `python -m libcst.tool codemod`, without `rewrite`.

The sample tree is a copy of the bundled newsletter script (zeep client at module level) next to
a module that logs in to something else (ftplib), which must stay byte-identical.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from throwaway_credentials import LOGIN, TOKEN
from e2e_helpers import business_calls, business_lines, clean_env, copy_program, login_calls, run_program

from codemods import registry
from migrator.mock.auth import fingerprint

MAIN = "codemods.remove_login"  # the main codemod: the login call goes
OTHER = 'import ftplib\n\nftp = ftplib.FTP("ftp.example.com")\nftp.login("anonymous", "guest")\n'


def registered_in(module: str) -> str:
    """'module.Class' of the codemod that `module` registers (the class name is the module's own)."""
    names = sorted({r.name for style in registry.STYLES for r in registry.for_style(style)
                    if r.command.__module__ == module})
    assert len(names) == 1, f"{module} should register exactly one codemod, found {names}"
    return names[0]


def libcst_tool(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "libcst.tool", "codemod", *args], cwd=cwd,
                          env=clean_env(cwd / "tmp"), capture_output=True, text=True, timeout=180)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    (tmp_path / "tmp").mkdir()
    folder = copy_program("newsletter_script", tmp_path)
    (folder / "ftp_backup.py").write_text(OTHER)
    return folder


@pytest.mark.parametrize("how", ["external", "config"])
def test_main_codemod_runs_under_libcst_tool(sample: Path, how: str) -> None:
    command = registered_in(MAIN)
    before = (sample / "newsletter.py").read_text()
    if how == "external":  # -x: a fully qualified module.Class, no configuration needed
        args = ["-x", "--no-format", command]
    else:  # the short name, found through .libcst.codemod.yaml's `modules`
        (sample.parent / ".libcst.codemod.yaml").write_text("modules: ['codemods']\n")
        args = ["--no-format", command.removeprefix("codemods.")]
    proc = libcst_tool(*args, sample.name, cwd=sample.parent)
    assert proc.returncode == 0, proc.stderr

    after = (sample / "newsletter.py").read_text()
    assert after != before
    assert login_calls(before) and not login_calls(after)
    compile(after, "newsletter.py", "exec")
    # the business calls stay as they were
    for call in ("service.Account_database(", "service.Database_createProfile(",
                 'service.Database_createField(parameters={"id": database.id, "name": "city"})'):
        assert after.count(call) == before.count(call), call
    assert (sample / "ftp_backup.py").read_text() == OTHER


def test_inline_codemods_one_by_one_under_libcst_tool_give_a_working_program(sample, mock_server):
    """Every codemod of the inline style, run alone in the engine's order, migrates the script."""
    for entry in registry.for_style("inline"):
        proc = libcst_tool("-x", "--no-format", entry.name, "--style", "inline", sample.name,
                           cwd=sample.parent)
        assert proc.returncode == 0, f"{entry.name}: {proc.stderr}"
    assert (sample / "ftp_backup.py").read_text() == OTHER
    assert not login_calls((sample / "newsletter.py").read_text())

    server = mock_server(auth="token", tokens=(TOKEN,))
    run = run_program("newsletter_script", sample,
                      clean_env(sample.parent / "tmp", COPERNICA_WSDL=server.wsdl_url,
                                COPERNICA_ACCESS_TOKEN=TOKEN))
    assert run.returncode == 0, run.stderr
    assert business_lines(run.stdout) == ["amsterdam: ann@example.com, cor@example.com", "total: 3"]
    assert business_calls(server.calls)
    assert {(c["operation"] == "login", c["auth"], c["token"]) for c in server.calls} == \
        {(False, "token", fingerprint(TOKEN))}
    assert TOKEN not in run.stdout + run.stderr and LOGIN["password"] not in run.stdout
