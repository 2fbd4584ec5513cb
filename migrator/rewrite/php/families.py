"""PHP's all-or-nothing unit: a family of Copernica client classes (a root wrapper and all its
subclasses, from the project model) together with every file that declares or names one.

`select_php` picks the files `rewrite` migrates: those with findings of a rule a PHP fix names,
and those that name a family class (a construction site may sit in a file without a finding).
`settle_php` runs after the rewrite: a group with a file that could not be rewritten, was skipped,
or holds a part no fix can migrate keeps every byte it had, and the report says why. So does a
group whose migrated code still fails the scan: the login-session rules are run again over the
files as they would be written (with the project model rebuilt from them), and every former
SoapClient-based root must put `access_token` into its calls' parameters.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from migrator.fileio import current_bytes
from migrator.rewrite.completeness import lines_to_old_of, revert, soap_token_name, different_accounts
from migrator.rewrite.model import FileResult, NeedsHands, RewriteResult
from migrator.rewrite.php.signature import TOKEN_PROPERTY
from migrator.scan.languages import language

EXTENSIONS = language("php").extensions


def is_php(path: str) -> bool:
    return path.lower().endswith(EXTENSIONS)


def fixed_rules() -> frozenset[str]:
    """The rule codes some PHP fix names (registry.fix): their findings select a file."""
    from migrator.rewrite.php.fixes import load

    return frozenset(code for entry in load() for code in entry.rules)


def select_php(report, project, absolute: Callable[[str], str]) -> list[tuple[str, str | None, str, str | None]]:
    """(display path, error or None, error kind, skip reason or None) of each PHP file to migrate."""
    if project is None:
        return []
    rules = fixed_rules()
    # a family's files, and a script whose own SoapClient login a fix migrates (php_scripts.py)
    wanted = {f.location.path for f in report.findings if f.language == "php" and f.rule in rules
              and (project.family() or f.fixable)}
    if not project.family():
        return [(display, None, "", None) for display in sorted(wanted)]
    from migrator.scan.treesitter.php_project import family_names  # tree-sitter: only with a project

    names = family_names(project)
    for display in project.files:
        if display not in wanted and names.search(current_bytes(absolute(display)) or b""):
            wanted.add(display)
    out = [(display, None, "", None) for display in sorted(wanted)]
    for error in report.errors:  # a family file the scan could not read blocks its family
        if is_php(error.path) and error.path not in wanted:
            where = f":{error.line}" if error.line else ""
            out.append((error.path, f"{error.path}{where}: {error.message}; left alone", error.kind, None))
    for skipped in report.skipped:  # and so does one it passed over (too large) that names a class
        if is_php(skipped.path) and names.search(current_bytes(absolute(skipped.path)) or b""):
            out.append((skipped.path, None, "", skipped.reason))
    return out


_LEAVES = re.compile(r"\(rewrite leaves it: (.*)\)$")


def by_hand(report) -> list[NeedsHands]:
    """PHP login-session findings outside any client family that no fix takes (a script's
    SoapClient script_token.py cannot follow, a class with a syntax error): rewrite leaves them,
    and says so, so `--check` is not green."""
    broken = {f.location.path: f.location.line for f in report.findings if f.language == "php" and f.rule == "COP190"}
    out = []
    for f in report.findings:
        if f.language != "php" or f.fixable or f.rule not in SESSION_RULES:
            continue
        said = _LEAVES.search(f.message)  # a script's client: COP101 says why (php_scripts.py)
        why = (f"the file has a syntax error at line {broken[f.location.path]}: fix it, then run rewrite again"
               if f.location.path in broken else f"{said.group(1)}: migrate it by hand" if said else
               "not inside a Copernica client class or a script rewrite can migrate: migrate it by hand")
        out.append(NeedsHands(f.location.path, f.location.line, f"{f.rule} is not migrated: {why}"))
    return out


def settle_php(result: RewriteResult, context, pool=None,
               outside: dict[str, tuple[FileResult, bool]] | None = None) -> None:
    """Leave every family group with a blocked, failed or skipped file, with login-session
    code the scan still finds in the migrated code, with logins to different accounts, or with a
    file outside the paths (outside.py: display -> its in-memory rewrite, ignored) that the
    migration would change, exactly as it was."""
    from migrator.rewrite.php.outside import needs_hands as outside_needs

    project = context.php if context is not None else None
    files = [f for f in result.files if is_php(f.path)]
    outside = outside or {}
    if not files or project is None:
        return
    aside = {id(f) for f, _ in outside.values()}
    groups = _groups(files + [f for f, _ in outside.values()], project)
    checked = [f for g in groups if any(f.status == "changed" for f in g) for f in g if id(f) not in aside]
    left = _leftovers(checked, context, pool, result.options.timeout) if pool is not None else {}
    for index, group in enumerate(groups):
        for file in group:
            file.group = -1 - index  # apart from the Python groups (0, 1, ...)
        others = [f for f in group if id(f) in aside]
        group = [f for f in group if id(f) not in aside]
        changed = [f for f in group if f.status == "changed"]
        found: list[NeedsHands] = [item for f in group for item in f.needs_hands]
        found += [item for f in group for item in left.get(f.display, [])]
        broken = [f for f in group if f.status in ("error", "skipped")]
        if changed:
            found += [NeedsHands(f.display, 0, "could not be rewritten (see above), so the files of "
                                 "its Copernica client family are left as they were too") for f in broken]
            clients = sorted(f.display for f in changed if project.family_in(f.display)) or \
                sorted(f.display for f in changed)
            found += [item for f in others for item in outside_needs(f, outside[f.display][1], clients)]
            # one token variable serves one program (a family and the files that use it, a script)
            found += different_accounts((f.display, line, sources) for f in group for line, sources in f.accounts)
        if not (found or broken):
            continue
        for file in changed:
            revert(file)
        result.needs_hands.extend(item for item in found if item not in result.needs_hands)
    result.needs_hands.sort(key=lambda n: (n.path, n.line, n.reason))


# ---- the scan again, over the code as it would be written --------------------------------------

SESSION_RULES = frozenset({"COP101", "COP102", "COP103", "COP104"})


def _leftovers(files: list[FileResult], context, pool, timeout: float | None) -> dict[str, list[NeedsHands]]:
    """display -> what the scan's login-session rules still find in the file as it would be
    written (the project model rebuilt from the migrated files), in the supervised workers."""
    import dataclasses

    from migrator.scan import limits, workers
    from migrator.scan.treesitter.php_project import PhpProject

    tasks = [(f.display, f.new if f.status == "changed" else f.old) for f in files
             if f.status in ("changed", "unchanged") and (f.new or f.old) is not None]
    if not tasks:
        return {}
    budgets = [limits.time_budget(len(data), limits.SCAN_BYTES_PER_SECOND, timeout) for _, data in tasks]
    changed = {f.display for f in files if f.status == "changed"}
    read, _ = pool.run(_read_task, [t for t in tasks if t[0] in changed],
                       [b for t, b in zip(tasks, budgets) if t[0] in changed])
    project = context.php
    if any(isinstance(out, workers.Failure) for out in read):
        return {d: [NeedsHands(d, 0, "the migrated code could not be read back; left as it was")]
                for d in changed}
    new = PhpProject([*(f for p, f in project.files.items() if p not in changed), *read])
    outs, _ = pool.run(_leftover_task, tasks, budgets, shared=(dataclasses.replace(context, php=new),
                                                               project.family()))
    found: dict[str, list[NeedsHands]] = {}
    checked = {display for display, _ in tasks}
    sources = dict(tasks)
    for key in sorted(project.roots()):  # a SoapClient subclass sends what its __call sends
        cls = project.classes[key]
        if cls.path not in checked or not project.extends_soap(key) or key not in new.classes:
            continue
        lineage = new.lineage(key)
        if not any(c.injects_token for c in lineage):
            found.setdefault(cls.path, []).append(NeedsHands(
                cls.path, 0, f"{cls.name} would not send the access token: no '__call' of it or its "
                             "parents puts 'access_token' into the parameters"))
        elif not any(_sets_token(sources.get(c.path), c) for c in lineage):
            found.setdefault(cls.path, []).append(NeedsHands(
                cls.path, 0, f"{cls.name} would send an empty access token: nothing in it or its parents "
                             f"sets $this->{TOKEN_PROPERTY} (e.g. a settings array kept whole)"))
    by_display = {f.display: f for f in files}
    for (display, _), out in zip(tasks, outs):
        if isinstance(out, workers.Failure):
            found[display] = [NeedsHands(display, 0, f"the migrated code could not be checked ({out.message})")]
            continue
        findings, bypasses = out
        # lines of the file as the user has it: the migrated one is never written
        to_old = lines_to_old_of(by_display[display])
        for rule, line, message in findings:
            what = message.split(";")[0]
            found.setdefault(display, []).append(NeedsHands(
                display, to_old(line), f"{rule} would remain after the migration: {what}"))
        found.setdefault(display, []).extend(NeedsHands(display, to_old(line), why) for line, why in bypasses)
    return found


def _sets_token(data: bytes | None, cls) -> bool:
    """The migrated class assigns the property the injected statement reads (a class in a file
    outside this group is not known here: not proven)."""
    if data is None:
        return False
    return re.search(rb"\$this->" + TOKEN_PROPERTY.encode() + rb"\s*=[^=]", data[cls.start_byte:cls.end_byte]) is not None


def _read_task(_shared, task: tuple[str, bytes]):
    from migrator.scan.treesitter.php_project import read_file

    return read_file(*task)


def _leftover_task(shared, task: tuple[str, bytes]) -> tuple[list[tuple[str, int, str]], list[tuple[int, str]]]:
    """(the login-session findings, the sends past the token hook) of the migrated file."""
    from migrator.rewrite.php.hook_bypass import bypasses
    from migrator.rewrite.php.runner import _grammar
    from migrator.rules.checking import Checker
    from migrator.scan.treesitter import analyzer_for

    context, family = shared
    display, data = task
    findings = Checker(analyzer_for("php")).analyze(display, data, None, context)
    return ([(f.rule, f.location.line, f.message) for f in findings if f.rule in SESSION_RULES],
            bypasses(context.php, family, display, _grammar(display).parser().parse(data)))


def _groups(files: list[FileResult], project) -> list[list[FileResult]]:
    """Files joined by the family roots they declare or name (union-find over the roots)."""
    family = project.family()
    roots = project.roots()
    top = {key: ([r for r in (key, *project.ancestors(key)) if r in roots] or [key])[-1] for key in family}
    by_name: dict[str, set[str]] = {}
    for key, root in top.items():
        by_name.setdefault(key.rsplit("\\", 1)[-1], set()).add(root)
    from migrator.scan.treesitter.php_project import family_names  # tree-sitter: only with a project

    names = family_names(project)
    parent = {root: root for root in set(top.values())}

    def find(r: str) -> str:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    touched: list[tuple[FileResult, set[str]]] = []
    for file in files:
        data = file.old if file.old is not None else current_bytes(file.path) or b""
        mine = {top[c.key] for c in project.family_in(file.display)}
        mine |= {r for m in names.finditer(data) for r in by_name.get(m.group().decode("utf-8", "replace").lower(), ())}
        touched.append((file, mine))
        for a, b in zip(sorted(mine), sorted(mine)[1:]):
            parent[find(a)] = find(b)
    grouped: dict[str, list[FileResult]] = {}
    alone: list[list[FileResult]] = []
    for file, mine in touched:
        if mine:
            grouped.setdefault(find(next(iter(mine))), []).append(file)
        else:
            alone.append([file])
    return list(grouped.values()) + alone


def php_tasks(candidates: Iterable, result: RewriteResult) -> list[tuple[str, str, None]]:
    """Rewrite tasks for the PHP candidates; those the scan could not read or skipped are reported here.
    PHP runs every fix on a file (rules None): each touches only family code."""
    tasks = []
    for candidate in candidates:
        if candidate.skip_reason is not None:
            result.files.append(FileResult(candidate.path, candidate.display, "skipped",
                                           errors=[f"{candidate.display}: {candidate.skip_reason}"]))
        elif candidate.error is not None:
            result.files.append(FileResult(candidate.path, candidate.display, "error", errors=[candidate.error]))
        else:
            tasks.append((candidate.path, candidate.display, None))
    return tasks


def join_outside(pool, found: list[tuple[str, str, bytes, bool]], project, timeout: float | None) -> None:
    """Add the files outside.find found to the project model (parsed in the workers), so the fixes
    see them too (a helper such a file calls is kept)."""
    from migrator.scan import limits
    from migrator.scan.treesitter.php_project import PhpFile

    if not found:
        return
    tasks = [(display, data) for _, display, data, _ in found]
    budgets = [limits.time_budget(len(data), limits.SCAN_BYTES_PER_SECOND, timeout) for _, data in tasks]
    read, _ = pool.run(_read_task, tasks, budgets)
    for file in read:
        if isinstance(file, PhpFile):  # one the parser failed on fails its rewrite too: that blocks
            project.add(file)


# getenv('X'), $_ENV['X'], $_SERVER['X']
_ENV_READ = re.compile(rb"""(?:\bgetenv\s*\(\s*|\$_(?:ENV|SERVER)\s*\[\s*)['"]([A-Za-z_]\w*)['"]""")


def php_token_envs(project, files: list[tuple[str, bytes]]) -> set[str]:
    """Environment variables the project's PHP already reads an access token from: where it
    builds a token client (`new TokenSoapClient(getenv('CM_API_TOKEN'))`) or passes 'access_token'
    to a SoapClient itself (completeness.Tree.token_envs, for PHP). `files`: outside.project_files,
    every PHP file of the project (the scan reads only those that name Copernica or a login client)."""
    from migrator.scan.treesitter.php_project import token_client_names

    if project is None:
        return set()
    names = token_client_names(project)
    found: set[str] = set()
    for _path, data in files:
        # a SOAP client's token, not a REST one (api.copernica.com takes ?access_token= too)
        if (b"access_token" in data and b"soapclient" in data.lower()) or names.search(data):
            found |= {n.decode() for n in _ENV_READ.findall(data) if soap_token_name(n.decode())}
    return found
