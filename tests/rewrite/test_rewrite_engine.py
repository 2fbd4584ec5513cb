"""The rewrite engine on a real tree: hostile files, parallel runs, idempotence, failing codemods,
plugin modules, and a rewritten program run against the token-only mock."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import rewrite_test_codemods  # noqa: F401 - registers the test codemods
from throwaway_credentials import LOGIN, TOKEN

from migrator.rewrite import RewriteOptions, apply, rewrite

LOGIN_CALL = ('svc.Account_database({"identifier": "News", '
              '"login": {"username": USER, "account": "Demo", "password": PASSWORD}})')
LEGACY = (
    "import zeep\n"
    "USER, PASSWORD = 'u', 'p'\n"
    "svc = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL').service\n"
    f"{LOGIN_CALL}\n"
)
MIGRATED = (
    "import os\nimport zeep\n"
    "svc = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL').service\n"
    "svc.Account_database({'identifier': 'News', 'access_token': os.environ['COPERNICA_ACCESS_TOKEN']})\n"
)
LOGIN_STRUCT = "codemods.login_struct.LoginStructCommand"


def make_tree(root: Path) -> dict[str, bytes]:
    files = {
        "app/good.py": LEGACY.encode(),
        "app/crlf.py": LEGACY.replace("\n", "\r\n").encode(),
        "app/bom.py": b"\xef\xbb\xbf" + LEGACY.encode(),
        "app/latin.py": ("# -*- coding: latin-1 -*-\n" + LEGACY + "CITY = 'Zürich'\n").encode("latin-1"),
        "app/migrated.py": MIGRATED.encode(),
        "app/syntax_error.py": (LEGACY + "def broken(:\n").encode(),
        "app/latin_no_coding.py": (LEGACY + "CITY = 'Zürich'\n").encode("latin-1"),
        "app/tool.py": ("#!/usr/bin/env python\n" + LEGACY).encode(),
        "app/explodes.py": (LEGACY + "EXPLODE = 1\n").encode(),
        "app/pkg.py/inner.py": LEGACY.encode(),  # a folder named like a module
        "app/unreadable.py": LEGACY.encode(),
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    os.chmod(root / "app/tool.py", 0o755)
    (root / "app/loop.py").symlink_to(root / "app/loop.py")
    os.chmod(root / "app/unreadable.py", 0)
    return files


def snapshot(root: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and os.access(path, os.R_OK):
            out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


@pytest.fixture
def tree(tmp_path: Path):
    files = make_tree(tmp_path)
    yield tmp_path, files
    os.chmod(tmp_path / "app/unreadable.py", 0o644)


def run(root: Path, **options) -> "RewriteResult":  # noqa: F821
    options.setdefault("codemods", (LOGIN_STRUCT,))
    return rewrite([str(root / "app")], RewriteOptions(**options), cwd=str(root))


def by_name(result):
    return {f.display: f for f in result.files}


def test_hostile_files_are_reported_and_the_rest_is_rewritten(tree):
    root, files = tree
    before = snapshot(root)
    result = run(root, style="inline")
    files_ = by_name(result)
    changed = {f.display for f in result.changed}
    assert changed == {"app/good.py", "app/crlf.py", "app/bom.py", "app/latin.py", "app/tool.py",
                       "app/explodes.py", "app/pkg.py/inner.py"}
    # mode 000: unreadable for users, and not writable for its owner even where root can read it
    assert files_["app/unreadable.py"].status == "error"
    assert "app/migrated.py" not in files_  # nothing to fix: the scanner does not even flag it
    assert "syntax error" in files_["app/syntax_error.py"].errors[0]
    assert "coding line" in files_["app/latin_no_coding.py"].errors[0]
    assert files_["app/loop.py"].status == "skipped"
    assert "symbolic link loop" in files_["app/loop.py"].errors[0]
    assert all("\n" not in e for f in result.files for e in f.errors)  # one line each
    assert snapshot(root) == before  # a dry run writes nothing


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a mode-000 file: the case cannot fail")
def test_unreadable_file_is_reported_and_left_alone(tree):
    root, files = tree
    result = run(root, style="inline")
    unreadable = by_name(result)["app/unreadable.py"]
    assert unreadable.status == "error" and "ermission denied" in unreadable.errors[0]
    assert apply(result) == []
    os.chmod(root / "app/unreadable.py", 0o644)
    assert (root / "app/unreadable.py").read_bytes() == files["app/unreadable.py"]


def test_write_keeps_shape_and_leaves_bad_files_byte_identical(tree):
    root, files = tree
    result = run(root, style="inline")
    assert apply(result) == []
    after = snapshot(root)
    for bad in ("app/syntax_error.py", "app/latin_no_coding.py", "app/migrated.py"):
        assert after[bad] == files[bad]
    assert os.readlink(root / "app/loop.py") == str(root / "app/loop.py")
    assert after["app/crlf.py"].count(b"\r\n") == after["app/crlf.py"].count(b"\n")
    assert after["app/bom.py"].startswith(b"\xef\xbb\xbf") and after["app/bom.py"].count(b"\xef\xbb\xbf") == 1
    assert b"CITY = 'Z\xfcrich'" in after["app/latin.py"]  # still latin-1
    assert stat.S_IMODE(os.stat(root / "app/tool.py").st_mode) == 0o755
    for rel in ("app/good.py", "app/crlf.py", "app/bom.py", "app/latin.py", "app/pkg.py/inner.py"):
        assert b'"login"' not in after[rel] and b"access_token" in after[rel]
        compile(after[rel], rel, "exec")


def test_second_run_changes_nothing(tree):
    root, _ = tree
    apply(run(root, style="inline"))
    again = run(root, style="inline")
    assert again.changed == [] and not again.would_change


def test_parallel_run_gives_the_same_result(tree):
    root, _ = tree
    one = {f.display: (f.status, f.new, f.errors) for f in run(root, jobs=1).files}
    two = {f.display: (f.status, f.new, f.errors) for f in run(root, jobs=2).files}
    assert one == two


@pytest.mark.parametrize("exploding", ["Exploding", "ExplodingInOnePass"])
def test_a_failing_codemod_is_reported_for_that_file_only(tree, exploding):
    root, files = tree
    result = run(root, codemods=(LOGIN_STRUCT, f"rewrite_test_codemods.{exploding}"))
    files_ = by_name(result)
    assert files_["app/explodes.py"].status == "error"
    assert f".{exploding} failed: RuntimeError: codemod bug" in files_["app/explodes.py"].errors[0]
    assert files_["app/explodes.py"].new is None
    assert files_["app/good.py"].status == "changed"
    apply(result)
    assert (root / "app/explodes.py").read_bytes() == files["app/explodes.py"]


def test_code_a_codemod_writes_that_does_not_compile_is_never_written(tmp_path):
    source = (LEGACY + "RETURN_HERE = 1\n").encode()
    (tmp_path / "app").mkdir()
    (tmp_path / "app/bad.py").write_bytes(source)
    result = rewrite([str(tmp_path / "app")], RewriteOptions(codemods=("rewrite_test_codemods.ReturnAtModuleLevel",)),
                     cwd=str(tmp_path))
    [file] = result.files
    assert file.status == "error" and file.new is None
    assert "app/bad.py: rewritten code does not compile ('return' outside function" in file.errors[0]
    assert apply(result) == [] and (tmp_path / "app/bad.py").read_bytes() == source


def test_diff_changes_and_todos(tree):
    root, _ = tree
    (root / "app/todo.py").write_text(
        LEGACY + "params = {'id': 1, 'login': {'username': 'u', 'account': 'a', 'password': 'p'}}\n")
    result = run(root, style="inline")
    good = by_name(result)["app/good.py"]
    assert "--- a/app/good.py\n+++ b/app/good.py\n" in good.diff
    assert f"-{LOGIN_CALL}\n" in good.diff
    assert good.changes == ["line 4: Account_database: per-call `login` struct replaced by "
                            "`access_token` from $COPERNICA_ACCESS_TOKEN"]
    assert "PASSWORD (line 2)" in good.unused_credentials
    todo = by_name(result)["app/todo.py"]
    # all or nothing: the module with a TODO is not rewritten at all; the reason names the
    # line of the file as it is (line 5), not of the rewrite that was dropped
    assert (todo.status, todo.reverted, todo.diff) == ("unchanged", True, "")
    [reason] = [n for n in result.needs_hands if n.path == "app/todo.py"]
    assert reason.line == 5 and "send `access_token` instead" in reason.reason


def test_plugin_module_is_placed_next_to_the_client_and_never_overwritten(tree):
    root, _ = tree
    codemods = (LOGIN_STRUCT, "rewrite_test_codemods.ZeepClientPlugin")
    result = run(root, style="plugin", codemods=codemods)
    plans = {p.display: p for p in result.plugins}
    assert set(plans) == {"app/copernica_access_token.py", "app/pkg.py/copernica_access_token.py"}
    plan = plans["app/copernica_access_token.py"]
    assert plan.action == "create" and plan.diff.startswith("--- /dev/null\n+++ b/app/copernica_access_token.py")
    assert not (root / "app/copernica_access_token.py").exists()  # dry run
    apply(result)
    assert (root / "app/copernica_access_token.py").read_bytes() == plan.content
    # the user's own file of that name in another folder: reported, neither it nor its client written
    (root / "other").mkdir()
    (root / "other/client.py").write_text(LEGACY)
    (root / "other/copernica_access_token.py").write_text("# mine\n")
    result = rewrite([str(root / "other")], RewriteOptions(style="plugin", codemods=codemods),
                     cwd=str(root))
    assert [p.action for p in result.plugins] == ["conflict"]
    client = by_name(result)["other/client.py"]
    assert client.status == "error" and "not rewritten" in client.errors[0]
    apply(result)
    assert (root / "other/copernica_access_token.py").read_text() == "# mine\n"
    assert (root / "other/client.py").read_text() == LEGACY


PROGRAM = """\
import zeep

client = zeep.Client(WSDL_URL)
svc = client.service
db = svc.Account_createDatabase({"name": "Shop", "login": {"username": USER, "account": ACCOUNT, "password": PASSWORD}})
found = svc.Account_database(parameters={"identifier": "Shop", "login": {"username": USER, "account": ACCOUNT, "password": PASSWORD}})
print("found", found.database.id == db.database.id)
"""


@pytest.mark.parametrize("style", ["inline", "plugin"])
def test_rewritten_program_runs_against_the_token_only_mock(tmp_path, mock_server, style):
    """Per-call login structs before; after the rewrite, every call carries the token."""
    server = mock_server(auth="token")
    app = tmp_path / "app"
    app.mkdir()
    header = (f"WSDL_URL = {server.wsdl_url!r}  # soap.copernica.com/?SOAPAPI=WSDL in production\n"
              f"USER, ACCOUNT, PASSWORD = {LOGIN['username']!r}, {LOGIN['account']!r}, {LOGIN['password']!r}\n")
    (app / "shop.py").write_text(header + PROGRAM)
    codemods = (LOGIN_STRUCT,) + (("rewrite_test_codemods.ZeepClientPlugin",) if style == "plugin" else ())
    result = rewrite([str(app)], RewriteOptions(style=style, codemods=codemods), cwd=str(tmp_path))
    assert apply(result) == [] and result.changed
    env = {**os.environ, "COPERNICA_ACCESS_TOKEN": TOKEN}
    proc = subprocess.run([sys.executable, str(app / "shop.py")], cwd=app, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "found True"
    calls = server.calls
    assert [c["operation"] for c in calls] == ["Account_createDatabase", "Account_database"]
    assert {c["auth"] for c in calls} == {"token"}


@pytest.mark.parametrize("style", ["plugin", "inline"])
def test_the_engine_gives_what_every_codemod_alone_gives(tmp_path, style):
    """Two savings of the engine must change no byte, on every bundled legacy program: it runs a
    codemod only on files with findings of its rules, and it settles the imports once per file
    after the last codemod (codemods/_imports.py). The reference: every codemod of the style, one
    after the other, each settling its own imports (as under libcst.tool)."""
    import shutil

    import libcst as cst
    from libcst.codemod import CodemodContext, SkipFile

    from codemods import registry
    from migrator.examples import LEGACY
    from migrator.rewrite import RewriteOptions
    from migrator.rewrite.discovery import select
    from migrator.rewrite.transform import rewrite_file

    shutil.copytree(LEGACY, tmp_path / "legacy")
    options = RewriteOptions(style=style)
    selection = select([str(tmp_path / "legacy")], [], str(tmp_path), options.token_env, 1)
    skipped_some = removed_some = False
    for candidate in selection.candidates:
        assert candidate.rules, candidate.display
        engine = rewrite_file(candidate.path, candidate.display, options, selection.project, candidate.rules)
        module = cst.parse_module(engine.old)
        for entry in registry.for_style(style):
            context = CodemodContext(filename=candidate.path, scratch={registry.PROJECT: selection.project})
            try:
                module = entry.command(context, token_env=options.token_env, style=style).transform_module(module)
            except SkipFile:
                continue
        assert (engine.new or engine.old) == module.bytes, candidate.display
        skipped_some |= len(candidate.rules) < 7
        removed_some |= module.code.count("import") < engine.old.count(b"import")
    assert skipped_some and removed_some  # both savings were in play
