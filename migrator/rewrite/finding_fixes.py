"""`rewrite`'s edits cut per finding, for `scan --format sarif`'s `fixes[]` (plain data: the SARIF
writer turns each change's display path into an artifactLocation).

Only fixable findings in Python files on disk get one. The rewrite engine runs as a
dry run on exactly those files; each changed file's edit is cut into line hunks
(difflib) and every hunk goes into exactly one finding's fix, so applying all fixes
of a file reproduces `rewrite --write` byte for byte. Offsets are code points into
the text as the interpreter decodes it (PEP 263 coding line, BOM not counted), which
is what the run's `columnKind: unicodeCodePoints` promises.
"""

from __future__ import annotations

import difflib
import io
import os
from dataclasses import dataclass, field

from migrator.fileio import SourceError, decode_source
from migrator.scan.model import Finding, ScanResult

PYTHON = (".py", ".pyw", ".pyi")


@dataclass(frozen=True)
class Hunk:
    first: int  # 1-based old lines first..last this hunk replaces; an insertion has last == first - 1
    last: int
    offset: int  # charOffset/charLength into the original text
    length: int
    text: str  # insertedContent

    def touches(self, start: int, end: int) -> bool:
        """Does this hunk belong to a finding on lines start..end?"""
        if self.last < self.first:  # pure insertion: between lines `last` and `first`
            return start <= self.first and self.last <= end
        return self.first <= end and start <= self.last


@dataclass
class Fixes:
    """Fixes per finding (index into ScanResult.findings): [{"description": {"text": ...},
    "changes": [{"path": display path, "replacements": [SARIF replacement]}]}], and the
    encodings of files that are not UTF-8."""

    by_finding: dict[int, list[dict]] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)  # display path -> encoding


def _lines(text: str) -> list[str]:
    # \n, \r\n and \r only: the line breaks Python (and the scan's line numbers) know;
    # str.splitlines would also split on \f, \x1c, \u2028...
    return io.StringIO(text, newline="").readlines()


def hunks(old: str, new: str) -> list[Hunk]:
    """The edit old -> new as line hunks with exact character offsets into `old`."""
    a, b = _lines(old), _lines(new)
    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out.append(Hunk(i1 + 1, i2, starts[i1], starts[i2] - starts[i1], "".join(b[j1:j2])))
    return out


def _replacement(hunk: Hunk) -> dict:
    replacement: dict = {"deletedRegion": {"charOffset": hunk.offset, "charLength": hunk.length}}
    if hunk.text:
        replacement["insertedContent"] = {"text": hunk.text}
    return replacement


def _end_line(finding: Finding) -> int:
    loc = finding.location
    # a range ending at column 1 stops before that line
    return loc.end_line - 1 if loc.end_column <= 1 and loc.end_line > loc.line else loc.end_line


def targets(result: ScanResult, cwd: str, stdin_name: str | None = None) -> dict[str, list[int]]:
    """Absolute path -> indexes of its fixable Python findings, for files `rewrite` can reach."""
    out: dict[str, list[int]] = {}
    for i, f in enumerate(result.findings):
        path = f.location.path
        if not (f.fixable and f.language == "python" and path.endswith(PYTHON)) or path == stdin_name:
            continue  # what came from stdin is not the file on disk of that name
        absolute = os.path.normpath(os.path.join(cwd, path))
        if os.path.isfile(absolute):
            out.setdefault(absolute, []).append(i)
    return out


def propose(result: ScanResult, cwd: str, token_env: str, jobs: int = 0,
            stdin_name: str | None = None, timeout: float | None = None,
            scope: tuple[str, ...] | None = None) -> Fixes:
    """Run `rewrite` (dry run, default style) on what was scanned; its fixable findings' SARIF fixes.

    Nothing fixable: returns at once, without loading the rewrite engine. A file the rewrite cannot handle simply gets no fix; a rewrite that cannot run at all
    (bad token env, a file gone since the scan) raises, and the caller decides.
    """
    wanted = targets(result, cwd, stdin_name)
    if not wanted:
        return Fixes()
    if not token_env.isidentifier():
        # `rewrite` refuses such a name, so no fix could ever match what it writes
        raise ValueError("the token env is not a valid environment variable name (not shown: it may be the token)")
    # loaded here, not above: the engine (libcst's codemod machinery) costs ~0.8 s to import,
    # which a SARIF scan with nothing fixable never pays
    from migrator.rewrite.engine import rewrite
    from migrator.rewrite.model import RewriteOptions

    # the paths the scan was given, not only the fixable files: a module with no finding of its
    # own (a wrapper's subclass) can hold a group back, and applying every fix must equal
    # `rewrite --write` of what was scanned
    paths = list(scope) if scope else sorted(wanted)
    rewritten = rewrite(paths, RewriteOptions(token_env=token_env, jobs=jobs, timeout=timeout,
                                              scope=scope), cwd=cwd)
    return from_rewrite(result, wanted, rewritten)


def from_rewrite(result: ScanResult, wanted: dict[str, list[int]], rewritten) -> Fixes:
    """Turn a RewriteResult into fixes, hunk by hunk, for the findings in `wanted`."""
    fixes = Fixes()
    plugins = {}
    for plan in rewritten.new_plugins:
        # one module may be asked for by several files: it is created once, by the first
        if plan.requested_by:
            plugins.setdefault(plan.requested_by[0], plan)
    for file in rewritten.changed:
        indexes = wanted.get(os.path.normpath(file.path))
        if not indexes:
            continue
        try:
            old, encoding, _ = decode_source(file.old, file.display)
            new, _, _ = decode_source(file.new, file.display)
        except SourceError:
            continue  # the engine read it, so this does not happen; no fix rather than a wrong one
        findings = [(i, result.findings[i]) for i in indexes]
        display = findings[0][1].location.path
        if encoding != "utf-8":
            fixes.encodings[display] = encoding
        owned: dict[int, list[Hunk]] = {i: [] for i in indexes}
        for hunk in hunks(old, new):
            owner = next((i for i, f in findings if hunk.touches(f.location.line, _end_line(f))), indexes[0])
            owned[owner].append(hunk)
        for i, f in findings:
            changes = []
            if owned[i]:
                changes.append({"path": display, "replacements": [_replacement(h) for h in owned[i]]})
            plan = plugins.pop(file.display, None) if i == indexes[0] else None
            if plan is not None:
                changes.append({"path": plan.display, "replacements": [{"deletedRegion": {"charOffset": 0, "charLength": 0},
                                                  "insertedContent": {"text": plan.content.decode("utf-8")}}]})
            if changes:
                description = f.fix or "migrate to access tokens (copernica-migrate rewrite)"
                fixes.by_finding[i] = [{"description": {"text": description}, "changes": changes}]
    return fixes
