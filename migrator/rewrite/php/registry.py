"""The PHP fixes register themselves here; the runner asks for them by the rules they fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from tree_sitter import Tree

    from migrator.rewrite.php.edit import Edit, Note
    from migrator.scan.treesitter.php_project import PhpProject


@dataclass
class FileContext:
    """What a fix sees of one file. `data` are the bytes as read; edits address them."""

    path: str  # display path, as in the project model
    data: bytes
    tree: "Tree"
    project: "PhpProject"
    token_env: str
    encoding: str = "utf-8"  # how to encode generated text (latin-1 files stay latin-1)
    newline: bytes = b"\n"  # the file's own line ending
    notes: list["Note"] = field(default_factory=list)
    # what the fixes read of this file, computed once by the first that asks (vendor.py, session.py)
    derived: dict[str, object] = field(default_factory=dict, repr=False)
    # credential literals the edits remove (masked wherever a diff is shown; never printed)
    secrets: list[str] = field(default_factory=list)
    # script clients this file's migration depends on the rest of the project for (script_token.py)
    script_clients: list = field(default_factory=list)  # rewrite.model.ScriptClientUse


Fix = Callable[[FileContext], Iterator["Edit"]]


@dataclass(frozen=True)
class Entry:
    name: str  # module name, e.g. "constructor_token"
    rules: tuple[str, ...]  # the rule codes it fixes, e.g. ("COP102",)
    run: Fix


FIXES: list[Entry] = []


def fix(*rules: str) -> Callable[[Fix], Fix]:
    """Decorator: register a fix for these rule codes under its module's short name."""

    def register(run: Fix) -> Fix:
        FIXES.append(Entry(run.__module__.rsplit(".", 1)[-1], rules, run))
        return run

    return register
