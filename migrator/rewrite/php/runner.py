"""Rewrite one PHP file: parse it with tree-sitter-php, run the registered fixes, apply their
byte-range edits, check the result, and describe it as the rewrite's FileResult.

Everything outside the edits stays byte-identical (encoding, BOM, line endings): the fixes only
get the file's encoding and newline to write their own text in. The new bytes must re-parse
without an error node the old ones did not have, and pass `php -l` where php is installed;
otherwise the file is left as it was, with an error. Pure with respect to the file system (it
only reads), so it runs the same in a worker process and in-process.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Iterable

from migrator.fileio import NotRegularFile, newline_style, read_regular, text_encoding
from migrator.rewrite.model import FileResult, NeedsHands, Todo
from migrator.rewrite.php import edit as edits_model
from migrator.rewrite.php.construction_sites import account_sources
from migrator.rewrite.php.edit import Edit, Note, OverlapError
from migrator.rewrite.php.fixes import run_fixes
from migrator.rewrite.php.layout import line_of
from migrator.rewrite.php.nodes import walk
from migrator.rewrite.php.registry import FileContext
from migrator.rewrite.php.script_token import accounts as script_accounts
from migrator.rewrite.php.script_token import unfinished
from migrator.rewrite.php.todo import MARKER
from migrator.scan import limits
from migrator.scan.treesitter.errors import error_spans
from migrator.scan.treesitter.php_secrets import file_secrets

_NUMBERED = re.compile(r"line (\d+): ")
LINT_SECONDS = 20  # php -l on one file takes milliseconds; a hung php must not hang the run


def rewrite_php(path: str, display: str, token_env: str, project,
                rules: frozenset[str] | None = None) -> FileResult:
    """Migrate one PHP file of `project` (a PhpProject); `rules`: the scan's codes here (None: all)."""
    try:
        data = read_regular(path)
    except NotRegularFile as exc:
        return FileResult(path, display, "error", errors=[f"{display}: {exc}; left alone"])
    except OSError as exc:
        return FileResult(path, display, "error", errors=[f"{display}: cannot read: {exc.strerror or exc}"])
    reason = limits.check(data, "php")
    if reason is not None:
        return FileResult(path, display, "skipped", errors=[f"{display}: {reason}"])
    result = FileResult(path, display, "unchanged", old=data)
    grammar = _grammar(path)
    old_tree = grammar.parser().parse(data)
    encoding = text_encoding(data)
    ctx = FileContext(display, data, old_tree, project, token_env, encoding, _newline(data))
    result.accounts = _accounts(ctx)
    try:
        edits = [e for e in run_fixes(ctx, rules) if e.end > e.start or e.text]
        new = edits_model.apply(data, edits)
    except OverlapError as exc:
        return _error(result, f"{display}: two fixes want the same code ({exc}); left as it was")
    except Exception as exc:  # noqa: BLE001 - one broken fix must not stop the run
        return _error(result, f"{display}: a PHP fix failed: {type(exc).__name__}: {exc}; left as it was")

    new_tree = grammar.parser().parse(new) if new != data else old_tree
    result.todos = _todos(new_tree, new, encoding)
    result.secrets = list(ctx.secrets)
    result.script_clients = list(ctx.script_clients)
    _notes(result, ctx.notes)
    if new == data:
        return result
    # its diff shows untouched lines too: every credential literal of the old code is masked
    found, logins = file_secrets(display, data, old_tree, project)
    result.secrets += [s for s in found if s not in result.secrets]
    # and the Copernica credentials the migration keeps (not another service's) are secrets left
    # in the code: the summary names their lines
    old_text, new_text = data.decode(encoding, "replace"), new.decode(encoding, "replace")
    result.hard_coded = sorted({old_text[:old_text.index(s)].count("\n") + 1
                                for s in logins if s in new_text and s in old_text})
    problem = _check(data, new, old_tree, new_tree, edits, display)
    if problem:
        return _error(result, problem)
    gaps = unfinished(old_tree.root_node, new_tree.root_node)
    if gaps:
        line, why = gaps[0]
        return _error(result, f"{display}: the migrated script is not complete (line {line} of the result: "
                              f"{why}); left as it was")
    from migrator.rewrite.transform import unified_diff

    result.status = "changed"
    result.new = new
    result.diff = unified_diff(data.decode(encoding), new.decode(encoding), display)
    result.changes = sorted(_changes(data, edits) + result.changes, key=_line_key)  # kept notes among them
    return result


def _grammar(path: str):
    from migrator.scan.treesitter import analyzer_for

    return analyzer_for("php").grammar_for(path)


def _error(result: FileResult, message: str) -> FileResult:
    result.status = "error"
    result.new = None
    result.errors.append(message)
    return result


def _accounts(ctx: FileContext) -> list[tuple[int, frozenset[str]]]:
    """Which account each construction (or migrated script login) logs in to, read while the tree
    is at hand (families.py compares them); none known when the reading fails."""
    try:
        return account_sources(ctx) + script_accounts(ctx)
    except Exception:  # noqa: BLE001 - a gap in what is known, never a failed rewrite
        return []


def _newline(data: bytes) -> bytes:
    style = newline_style(data)
    if style in ("\n", "\r\n", "\r"):
        return style.encode()
    if style == "mixed":  # the most common one
        crlf = data.count(b"\r\n")
        counts = {b"\r\n": crlf, b"\n": data.count(b"\n") - crlf, b"\r": data.count(b"\r") - crlf}
        return max(counts, key=counts.get)
    return b"\n"


# ---- what the report says ---------------------------------------------------------------------

def _changes(data: bytes, edits: list[Edit]) -> list[str]:
    out: list[str] = []
    for e in sorted(edits):
        if e.why:
            line = e.why if _NUMBERED.match(e.why) else f"line {line_of(data, e.start)}: {e.why}"
            if line not in out:
                out.append(line)
    return out


def _line_key(change: str) -> int:
    found = _NUMBERED.match(change)
    return int(found.group(1)) if found else 0


def _notes(result: FileResult, notes: Iterable[Note]) -> None:
    """unused -> unused_credentials; kept -> changes; blocked, and needs-hands without its TODO
    comment in the new code -> needs_hands (the family is left as it was)."""
    todos = [t.text for t in result.todos if t.text]
    for note in notes:
        if note.kind == "unused":
            if note.text not in result.unused_credentials:
                result.unused_credentials.append(note.text)
        elif note.kind == "kept":
            result.changes.append(f"line {note.line}: {note.text}" if note.line else note.text)
        elif note.kind == "needs-hands" and any(note.text in t or t in note.text for t in todos):
            continue  # its TODO comment stays in the migrated code; the report lists it
        else:
            item = NeedsHands(result.display, note.line, note.text)
            if item not in result.needs_hands:
                result.needs_hands.append(item)


def _todos(tree, data: bytes, encoding: str) -> list[Todo]:
    out = []
    marker = MARKER + ":"
    for node in walk(tree.root_node):
        if node.type == "comment":
            text = data[node.start_byte:node.end_byte].decode(encoding, "replace")
            if marker in text:
                body = text.split(marker, 1)[1].strip()
                body = body[:-2].rstrip() if body.endswith("*/") else body
                out.append(Todo(node.start_point[0] + 1, body))
    return out


# ---- the checks -------------------------------------------------------------------------------

def _check(old: bytes, new: bytes, old_tree, new_tree, edits: list[Edit], display: str) -> str | None:
    spans = set(error_spans(old_tree.root_node))
    for start, end in reversed(error_spans(new_tree.root_node)):  # the last new error is named
        mapped = (_to_old(start, edits), _to_old(end, edits))
        if None in mapped or mapped not in spans:
            return (f"{display}: the migrated code would not parse (line {line_of(new, start)} of the result); "
                    "left as it was")
    lint = php_lint(new)
    if lint is not None:
        was = php_lint(old)
        if was is not None:
            return f"{display}: php -l rejects this file already ({was}); left alone"
        return f"{display}: the migrated code fails php -l ({lint}); left as it was"
    return None


def _to_old(offset: int, edits: list[Edit]) -> int | None:
    """A byte offset of the new file in the old one; None inside an edit's new text."""
    delta = 0
    for e in sorted(set(edits)):
        start = e.start + delta
        if offset < start:
            break
        if offset < start + len(e.text) or (offset == start and e.end > e.start):
            return None
        delta += len(e.text) - (e.end - e.start)
    return offset - delta


def php_lint(data: bytes) -> str | None:
    """php -l's complaint (one line), or None: valid, or php is not installed (nothing to check)."""
    php = shutil.which("php")
    if php is None:
        return None
    try:
        proc = subprocess.run([php, "-n", "-l"], input=data, capture_output=True, timeout=LINT_SECONDS)
    except subprocess.TimeoutExpired:
        return f"php -l did not finish in {LINT_SECONDS} s"
    except OSError:
        return None
    if proc.returncode == 0:
        return None
    lines = (proc.stdout + proc.stderr).decode("utf-8", "replace").splitlines()
    first = next((ln.strip() for ln in lines if "error" in ln.lower()), "syntax error")
    return first.replace(" in Standard input code", "")
