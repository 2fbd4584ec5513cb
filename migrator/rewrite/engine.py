"""`rewrite(paths, options)`: find the files, rewrite each (in parallel with jobs > 1), plan plugins.

Nothing is written here; `apply` writes a result's changed files and new plugin
modules atomically. Data flows one way: discovery -> transform -> plugins -> apply.

Every parse happens in supervised worker processes (migrator/scan/workers.py), `--jobs` of
them (0: every core; one for fewer than 16 files, as for scan): a file whose codemods crash the
parser or run past its time budget is reported as an error and left as it was; the run goes on.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from typing import Iterable

from migrator.fileio import ChangedMeanwhile, atomic_write, current_bytes
from migrator.rewrite.completeness import Tree, settle
from migrator.rewrite.discovery import Candidate, display_path, select
from codemods.options import DEFAULT_TOKEN_ENV
from migrator.rewrite.model import FileResult, RewriteOptions, RewriteResult
from migrator.rewrite.php import outside, script_reach
from migrator.rewrite.php.families import is_php, join_outside, php_tasks, php_token_envs, settle_php
from migrator.rewrite.php.runner import rewrite_php
from migrator.rewrite.plugins import plan_plugins
from migrator.rewrite.transform import commands_for, rewrite_file
from migrator.scan import limits, workers


def rewrite(paths: Iterable[str], options: RewriteOptions | None = None,
            cwd: str | None = None) -> RewriteResult:
    """Dry run over `paths`. Raises ScanInputError (missing path) and ValueError (bad options)."""
    paths = list(paths)
    options = options or RewriteOptions()
    cwd = os.path.abspath(cwd or os.getcwd())
    commands_for(options)  # fail fast (ValueError) on a bad style or codemod name
    selection = select(list(paths), options.exclude, cwd, options.token_env, options.jobs, options.timeout)
    project = selection.project
    tree = Tree(paths, cwd, options.exclude, str(project.root),
                [c.path for c in selection.candidates if c.error is None and c.skip_reason is None],
                avoid=[c.path for c in selection.candidates if c.error_kind in ("crash", "timeout")],
                scope=options.scope)
    result = RewriteResult(options)
    # the project's PHP beyond what the scan read (outside the paths, .gitignore'd): one walk
    scope = options.scope if options.scope is not None else paths
    php_files = outside.project_files(project.php, scope, cwd, options.exclude)
    options = result.options = _token_env(options, tree, result, php_token_envs(project.php, php_files))
    rewritable = [c.path for c in selection.candidates if c.error is None and c.skip_reason is None]
    result.needs_hands.extend(tree.account_conflicts(rewritable))
    # modules that share a group with a rewritten one get the token codemods too (no rules)
    selection.candidates += [Candidate(p, display_path(p, cwd), rules=frozenset())
                             for p in tree.companions(rewritable)]
    todo: list[tuple[str, str, frozenset[str] | None]] = []
    again: list[Candidate] = []  # the scan could not parse them: our reader says why better
    for candidate in selection.candidates:
        if candidate.skip_reason is not None:
            result.files.append(FileResult(candidate.path, candidate.display, "skipped",
                                           errors=[f"{candidate.display}: {candidate.skip_reason}"]))
        elif candidate.error is not None and candidate.error_kind != "parse":
            # unreadable, crashed or timed out in the scan: never parsed again
            result.files.append(FileResult(candidate.path, candidate.display, "error", errors=[candidate.error]))
        elif candidate.error is not None:
            again.append(candidate)
            todo.append((candidate.path, candidate.display, None))
        else:
            todo.append((candidate.path, candidate.display, candidate.rules))
    todo += php_tasks(selection.php, result)  # PHP: byte edits in the same workers (rewrite/php)
    # PHP files that use the family but are not migrated (outside the paths, ignored): checked only
    aside = outside.find(project.php, php_files, scope, cwd, options.exclude)

    with workers.Pool(workers.count(options.jobs, len(todo) + len(aside))) as pool:
        join_outside(pool, aside, project.php, options.timeout)
        rewritten = run_rewrites(pool, todo + [(path, display, None) for path, display, _, _ in aside],
                                 options, project)
        checked = {display: (rewritten.pop(path), ignored) for path, display, _, ignored in aside}
        for candidate in again:
            mine = rewritten.pop(candidate.path)
            result.files.append(mine if mine.status == "error" else FileResult(
                candidate.path, candidate.display, "error", errors=[candidate.error]))
        result.files.extend(rewritten.values())
        script_reach.hold_back(result, scope, cwd)  # other code that may reach a migrated script's client
        _finish(result, tree, project, options, cwd, pool, checked)
    result.needs_hands.extend(selection.php_by_hand)  # PHP login code no fix can reach
    asserted = _login_assertions(tree) if any(not is_php(f.path) for f in result.changed) else []
    if asserted:
        result.notes.append(f"tests assert that `login` is called (at {_first_few(asserted)}): the migrated "
                            "code no longer logs in, so update them to expect the access token instead")
    # the scan's COP008 and COP108 (no fix removes one), but of a migrated PHP file only the
    # literals the migration keeps (its runner knows): still secrets in the code
    migrated_php = {f.display for f in result.changed if is_php(f.path)}
    kept = [f"{path}:{line}" for path, line in selection.hard_coded if path not in migrated_php]
    kept += [f"{f.display}:{line}" for f in result.changed for line in f.hard_coded]
    if kept:
        result.notes.append(f"hard-coded credentials stay in the code (at {_first_few(kept)}): "
                            "remove them and rotate the passwords; the access token replaces them")
    return result


def _first_few(places: list[str]) -> str:
    """`a.py:3, b.py:7, c.py:9, ...`: a note names three places."""
    return ", ".join(places[:3]) + (", ..." if len(places) > 3 else "")


# a mock's login checked: `service.login.assert_called_once_with(...)`, `assert svc.login.called`
_LOGIN_ASSERTED = re.compile(rb"\.login\.(?:assert_\w+|called\b|call_count\b|call_args)")


def _login_assertions(tree: Tree) -> list[str]:
    """path:line of each place a test checks that a (mocked) client logged in."""
    found = []
    for m in sorted(tree.modules.values(), key=lambda m: m.display):
        for match in _LOGIN_ASSERTED.finditer(m.data):
            line = m.data.count(b"\n", 0, match.start()) + 1
            found.append(f"{m.display}:{line}")
    return found


def _rewrite_task(shared: tuple, task: tuple) -> FileResult:
    options, project = shared
    path, display, rules = task
    if is_php(path):
        return rewrite_php(path, display, options.token_env, project.php, rules)
    return rewrite_file(path, display, options, project, rules)


def run_rewrites(pool: workers.Pool, todo: list[tuple[str, str, frozenset[str] | None]],
                 options: RewriteOptions, project) -> dict[str, FileResult]:
    """rewrite_file for each (path, display, rules), in the pool: path -> its FileResult."""
    budgets = []
    for path, _display, _rules in todo:
        try:
            size = os.stat(path).st_size
        except OSError:
            size = 0
        budgets.append(limits.time_budget(size, limits.REWRITE_BYTES_PER_SECOND, options.timeout))
    outs, _ = pool.run(_rewrite_task, todo, budgets, shared=(options, project))
    done: dict[str, FileResult] = {}
    for (path, display, _rules), out in zip(todo, outs):
        if isinstance(out, workers.Failure):
            what = "rewriting it " if out.kind == "timeout" else ""
            message = out.message if out.kind != "error" else f"rewrite failed: {out.message}"
            out = FileResult(path, display, "error", errors=[f"{display}: {what}{message}; left alone"])
        done[path] = out
    return done


def _finish(result: RewriteResult, tree: Tree, project, options: RewriteOptions, cwd: str,
            pool: workers.Pool, outside_php: dict | None = None) -> None:
    result.files.sort(key=lambda f: f.display)
    for file in result.changed:
        _refuse_unsafe_target(file)
    result.plugins = plan_plugins(result.files, options.token_env, cwd)
    for plan in result.plugin_conflicts:
        for file in result.files:
            if file.display in plan.requested_by and file.status == "changed":
                # without its plugin module the rewritten client would not import
                file.status = "error"
                file.errors.append(f"{file.display}: needs the plugin module {plan.display}, but a "
                                   "different file is there; not rewritten (move it away or merge by hand)")
    conflicts = result.plugin_conflicts
    settle(result, tree, project, pool)  # a group with an error above is left as it was, whole
    settle_php(result, project, pool, outside_php)  # and so is a PHP client family (after settle: it resets needs_hands)
    # reverted files need no plugin; a conflict stays reported
    result.plugins = plan_plugins(result.files, options.token_env, cwd) + conflicts
    if not result.changed:
        result.notes = []  # a reused token variable matters only to code that changes
    result.secrets = _secrets_of([f for f in result.changed if not is_php(f.path) and not f.old_secrets_read],
                                 project, pool, options.timeout)
    result.secrets = list(dict.fromkeys([*result.secrets, *(s for f in result.changed for s in f.secrets)]))


def _secret_values(project, file: tuple[str, bytes]) -> list[str]:
    from migrator.scan.python.detector import analyse  # the ast analysis, libcst where it gives up

    display, old = file
    try:
        return analyse(display, old, None, project).secret_values()
    except Exception:  # noqa: BLE001 - masking by name still applies to this diff
        return []


def _secrets_of(files: list[FileResult], project, pool: workers.Pool,
                timeout: float | None = None) -> list[str]:
    """The credential literals of the code whose diff will be shown (masked by value there)."""
    tasks = [(file.display, file.old) for file in files if file.old is not None]
    budgets = [limits.time_budget(len(old), limits.SCAN_BYTES_PER_SECOND, timeout) for _, old in tasks]
    outs, _ = pool.run(_secret_values, tasks, budgets, shared=project)
    found: list[str] = []
    for values in outs:
        if isinstance(values, list):  # a worker's failure: masking by name still applies
            found += [v for v in values if v not in found]
    return found


def _refuse_unsafe_target(file: FileResult) -> None:
    """A read-only file stays as its owner made it; a hard-linked one would lose its other
    names (an atomic write replaces the file). Both are reported, and their group left alone."""
    try:
        st = os.stat(file.path)
    except OSError:
        return  # writing will say what is wrong
    if not st.st_mode & stat.S_IWUSR:
        reason = "is read-only; left alone (make it writable to migrate it)"
    elif st.st_nlink > 1:
        reason = (f"has {st.st_nlink} hard links, which an atomic rewrite would break; left alone "
                  "(copy it to break the link, then run again)")
    else:
        return
    file.status = "error"
    file.errors.append(f"{file.display}: {reason}")


def _token_env(options: RewriteOptions, tree: Tree, result: RewriteResult,
               php: set[str] = frozenset()) -> RewriteOptions:
    """One token variable per account: reuse the one a half-migrated project already reads
    (in Python, or in PHP: `php`)."""
    if options.token_env != DEFAULT_TOKEN_ENV:
        return options  # chosen by --token-env or the pyproject setting
    every = tree.token_envs() | php
    found = every - {DEFAULT_TOKEN_ENV}
    if len(found) == 1 and DEFAULT_TOKEN_ENV not in every:
        [name] = found
        result.notes.append(f"the project already reads its access token from {name}: the migrated code "
                            "reads it from there too (an access token belongs to one account: if the "
                            "migrated code logs in to another, choose its variable with --token-env)")
        return dataclasses.replace(options, token_env=name)
    if len(found) > 1:
        result.notes.append(f"the project already reads access tokens from {', '.join(sorted(found))}: the "
                            f"migrated code reads {DEFAULT_TOKEN_ENV} (choose one with --token-env)")
    return options


def apply(result: RewriteResult) -> list[str]:
    """Write the rewrite to disk. Returns one-line errors for files that were not written.

    Never overwrites an edit made since the file was read: a group of modules with a file that
    changed meanwhile is not written at all (its files are checked first, and each again right
    before its replace), and the user is told to run again."""
    problems: list[str] = []
    moved = {id(file) for file in result.changed if current_bytes(file.path) != file.old}
    stale = {_group(file) for file in result.changed if id(file) in moved}
    for file in result.changed:
        if _group(file) in stale:
            problems.append(f"{file.display}: " + ("changed while rewriting; not written, run again"
                            if id(file) in moved else
                            "not written: another module of its group changed while rewriting; run again"))
            file.status = "unchanged"
    skipped = {file.display for file in result.files if _group(file) in stale}
    for plan in result.new_plugins:
        if set(plan.requested_by) <= skipped:
            continue
        try:
            atomic_write(plan.path, plan.content, expect=None)
        except OSError as exc:
            problems.append(f"{plan.display}: cannot write: {exc.strerror or exc}")
    for file in result.changed:
        try:
            atomic_write(file.path, file.new, expect=file.old)
        except ChangedMeanwhile:
            file.status = "unchanged"
            problems.append(f"{file.display}: changed while rewriting; not written, run again")
        except OSError as exc:
            problems.append(f"{file.display}: cannot write: {exc.strerror or exc}")
    return problems


def _group(file: FileResult) -> object:
    return file.group if file.group is not None else id(file)
