"""libcst's PositionProvider, giving the same ranges for a fraction of the cost.

libcst works out every node's CodeRange while it generates the module's code: two
CodePositions and a CodeRange per node, a regex split per token; about twice a parse.
The codemods ask for the lines of a handful of nodes per file. Here the code generation
notes only token indices per node; the (line, column) after each token is worked out
once, when the first range is asked for, and a range is made only for the nodes asked.
The code generated on the way is the module's code: the rewrite's check that libcst gives
the file back byte for byte uses it (`code_of`), so a parsed module is generated once for both.

The ranges are libcst's to the column: the same hooks (before/after each node, the
syntactic position a node records, hoisted from its first and last child where it says
so), and lines counted per token with libcst's own newline pattern. A trailing newline
libcst pops at the end of a module still counts, as it does for libcst's positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst._position import CodePosition, CodeRange

_NEWLINE = re.compile(r"\r\n?|\n")  # what libcst's position provider counts as a line break


@dataclass(frozen=False)
class _Indexing(CodegenState):
    spans: dict = field(default_factory=dict)  # node -> (first token, token after it)
    popped: bool = False  # the module's last newline, which its code leaves out
    _open: list = field(default_factory=list)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._open.append(len(self.tokens))

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self._open.pop()
        if node not in self.spans:  # a syntactic position recorded inside it wins
            self.spans[node] = (start, len(self.tokens))

    def pop_trailing_newline(self) -> None:
        self.popped = bool(self.tokens)  # libcst's positions count it: only the code loses it

    @contextmanager
    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None,
                                  end_node: cst.CSTNode | None = None) -> Iterator[None]:
        start = len(self.tokens)
        try:
            yield
        finally:
            end = len(self.tokens)
            if start_node is not None:
                start = self.spans[start_node][0]
            if end_node is not None:
                end = self.spans[end_node][1]
            self.spans[node] = (start, end)


class Positions(Mapping):
    """node -> CodeRange, as libcst's PositionProvider maps them, made when asked."""

    def __init__(self, tokens: list[str], spans: dict) -> None:
        self._tokens = tokens
        self._spans = spans
        self._points: list[tuple[int, int]] | None = None

    def _point(self, index: int) -> CodePosition:
        if self._points is None:
            points = [(1, 0)]
            line, column = 1, 0
            for token in self._tokens:
                if "\n" in token or "\r" in token:
                    parts = _NEWLINE.split(token)
                    line += len(parts) - 1
                    column = len(parts[-1])
                else:
                    column += len(token)
                points.append((line, column))
            self._points, self._tokens = points, []
        return CodePosition(*self._points[index])

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        start, end = self._spans[node]
        return CodeRange(self._point(start), self._point(end))

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


_last: tuple[cst.Module, Positions] | None = None  # what code_of generated, for the wrapper made next


def of(module: cst.Module) -> Positions:
    """Every node's range in `module`, as PositionProvider resolves them for a wrapper of it."""
    if _last is not None and _last[0] is module:
        return _last[1]
    return _generate(module)[1]


def code_of(module: cst.Module) -> str:
    """`module.code`; the ranges noted on the way are kept for the next `of(module)`."""
    global _last
    code, found = _generate(module)
    _last = (module, found)
    return code


def _generate(module: cst.Module) -> tuple[str, Positions]:
    state = _Indexing(default_indent=module.default_indent, default_newline=module.default_newline)
    module._codegen(state)
    code = "".join(state.tokens[:-1] if state.popped else state.tokens)
    return code, Positions(state.tokens, state.spans)
