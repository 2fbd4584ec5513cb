"""Discovery + prefilter: which files get parsed, with both engines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scan_fixtures import ENGINES, NEEDLES, write_tree
from migrator.scan import discover, prefilter

EXTS = frozenset({".py", ".php", ".js", ".ts", ".java", ".cs"})
HIT = "# copernica\n"


def candidates(engine: str, root: Path, exclude=(), needles=NEEDLES) -> set[str]:
    found = prefilter.run(engine, [str(root)], EXTS, discover.Excludes(exclude), needles)
    return {Path(p).relative_to(root).as_posix() for p in found.candidates}


def test_gitignore_nested_and_negation(tree, engine):
    root = tree({
        ".gitignore": "ignored_dir/\n*.gen.py\n",
        "a.py": HIT,
        "x.gen.py": HIT,
        "ignored_dir/b.py": HIT,
        "pkg/.gitignore": "local_*.py\n!local_keep.py\n",
        "pkg/local_x.py": HIT,
        "pkg/local_keep.py": HIT,
        "pkg/c.py": HIT,
        "pkg/deeper/x.gen.py": HIT,
    })
    assert candidates(engine, root) == {"a.py", "pkg/local_keep.py", "pkg/c.py"}


def test_parent_gitignore_applies_when_scanning_a_subfolder(tree, engine):
    root = tree({".gitignore": "secret_*.py\n", "src/secret_a.py": HIT, "src/b.py": HIT})
    assert candidates(engine, root / "src") == {"b.py"}


def test_tool_folders_and_virtualenvs_are_skipped(tree, engine):
    root = tree({
        "app.py": HIT,
        "env/pyvenv.cfg": "home = /usr/bin\n",
        "env/lib/site.py": HIT,
        "tools/.venv/pyvenv.cfg": "home = /usr/bin\n",
        "tools/.venv/lib/x.py": HIT,
        "node_modules/lib/index.js": "// copernica\n",
        "build/gen.py": HIT,
        "dist/gen.py": HIT,
        "__pycache__/x.py": HIT,
        ".tox/py311/x.py": HIT,
        ".mypy_cache/x.py": HIT,
        ".git/hooks/x.py": HIT,
        ".hidden/visible.py": HIT,
        "web/app.js": "// Copernica\n",
    })
    assert candidates(engine, root) == {"app.py", ".hidden/visible.py", "web/app.js"}


def test_only_files_with_a_needle_and_known_extension(tree, engine):
    root = tree({"a.py": "x = 'COPERNICA'\n", "b.py": "x = 1\n", "c.txt": HIT, "d.PY": HIT})
    assert candidates(engine, root) == {"a.py", "d.PY"}


def test_exclude_globs(tree, engine):
    root = tree({"legacy/a.py": HIT, "src/legacy/b.py": HIT, "src/c_old.py": HIT, "src/c.py": HIT})
    assert candidates(engine, root, exclude=["legacy/", "*_old.py"]) == {"src/c.py"}
    assert candidates(engine, root, exclude=["/legacy/"]) == {"src/legacy/b.py", "src/c_old.py", "src/c.py"}


def test_symlink_loop_terminates(tree, engine):
    root = tree({"a/b.py": HIT})
    os.symlink("..", root / "a" / "loop")
    os.symlink(root / "a" / "b.py", root / "link.py")
    assert candidates(engine, root) == {"a/b.py"}


def test_the_python_walk_notes_links_named_like_source_files(tree):
    from migrator.scan.engine import ScanRequest, scan

    root = tree({"a/b.py": HIT})
    os.symlink("loop.py", root / "loop.py")
    os.symlink("gone.py", root / "broken.py")
    os.symlink(root / "a" / "b.py", root / "alias.py")
    os.symlink("..", root / "a" / "up")  # a folder link: never walked, nothing to say
    report = scan(ScanRequest(paths=[str(root)], cwd=str(root), engine="python", jobs=1))
    assert {(s.path, s.reason.split(",")[0]) for s in report.skipped} == {
        ("loop.py", "symbolic link loop"), ("broken.py", "broken symbolic link"),
        ("alias.py", "symbolic link")}
    assert [f.location.path for f in report.findings] == [] or all(
        f.location.path == "a/b.py" for f in report.findings)


def test_works_inside_a_git_repository_too(tree, engine):
    root = tree({".gitignore": "skip.py\n", "skip.py": HIT, "keep.py": HIT})
    (root / ".git").mkdir()
    assert candidates(engine, root) == {"keep.py"}


@pytest.mark.skipif(len(ENGINES) < 2, reason="ripgrep is not installed")
def test_both_engines_find_the_same_files(tmp_path):
    files: dict[str, str | bytes] = {".gitignore": "*.log.py\nout/\n!out/keep.py\n"}
    for i in range(60):
        folder = ["", "pkg/", "pkg/sub/", "out/", "vendor/node_modules/", "env/", "deep/a/b/c/"][i % 7]
        ext = [".py", ".php", ".js", ".ts", ".java", ".cs", ".txt", ".log.py"][i % 8]
        body = ["copernica", "CoPeRnIcA", "nothing", "zeep", "x\0copernica"][i % 5]
        files[f"{folder}f{i}{ext}"] = body.encode()
    files["env/pyvenv.cfg"] = "home = /usr\n"
    files["pkg/.gitignore"] = "f1*\n"
    root = write_tree(tmp_path, files)
    needles = (b"copernica", b"zeep")
    by_python = candidates("python", root, exclude=["deep/a/"], needles=needles)
    by_rg = candidates("rg", root, exclude=["deep/a/"], needles=needles)
    assert by_python == by_rg
    assert len(by_python) > 10  # the tree is not trivially empty


def test_rg_ignores_the_users_ripgrep_config(tree, monkeypatch, tmp_path):
    if not prefilter.find_rg():
        pytest.skip("ripgrep is not installed")
    root = tree({"a.py": HIT})
    config = tmp_path / "rgrc"
    config.write_text("--glob=!*.py\n")
    monkeypatch.setenv("RIPGREP_CONFIG_PATH", str(config))
    assert candidates("rg", root) == {"a.py"}


def test_module_names_follow_package_folders(tmp_path):
    write_tree(tmp_path, {"src/shop/__init__.py": "", "src/shop/api/__init__.py": "", "src/shop/api/client.py": "",
                          "script.py": ""})
    assert discover.module_name(str(tmp_path / "src/shop/api/client.py"), str(tmp_path)) == "shop.api.client"
    assert discover.module_name(str(tmp_path / "src/shop/api/__init__.py"), str(tmp_path)) == "shop.api"
    assert discover.module_name(str(tmp_path / "script.py"), str(tmp_path)) == "script"
    assert discover.module_name(str(tmp_path / "src/shop/x.php"), str(tmp_path)) is None


def test_scanning_inside_a_folder_a_parent_gitignore_ignores(tree, engine):
    # e.g. scanning the interpreter's stdlib under ~/.pyenv, whose .gitignore lists /versions
    root = tree({".gitignore": "/versions\n*.tmp.py\n", "versions/lib/a.py": HIT, "versions/lib/b.tmp.py": HIT})
    assert candidates(engine, root / "versions" / "lib") >= {"a.py"}


@pytest.mark.skipif(len(ENGINES) < 2, reason="ripgrep is not installed")
@pytest.mark.parametrize("seed", range(40))
def test_engines_agree_on_generated_ignore_rules(tmp_path, seed):
    """Seeded trees with nested .gitignore files and --exclude globs drawn from tricky patterns."""
    import random

    rnd = random.Random(seed)
    patterns = ["*.py", "!keep*.py", "/a/", "b/", "**/c/*.js", "a/**/x*.php", "*.gen.*", "/top.py", "d",
                "!d/keep.py", "sub/", "!sub/", "[ab]*.php", "e?.js", "# comment", "", "\\#hash.py", "x/y/",
                "/b/z.py", "*.PHP"]
    folders = ["", "a/", "b/", "c/", "a/c/", "a/b/", "d/", "sub/", "x/y/", "b/d/", "a/sub/c/"]
    names = ["keep1.py", "top.py", "x1.php", "f.gen.py", "e1.js", "z.py", "a.php", "b.PHP", "#hash.py", "m.js"]
    files: dict[str, str | bytes] = {}
    for folder in folders:
        for name in rnd.sample(names, 4):
            files[folder + name] = HIT
    for folder in rnd.sample(folders, 3):
        files[folder + ".gitignore"] = "\n".join(rnd.sample(patterns, 3)) + "\n"
    root = write_tree(tmp_path, files)
    exclude = rnd.sample([p for p in patterns if p and not p.startswith("#")], rnd.randint(0, 2))
    assert candidates("python", root, exclude) == candidates("rg", root, exclude)
