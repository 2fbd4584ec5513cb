"""Lines of a changed text mapped back to the text it came from."""

from __future__ import annotations

import difflib
import re
from typing import Callable

_LINE = re.compile(r"\bline (\d+)")


def to_old(old: str, new: str) -> Callable[[int], int]:
    """new line -> line of `old` (a line the change inserted maps to where it would go)."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    blocks = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()

    def mapped(line: int) -> int:
        index = line - 1
        for tag, i1, _i2, j1, j2 in blocks:
            if j1 <= index < j2:
                return (i1 + index - j1 if tag == "equal" else i1) + 1
        # no new line there (past the end): where old lines were deleted at that place
        for _tag, i1, _i2, j1, j2 in blocks:
            if j1 == j2 == index:
                return i1 + 1
        return max(1, min(line, len(old_lines)))
    return mapped


def renumber(notes: list[str], start: int, mapped: Callable[[int], int]) -> None:
    """Every "line N" in notes[start:] (what a codemod noted on a tree others had changed) in
    lines of the file as it was read."""
    for i in range(start, len(notes)):
        notes[i] = _LINE.sub(lambda m: f"line {mapped(int(m[1]))}", notes[i])


def first_line(note: str) -> int:
    """The N of a note that starts "line N: ..." (CopernicaCodemod.note_change); 0 for another."""
    found = _LINE.match(note)
    return int(found[1]) if found else 0
