"""What the direct edits of one file decide: the text edits, and the notes the report reads
(the same notes, in the same order, as the libcst codemods put in their scratch)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from codemods.registry import PluginRequest
import migrator.rewrite.direct.syntax as syntax
from migrator.rewrite.direct.text import CannotEdit, Edit
from migrator.scan.python.ast_analysis import AstAnalysis


@dataclass
class Plan:
    analysis: AstAnalysis
    token_env: str
    filename: str
    package: bool  # the file sits in a package folder: the plugin is imported relatively
    edits: list[Edit] = field(default_factory=list)
    _notes: list[tuple[ast.AST | None, str]] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    removed_names: list[tuple[str, str]] = field(default_factory=list)
    plugin_requests: list[PluginRequest] = field(default_factory=list)
    dropped: list[ast.stmt] = field(default_factory=list)  # statements that go, with their leading lines
    guards: list[ast.Try] = field(default_factory=list)  # tries that go whole with the login they guarded
    released: list[ast.stmt] = field(default_factory=list)  # gone code whose imports may go unused
    struct_lines: list[ast.stmt] = field(default_factory=list)  # credential dicts only removed structs read
    adds: list[str] = field(default_factory=list)  # import statements to add ("import os", "from m import X")
    added: tuple[int, int] | None = None  # (index of the module statement they precede, their edit's index)

    def note_change(self, line: int, text: str, node: ast.AST | None = None) -> None:
        """A change, in the order the codemods note them: planning first (no node), then what
        the one pass notes as it leaves each node (children before parents, in source order)."""
        self._notes.append((node, f"line {line}: {text}"))

    @property
    def changes(self) -> list[str]:
        planned = [text for node, text in self._notes if node is None]
        visited = [(node, text) for node, text in self._notes if node is not None]
        if visited:
            order = {id(n): i for i, n in enumerate(syntax.post_order(self.analysis.tree))}
            visited.sort(key=lambda item: order[id(item[0])])
        return planned + [text for _node, text in visited]

    def note_unused(self, text: str) -> None:
        if text not in self.unused:
            self.unused.append(text)

    def note_removed_name(self, owner: str, name: str) -> None:
        if (owner, name) not in self.removed_names:
            self.removed_names.append((owner, name))

    def gone(self, node: ast.AST, guards: bool = True) -> bool:
        """`node` is in (or is) a statement that goes; guards=False: not counting the tries that
        go with the login they guarded (remove_login's `_dropped`: its handlers still count)."""
        current = node
        while current is not None:
            if any(current is d for d in self.dropped) and (guards or not any(current is g for g in self.guards)):
                return True
            current = self.analysis.parent(current)
        return False

    @property
    def source(self):  # ast_analysis.Source: text, lines, line starts
        return self.analysis.source

    def removed(self, statement: ast.stmt) -> bool:
        """The statement is not in the new code (a login's, or a credentials line the structs read)."""
        return any(statement is d for d in (*self.dropped, *self.struct_lines))

    def gone_at(self, offset: int) -> bool:
        """A position inside a statement that goes."""
        return any(start <= offset < end for start, end in map(self.analysis.source.offsets, self.dropped))

    def offsets(self, node: ast.AST) -> tuple[int, int]:
        """libcst's extent of the node: its own parentheses included."""
        return self.analysis._extent(node)

    def replace(self, node: ast.AST, text: str) -> None:
        start, end = self.offsets(node)
        self.edits.append(Edit(start, end, text))


def give_up(why: str):
    raise CannotEdit(why)
