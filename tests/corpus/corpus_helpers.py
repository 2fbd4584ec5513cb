"""Helpers for the corpus tests (tests/corpus/test_corpus.py): cases, clean copies, the CLI.

A case is a folder `tests/corpus/<name>/` with `src/` (the program, as a user's repository holds
it) and `case.json` (what scan, rewrite and verify must do with it); README.md beside this file
describes the fields.

`scan` and `rewrite` run in this process through click's CliRunner (the same command objects
`copernica-migrate` runs, without a Python start-up each time); `verify` runs as a child
process, since it has to start the program. Every child process has a timeout.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
STYLES = ("plugin", "inline")
KINDS = ("positive", "negative")
OUTCOMES = ("migrated", "needs-hands", "untouched")
VERIFY_TIMEOUT = 90  # seconds for one verify run (the program and the mock)
LOGIN_SITE = re.compile(r"^(?P<path>[^:]+):(?P<line>[1-9][0-9]*)$")


class CaseFormatError(Exception):
    """case.json does not follow the corpus format."""


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    description: str
    kind: str
    run: tuple[str, ...] | None
    env: dict[str, str]
    logins: tuple[tuple[str, int], ...]
    rules: frozenset[str]
    outcomes: dict[str, str]  # style -> outcome
    needs_hands: str | None
    calls: tuple[str, ...]
    env_name: str | None = None  # the token variable the migrated code must read (optional)

    @property
    def src(self) -> Path:
        return self.folder / "src"

    @property
    def runnable(self) -> bool:
        return self.run is not None


def case_names() -> list[str]:
    """Every folder with a case.json, sorted (a malformed one still gets its tests, which fail)."""
    return sorted(p.parent.name for p in CORPUS.glob("*/case.json"))


def load_case(name: str) -> Case:
    folder = CORPUS / name
    where = f"{name}/case.json"
    try:
        data = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CaseFormatError(f"{where}: cannot read: {exc}") from None
    problems: list[str] = []

    def need(ok: bool, message: str) -> None:
        if not ok:
            problems.append(message)

    need(isinstance(data, dict), "not a JSON object")
    if problems:
        raise CaseFormatError(f"{where}: " + "; ".join(problems))
    known = {"description", "kind", "run", "env", "logins", "rules", "outcome", "needs_hands", "calls",
             "env_name"}
    need(not set(data) - known, f"unknown keys {sorted(set(data) - known)}")
    need(isinstance(data.get("description"), str) and data["description"].strip() != "",
         "description: a sentence")
    kind = data.get("kind")
    need(kind in KINDS, f"kind: one of {KINDS}")
    run = data.get("run")
    need(run is None or (isinstance(run, list) and run and all(isinstance(a, str) for a in run)),
         "run: a non-empty list of strings or null")
    env = data.get("env") or {}
    need(isinstance(env, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in env.items()),
         "env: an object of strings")
    logins = []
    for site in data.get("logins", []) if isinstance(data.get("logins", []), list) else [None]:
        match = LOGIN_SITE.match(site) if isinstance(site, str) else None
        need(match is not None, f"logins: {site!r} is not 'path:line'")
        if match:
            logins.append((match["path"], int(match["line"])))
    rules = data.get("rules")
    need(isinstance(rules, list) and all(isinstance(r, str) for r in rules), "rules: a list of codes")
    outcome = data.get("outcome")
    if isinstance(outcome, str):
        outcomes = {style: outcome for style in STYLES}
    elif isinstance(outcome, dict):
        outcomes = dict(outcome)
        need(set(outcomes) == set(STYLES), f"outcome: an object needs exactly the keys {STYLES}")
    else:
        outcomes = {}
        need(False, "outcome: a string or an object per style")
    need(all(o in OUTCOMES for o in outcomes.values()), f"outcome: each one of {OUTCOMES}")
    if kind == "negative":
        need(all(o == "untouched" for o in outcomes.values()), "outcome: a negative is 'untouched'")
    needs_hands = data.get("needs_hands")
    if "needs-hands" in outcomes.values():
        need(isinstance(needs_hands, str) and needs_hands != "",
             "needs_hands: the reason's substring, needed with a needs-hands outcome")
    else:
        need(needs_hands is None, "needs_hands: only with a needs-hands outcome")
    calls = data.get("calls")
    need(isinstance(calls, list) and all(isinstance(c, str) for c in calls), "calls: a list of operations")
    if run is None:
        need(calls == [], "calls: [] when the case is not runnable")
    else:
        need(bool(calls), "calls: a runnable case makes at least one call")
    env_name = data.get("env_name")
    need(env_name is None or (isinstance(env_name, str) and env_name.isidentifier()),
         "env_name: an environment variable name")
    need((folder / "src").is_dir(), "src/ is missing")
    if problems:
        raise CaseFormatError(f"{where}: " + "; ".join(problems))
    return Case(name, folder, data["description"], kind, tuple(run) if run else None, dict(env),
                tuple(logins), frozenset(rules), outcomes, needs_hands, tuple(calls), env_name)


# ---- folders ----------------------------------------------------------------------------------

def copy_src(case: Case, into: Path) -> Path:
    """A copy of the case's src/ (the corpus itself is never written to)."""
    target = into / "src"
    shutil.copytree(case.src, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative POSIX path -> bytes), bytecode caches left out."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def tree_diff(before: dict[str, bytes], after: dict[str, bytes], lines: int = 16) -> str:
    """The first lines of a unified diff between two trees (for a failure message)."""
    out: list[str] = []
    for path in sorted(set(before) | set(after)):
        if before.get(path) == after.get(path):
            continue
        if path not in before:
            out.append(f"+ new file {path}")
            continue
        if path not in after:
            out.append(f"- removed file {path}")
            continue
        a = before[path].decode("utf-8", "replace").splitlines()
        b = after[path].decode("utf-8", "replace").splitlines()
        if a == b:
            out.append(f"{path}: only line ends or the final newline differ")
        out += difflib.unified_diff(a, b, f"original/{path}", f"rewritten/{path}", n=0, lineterm="")
    shown = out[:lines]
    if len(out) > lines:
        shown.append(f"... ({len(out) - lines} more diff lines)")
    return "\n".join("    " + line for line in shown)


def login_sites(folder: Path) -> tuple[list[str], list[str]]:
    """(`path:line` of every login call left in the .py files, files that do not parse).

    A login call is `<anything>.login(...)` or `getattr(<anything>, "login")(...)`.
    """
    found, broken = [], []
    for path in sorted(folder.rglob("*.py")):
        rel = path.relative_to(folder).as_posix()
        try:
            module = ast.parse(path.read_bytes(), filename=rel)
        except (SyntaxError, ValueError) as exc:
            broken.append(f"{rel}: {exc}")
            continue
        for node in ast.walk(module):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "login":
                found.append(f"{rel}:{node.lineno}")
            elif (isinstance(func, ast.Call) and isinstance(func.func, ast.Name) and func.func.id == "getattr"
                  and len(func.args) >= 2 and isinstance(func.args[1], ast.Constant)
                  and func.args[1].value == "login"):
                found.append(f"{rel}:{node.lineno}")
    return found, broken


# ---- environments and the CLI -----------------------------------------------------------------

def clean_env(case: Case, tmpdir: Path) -> dict[str, str]:
    """The test process's environment without any COPERNICA_* variable, plus the case's env.

    TMPDIR is a fresh folder (cookie files and the like stay out of /tmp and of other runs);
    no bytecode files, so trees compare byte for byte.
    """
    tmpdir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPERNICA_")}
    env.update(TMPDIR=str(tmpdir), PYTHONDONTWRITEBYTECODE="1")
    env.update(case.env)
    return env


@dataclass
class Run:
    """One CLI run: exit code and output (verify: also its JSON report)."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    report: dict | None = None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def tail(self, lines: int = 12) -> str:
        text = self.output.rstrip().splitlines()[-lines:]
        return "\n".join("    " + line for line in text) or "    (no output)"


@contextlib.contextmanager
def _chdir(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def cli_in_process(*args: str, cwd: Path) -> Run:
    """`copernica-migrate ARGS` in this process, in `cwd`, with the exit code `main()` would give."""
    import click
    from click.testing import CliRunner

    from migrator.cli import cli

    unset = {k: None for k in os.environ if k.startswith("COPERNICA_")}
    with _chdir(cwd):
        result = CliRunner().invoke(cli, list(args), env=unset, standalone_mode=False,
                                    prog_name="copernica-migrate")
    stderr = result.stderr
    exc = result.exception
    if exc is None:
        code = result.return_value if isinstance(result.return_value, int) else 0
    elif isinstance(exc, SystemExit):
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    elif isinstance(exc, click.ClickException):
        code, stderr = exc.exit_code, stderr + f"Error: {exc.format_message()}\n"
    elif isinstance(exc, click.exceptions.Exit):
        code = exc.exit_code
    else:  # `main()` would print one line and exit 2; the traceback is more use in a test
        code = 2
        stderr += "internal error:\n" + "".join(traceback.format_exception(exc))
    return Run(tuple(args), code, result.stdout, stderr)


def verify(case: Case, folder: Path, env: dict[str, str], report: Path, *options: str) -> Run:
    """`copernica-migrate verify OPTIONS --format json -o REPORT -- python <run>` in `folder`."""
    args = ("verify", *options, "--format", "json", "-o", str(report), "--", sys.executable, *case.run)
    try:
        proc = subprocess.run([sys.executable, "-m", "migrator", *args], cwd=folder, env=env,
                              capture_output=True, text=True, timeout=VERIFY_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        return Run(args, -1, out, err + f"\n(timed out after {VERIFY_TIMEOUT} s)")
    data = None
    if report.is_file():
        try:
            data = json.loads(report.read_text())
        except ValueError:
            data = None
    return Run(args, proc.returncode, proc.stdout, proc.stderr, data)


def business_calls(run: Run) -> list[str]:
    """The operations of a verify report's calls, login left out, in order."""
    calls = (run.report or {}).get("calls") or []
    return [c.get("operation") for c in calls if c.get("operation") != "login"]


def verify_failure(run: Run) -> str:
    """Why a verify run failed: the report's verdict and reasons, else the output's tail."""
    if run.report is not None:
        reasons = run.report.get("reasons") or []
        text = [f"    verdict {run.report.get('verdict')!r}, exit {run.code}"]
        text += [f"    - {r if isinstance(r, str) else json.dumps(r)}" for r in reasons[:8]]
        difference = (run.report.get("baseline") or {}).get("difference")
        if difference:
            text.append(f"    baseline: {difference}")
        faults = [f"{c.get('operation')}: {c.get('fault')}" for c in run.report.get("calls") or []
                  if c.get("fault") and not c.get("fault_allowed")]
        text += [f"    fault: {f}" for f in faults[:3]]
        if run.stderr.strip():
            text.append("    program/verify stderr:")
            text += ["      " + line for line in run.stderr.rstrip().splitlines()[-8:]]
        return "\n".join(text)
    return f"    exit {run.code}, no report\n{run.tail()}"


def first_difference(expected: list[str], got: list[str]) -> str:
    for i, (e, g) in enumerate(zip(expected, got)):
        if e != g:
            return f"call {i + 1}: expected {e}, got {g}"
    if len(expected) != len(got):
        longer, which = (expected, "expected") if len(expected) > len(got) else (got, "got")
        return (f"{len(expected)} calls expected, {len(got)} made; first extra ({which}): "
                f"{longer[min(len(expected), len(got))]}")
    return "no difference"


@dataclass
class Problems:
    """Every failed check of one test, so a red test says all that is wrong at once."""

    items: list[str] = field(default_factory=list)

    def check(self, ok: bool, message) -> bool:
        if not ok:
            self.items.append(message() if callable(message) else message)
        return ok

    def __bool__(self) -> bool:
        return bool(self.items)

    def __str__(self) -> str:
        return "\n".join(f"- {item}" for item in self.items)
