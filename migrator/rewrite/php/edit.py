"""A PHP fix's output: byte-range replacements in the original bytes, and notes for the report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Edit:
    """Replace data[start:end] with `text` (bytes in the file's own encoding and line endings)."""

    start: int
    end: int
    text: bytes = b""
    why: str = ""  # one line for the report ("constructor takes $accessToken instead of credentials")


@dataclass(frozen=True)
class Note:
    """Something the report must say about a file. kind "needs-hands": a TODO site a human must
    decide (a finding); "kept": a deliberate non-change (a charset default, an http:// URL);
    "unused": a credential variable the migration no longer uses (reported, never deleted);
    "blocked": a part that cannot be migrated (its whole family is left as it was, runner.py).
    A "needs-hands" note whose TODO comment is not in the new code blocks too: nothing is lost."""

    line: int  # 1-based; 0 for the whole file
    kind: str  # "needs-hands" | "kept" | "unused" | "blocked"
    text: str


class OverlapError(ValueError):
    """Two fixes want to change the same bytes: the file is left as it was."""


def apply(data: bytes, edits: list[Edit]) -> bytes:
    """The new bytes; everything outside the edits stays byte-identical."""
    out, last = [], 0
    for edit in sorted(set(edits)):
        if edit.start < last or edit.end < edit.start or edit.end > len(data):
            raise OverlapError(f"edit {edit.start}-{edit.end} overlaps another or leaves the file")
        out += [data[last:edit.start], edit.text]
        last = edit.end
    out.append(data[last:])
    return b"".join(out)
