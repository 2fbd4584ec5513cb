"""What the corpus checks, per case: `run_case(name, root, parts)` -> problems per part.

The parts are "scan", "plugin" and "inline" (the tests of test_corpus.py). One call does the
whole of one case, so its two styles share the "before" run (the legacy baseline of a
positive, the token run of a negative). test_corpus.py runs these calls in worker processes,
several cases at a time; inside one call, scan and rewrite run in-process (CliRunner) while
the verify child processes run in threads beside them.

The result is plain data (lists of strings), so it crosses process boundaries.
"""

from __future__ import annotations

import json
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from analysis_equivalence import check as analyses_agree
from corpus_helpers import (
    STYLES, Case, CaseFormatError, Problems, Run, business_calls, clean_env, cli_in_process,
    copy_src, first_difference, load_case, login_sites, tree, tree_diff, verify, verify_failure,
)

DEFAULT_TOKEN_ENV = "COPERNICA_ACCESS_TOKEN"


def token_env_option(case: Case) -> tuple[str, ...]:
    """verify hands the program its token in this variable (env_name, when the case names one)."""
    return ("--token-env", case.env_name) if case.env_name else ()


def passed(run: Run) -> bool:
    return run.code == 0 and (run.report or {}).get("verdict") == "pass"


# ---- the "before" run, shared by both styles -------------------------------------------------

@dataclass
class Before:
    """Legacy baseline (positive: `verify --auth legacy --trace`) or token run (negative)."""

    trace: Path | None = None  # the legacy trace, for `verify --baseline`
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def run_before(case: Case, work: Path) -> Before:
    folder = copy_src(case, work / "before")
    env = clean_env(case, work / "tmp-before")
    before = Before()
    if case.kind == "positive":
        before.trace = work / "before.json"
        # a half-migrated program's token part reads the project's own token variable
        run = verify(case, folder, env, work / "before-report.json",
                     "--auth", "legacy", "--trace", str(before.trace), *token_env_option(case))
        what = "legacy baseline (verify --auth legacy)"
    else:
        run = verify(case, folder, env, work / "before-report.json", *token_env_option(case))
        what = "token run before the rewrite (verify)"
    if not passed(run):
        before.problems.append(f"{what} failed, so the program itself is wrong:\n{verify_failure(run)}\n"
                               f"  program output:\n{run.tail(8)}")
    got = business_calls(run)
    if got != list(case.calls):
        before.problems.append(f"{what}: business calls differ from case.json 'calls' "
                               f"({first_difference(list(case.calls), got)})\n    made: {got}")
    if case.kind == "positive" and before.ok and not before.trace.is_file():
        before.problems.append(f"{what}: wrote no trace to {before.trace}")
    return before


# ---- scan -----------------------------------------------------------------------------------------

def scan_json(folder: Path) -> tuple[dict | None, Run]:
    run = cli_in_process("scan", "--format", "json", "--jobs", "1", ".", cwd=folder)
    try:
        return json.loads(run.stdout), run
    except ValueError:
        return None, run


def describe(finding: dict) -> str:
    loc = finding.get("location") or {}
    return f"{loc.get('path')}:{loc.get('line')} {finding.get('rule')}" + \
        ("" if finding.get("fixable") else " (not fixable)")


def check_scan(case: Case, work: Path) -> list[str]:
    folder = copy_src(case, work / "scan")
    report, run = scan_json(folder)
    if report is None:
        return [f"scan gave no JSON report (exit {run.code}):\n{run.tail()}"]
    findings = report.get("findings") or []
    problems = Problems()
    problems.check(run.code in (0, 1), f"scan exited {run.code}:\n{run.tail()}")
    problems.check(not report.get("errors"), lambda: f"scan could not read or parse: {report['errors']}")
    for path, line in case.logins:
        problems.check(
            any((f.get("location") or {}).get("path", "").endswith(path)
                and (f.get("location") or {}).get("line") == line for f in findings),
            f"no finding at the login site {path}:{line}")
    got = {f.get("rule") for f in findings}
    problems.check(
        got == set(case.rules),
        lambda: f"rule codes differ: expected {sorted(case.rules)}, got {sorted(got)} "
                f"(missing {sorted(set(case.rules) - got)}, unexpected {sorted(got - set(case.rules))})")
    if problems:
        shown = "\n".join(f"    {describe(f)}" for f in findings) or "    (none)"
        problems.items.append(f"scan found:\n{shown}")
    return problems.items


# ---- rewrite, per style -------------------------------------------------------------------------

def needs_hands_lines(run: Run) -> list[str]:
    return [line.strip() for line in run.output.splitlines() if line.strip().startswith("needs hands:")]


def mentions(files: dict[str, bytes], name: str) -> int:
    return sum(data.count(name.encode()) for path, data in files.items() if path.endswith(".py"))


def check_token_env(case: Case, original: dict[str, bytes], rewritten: dict[str, bytes],
                    problems: Problems) -> None:
    """With env_name: the migration reads the token from that variable, and from no other."""
    if not case.env_name:
        return
    problems.check(mentions(rewritten, case.env_name) > mentions(original, case.env_name),
                   f"the migrated code does not read the token from {case.env_name} (env_name): "
                   "no new reference to it")
    if case.env_name != DEFAULT_TOKEN_ENV:
        problems.check(mentions(rewritten, DEFAULT_TOKEN_ENV) <= mentions(original, DEFAULT_TOKEN_ENV),
                       f"the migration introduces {DEFAULT_TOKEN_ENV} next to the project's "
                       f"{case.env_name} (one account, two token variables)")


@dataclass
class StyleWork:
    """One style's checks: problems found so far, and a verify still running (if any)."""

    problems: Problems
    pending: Future | None = None  # -> Run
    pending_what: str = ""


_AGREED: set[bytes] = set()  # texts already checked in this process (the plugin module, mostly)


def check_analyses(original: dict[str, bytes], rewritten: dict[str, bytes], problems: Problems) -> None:
    """rewrite's all-or-nothing check reads the migrated modules through the ast analysis: it must
    answer there as the libcst one would (findings, secrets, token reach)."""
    for name, data in rewritten.items():
        if name.endswith(".py") and data != original.get(name) and data not in _AGREED:
            try:
                analyses_agree(name, data)
                _AGREED.add(data)
            except AssertionError as exc:
                problems.check(False, f"the ast and libcst analyses disagree on rewritten {name}: {exc}")


def check_style(case: Case, style: str, work: Path, before: Future | None,
                threads: ThreadPoolExecutor) -> StyleWork:
    outcome = case.outcomes[style]
    problems = Problems()
    result = StyleWork(problems)
    folder = copy_src(case, work / style)
    original = tree(folder)
    written = cli_in_process("rewrite", "--write", "--style", style, ".", cwd=folder)
    rewritten = tree(folder)

    if outcome == "migrated":
        if rewritten == original:
            # the login, the check, the scan and verify could only say the same again
            problems.check(False, f"rewrite changed nothing, but the case expects a migration "
                                  f"(exit {written.code}); rewrite said:\n{written.tail(16)}")
            return result
        problems.check(written.code == 0, lambda: f"rewrite --write exited {written.code}:\n{written.tail()}")
        problems.check(not needs_hands_lines(written),
                       lambda: f"a migrated case still needs hands: {needs_hands_lines(written)}")
        check_token_env(case, original, rewritten, problems)
        check_analyses(original, rewritten, problems)
        left, broken = login_sites(folder)
        problems.check(not broken, f"rewritten files do not parse: {broken}")
        problems.check(not left, f"login calls left after the rewrite: {left}")
        check = cli_in_process("rewrite", "--check", "--style", style, ".", cwd=folder)
        problems.check(check.code == 0,
                       lambda: f"`rewrite --check --style {style}` after --write exited {check.code} "
                               f"(it would still change something):\n{check.tail()}")
        report, scan = scan_json(folder)
        if report is None:
            problems.check(False, f"scan after the rewrite gave no JSON report:\n{scan.tail()}")
        else:
            fixable = [describe(f) for f in report.get("findings") or [] if f.get("fixable")]
            problems.check(not fixable, f"fixable findings left after the rewrite: {fixable}")
        if case.runnable:
            def after() -> Run | None:
                base = before.result()
                if not base.ok:
                    return None
                return verify(case, folder, clean_env(case, work / f"tmp-{style}"),
                              work / f"{style}-report.json", "--baseline", str(base.trace),
                              *token_env_option(case))

            result.pending = threads.submit(after)
            result.pending_what = "the migrated program fails `verify --baseline` in token mode"
    else:
        problems.check(rewritten == original,
                       lambda: f"expected every byte as it was ({outcome}); rewrite changed:\n"
                               f"{tree_diff(original, rewritten)}")
        if outcome == "untouched":
            # nothing of Copernica's to migrate is no reason to fail a CI job or to ask for hands
            problems.check(written.code == 0 and not needs_hands_lines(written),
                           lambda: f"rewrite --write on a negative exited {written.code}:\n{written.tail()}")
        else:
            problems.check(written.code == 1, lambda: f"rewrite --write exited {written.code}, not 1, "
                                                      f"though something needs hands:\n{written.tail()}")
        if outcome == "needs-hands":
            lines = needs_hands_lines(written)
            problems.check(any(case.needs_hands in line for line in lines),
                           lambda: f"no `needs hands:` line containing {case.needs_hands!r} "
                                   f"(got {lines or 'none'}); rewrite said:\n{written.tail()}")
        if case.kind == "negative" and case.runnable and rewritten != original:
            result.pending = threads.submit(
                verify, case, folder, clean_env(case, work / f"tmp-{style}"),
                work / f"{style}-report.json", *token_env_option(case))
            result.pending_what = "and the rewritten program fails in token mode"
    return result


def finish(work: StyleWork, before: Before | None) -> list[str]:
    problems = work.problems
    if work.pending is not None:
        run = work.pending.result()
        if run is None:
            problems.check(False, "token-mode verify skipped: no good legacy baseline to compare with")
        else:
            problems.check(passed(run), lambda: f"{work.pending_what}:\n{verify_failure(run)}\n"
                                                f"  program output:\n{run.tail(8)}")
    items = list(before.problems) if before is not None else []
    return items + problems.items


# ---- one case -------------------------------------------------------------------------------------

def run_case(name: str, root: str, parts: tuple[str, ...]) -> dict[str, list[str]]:
    """Problems per part ("scan", "plugin", "inline"); [] means the part passes."""
    try:
        case = load_case(name)
    except CaseFormatError as exc:
        return {part: [str(exc)] for part in parts}
    work = Path(root) / name
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, list[str]] = {}
    with ThreadPoolExecutor(2, thread_name_prefix=f"corpus-{name}") as threads:
        styles = [s for s in STYLES if s in parts]
        before_future = threads.submit(run_before, case, work) if case.runnable and styles else None
        if "scan" in parts:
            results["scan"] = _guard(check_scan, case, work)
        pending = {}
        for style in styles:
            try:
                pending[style] = check_style(case, style, work, before_future, threads)
            except Exception:  # noqa: BLE001 - the harness broke, not the tool: say where
                results[style] = [f"the harness raised:\n{traceback.format_exc()}"]
        before = None
        if before_future is not None:
            try:
                before = before_future.result()
            except Exception:  # noqa: BLE001
                before = Before(problems=[f"the before run raised:\n{traceback.format_exc()}"])
        for style, style_work in pending.items():
            try:
                results[style] = finish(style_work, before)
            except Exception:  # noqa: BLE001
                results[style] = [f"the harness raised:\n{traceback.format_exc()}"]
    return results


def _guard(check, *args) -> list[str]:
    try:
        return check(*args)
    except Exception:  # noqa: BLE001
        return [f"the harness raised:\n{traceback.format_exc()}"]
