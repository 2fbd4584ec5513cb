"""The direct edits (migrator/rewrite/direct) against the libcst codemods: wherever the direct path
answers, the file it writes and everything the report says about it must be the codemods',
byte for byte and word for word. Where it does not answer, the codemods rewrite the file.

Programs: every corpus program, the legacy programs in tests/rewrite/direct_cases/, the
benchmark's generated module, and variants of some of them with a blank line, a comment (at the
statement's indentation, at the margin, deeper) or a trailing comment added at every line, or a
blank line taken out: where libcst's ownership of comment and blank lines decides the bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.rewrite_speed import legacy_module
from migrator.rewrite import RewriteOptions, direct
from migrator.rewrite.discovery import select
from migrator.rewrite.transform import rewrite_file
from migrator.scan.contract import ProjectContext

HERE = Path(__file__).resolve().parent
CASES = HERE / "direct_cases"
CORPUS = HERE.parent / "corpus"
TOKEN_ENV = "COPERNICA_ACCESS_TOKEN"
COMPARED = ("status", "new", "diff", "changes", "unused_credentials", "plugin_requests", "secrets",
            "removed_names", "accounts", "todos", "errors")
# the variants: programs whose shapes the direct path takes, each mutated at every line
MUTATED = ("plain_comment_above_login.py", "plain_separate_credential_constants.py", "plain_grouped_imports.py",
           "plain_module_level_login.py")


def _compare(path: str, display: str, project, rules) -> bool:
    """Assert both engines agree on the file; True when the direct path answered."""
    data = Path(path).read_bytes()
    if direct.edit(data, path, "plugin", TOKEN_ENV, project, rules) is None:
        return False
    codemods = rewrite_file(path, display, RewriteOptions(direct=False), project, rules)
    edited = rewrite_file(path, display, RewriteOptions(), project, rules)
    for name in COMPARED:
        assert getattr(edited, name) == getattr(codemods, name), f"{display}: {name} differs"
    return True


def _tree(tmp_path: Path, source: Path) -> tuple[list, object]:
    shutil.copytree(source, tmp_path / "src")
    selection = select([str(tmp_path / "src")], (), str(tmp_path), TOKEN_ENV, 1)
    return [c for c in selection.candidates if not (c.error or c.skip_reason)], selection.project


def test_direct_cases_agree_and_most_plain_shapes_go_direct(tmp_path):
    candidates, project = _tree(tmp_path, CASES)
    taken = {Path(c.path).name for c in candidates if _compare(c.path, c.display, project, c.rules)}
    plain = {p.name for p in CASES.glob("plain_*.py")}
    assert len(taken) >= 70, len(taken)
    # the common shapes are what the direct path is for: most of them must take it
    assert len(taken & plain) >= 25, sorted(plain - taken)
    assert {"plain_canonical_sync.py", "plain_comment_above_login.py", "plain_two_login_calls.py",
            "p00_login.py", "sync_copernica.py"} <= taken  # the last two: a package, a Django command folder
    # and what it must leave to the codemods, it leaves
    assert not taken & {"tricky_try_handler_works.py", "tricky_login_result_used.py", "tricky_async_await_login.py",
                        "tricky_relogin_not_logged_on.py"}


@pytest.mark.parametrize("case", sorted(p.parent.name for p in CORPUS.glob("*/src")))
def test_corpus_programs_agree(tmp_path, case):
    candidates, project = _tree(tmp_path, CORPUS / case / "src")
    for c in candidates:
        _compare(c.path, c.display, project, c.rules)


def _variants(text: str):
    lines = text.split("\n")
    for i, line in enumerate(lines):
        indent = line[:len(line) - len(line.lstrip())]
        for extra in ("", f"{indent}# note", "# margin note", f"{indent}    # deeper note"):
            yield "\n".join([*lines[:i], extra, *lines[i:]])
        if line.strip() and not line.rstrip().endswith((":", ",", "(", "[", "{", "\\")):
            yield "\n".join([*lines[:i], f"{line}  # trailing", *lines[i + 1:]])
        elif not line.strip():
            yield "\n".join([*lines[:i], *lines[i + 1:]])


@pytest.mark.parametrize("name", [*MUTATED, "benchmark"])
def test_variants_agree(tmp_path, name):
    text = legacy_module(0, 4) if name == "benchmark" else (CASES / name).read_text()
    project = ProjectContext(root=tmp_path, token_env=TOKEN_ENV)
    path = tmp_path / "module.py"
    taken = 0
    for variant in dict.fromkeys(_variants(text)):
        try:
            compile(variant, "module.py", "exec")
        except SyntaxError:
            continue
        path.write_text(variant)
        taken += _compare(str(path), "module.py", project, frozenset({"COP001", "COP002"}))
    assert taken >= 20  # the variants exercise the direct path, not only the fallback


def test_the_benchmark_module_goes_direct(tmp_path):
    """The shape the speed target is measured on (benchmarks/against_floor.py) takes the direct path."""
    path = tmp_path / "legacy.py"
    path.write_text(legacy_module(7, 10))
    project = ProjectContext(root=tmp_path, token_env=TOKEN_ENV)
    assert _compare(str(path), "legacy.py", project, frozenset({"COP001", "COP002"}))
