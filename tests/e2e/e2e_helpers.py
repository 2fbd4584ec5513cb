"""Helpers for the end-to-end rewrite tests: the bundled legacy programs, child processes, and
the comparisons between a legacy run and a migrated run.

What "same business results" means here (and why):
- stdout: every line except those starting with `login:`. The newsletter script prints the
  login's result; the migrated program no longer logs in, so that line may go (or change).
  Everything else a program prints is sorted business data, so it must be identical.
- the call log: every call except `login`, as (operation, parameters without credentials), in
  order. Calls a thread pool sends concurrently (consecutive calls of the same operation) arrive
  in any order, so within such a run the parameters are compared as a multiset; the order of
  the runs themselves must match. Both runs start on an empty mock, so ids agree.
"""

from __future__ import annotations

import ast
import difflib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LEGACY = REPO / "migrator" / "examples" / "legacy"


@dataclass(frozen=True)
class Program:
    entry: tuple[str, ...]  # arguments after `python`, run in the program's folder
    must_change: tuple[str, ...]  # files (relative to the folder) the migration has to edit
    flavour: str  # SOAP library: which plugin module the plugin style generates
    client_dir: str = "."  # folder of the module that makes the client (plugin goes there)


PROGRAMS = {
    "newsletter_script": Program(("newsletter.py",), ("newsletter.py",), "zeep"),
    "crm_service": Program(("crm.py",), ("crm.py",), "zeep"),
    # sync.py builds the wrapper with username/password: the construction site must change too
    "shop_wrapper": Program(("-m", "shop.sync"), ("shop/pom.py", "shop/sync.py"), "zeep", "shop"),
    "suds_export": Program(("export.py",), ("export.py",), "suds"),
    "bulk_import": Program(("bulk.py",), ("bulk.py",), "zeep"),
}
PLUGIN_MODULES = {"zeep": "copernica_access_token.py", "suds": "copernica_access_token_suds.py"}


def copy_program(name: str, into: Path) -> Path:
    """A copy of a bundled legacy program under `into`; the originals are never touched."""
    target = into / name
    shutil.copytree(LEGACY / name, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def clean_env(tmpdir: Path, **extra: str) -> dict[str, str]:
    """The test process's environment without any COPERNICA_* variable, plus `extra`.

    TMPDIR keeps the shop wrapper's cookie file out of the real /tmp (and out of other tests'
    way); no bytecode files so the trees compare byte for byte.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPERNICA_")}
    env.update(TMPDIR=str(tmpdir), PYTHONDONTWRITEBYTECODE="1")
    env.update(extra)
    return env


def run_program(name: str, folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *PROGRAMS[name].entry], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)


def cli(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "migrator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=180)


def business_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if not line.startswith("login:")]


def business_calls(calls: list[dict]) -> list[tuple[str, str]]:
    """(operation, parameters as canonical JSON) of every call but `login`, in log order."""
    return [(c["operation"], json.dumps(c["params"], sort_keys=True, default=str))
            for c in calls if c["operation"] != "login"]


def call_runs(calls: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Consecutive calls of one operation as one run with sorted parameters (see module doc)."""
    return [(op, sorted(p for _, p in group)) for op, group in groupby(calls, key=lambda c: c[0])]


def first_difference(before: list, after: list) -> str:
    for i, (b, a) in enumerate(zip(before, after)):
        if b != a:
            return f"call run {i}: legacy {b!r} != migrated {a!r}"
    return f"legacy has {len(before)} call runs, migrated {len(after)}"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative POSIX path -> bytes), bytecode caches left out."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def tree_difference(got: dict[str, bytes], expected: dict[str, bytes], lines: int = 12) -> str:
    """The first lines of a diff between two trees (for a failure message)."""
    out: list[str] = []
    for path in sorted(set(got) | set(expected)):
        a = got.get(path, b"").decode("utf-8", "replace").splitlines()
        b = expected.get(path, b"").decode("utf-8", "replace").splitlines()
        if got.get(path) != expected.get(path) and a == b:  # only line ends or presence differ
            out.append(f"{path}: patched {got.get(path, b'<missing>')[-40:]!r}, "
                       f"written {expected.get(path, b'<missing>')[-40:]!r}")
        out += list(difflib.unified_diff(a, b, f"patched/{path}", f"written/{path}", n=0, lineterm=""))
    return "\n".join(out[:lines])


def diff_targets(patch: str) -> set[str]:
    """The files a unified diff names (its `+++ b/...` headers, `b/` stripped)."""
    return {line[len("+++ b/"):].split("\t")[0] for line in patch.splitlines()
            if line.startswith("+++ b/")}


def login_calls(source: str) -> list[int]:
    """Lines of `<anything>.login(...)` calls in a Python source."""
    return [node.lineno for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "login"]


def imported_modules(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


@dataclass
class Problems:
    """Collects every failed check of one case, so a red test says all that is wrong at once."""

    items: list[str] = field(default_factory=list)

    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.items.append(message)

    def __str__(self) -> str:
        return "\n".join(f"- {item}" for item in self.items)
