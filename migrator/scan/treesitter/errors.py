"""Syntax errors in a tree-sitter tree: where they are, what to call them, what they spoil.

tree-sitter recovers from errors: it wraps what it could not fit in ERROR nodes and inserts
MISSING tokens, and the rest of the tree is sound. So a file with an error is scanned where
it parses (facts.py drops the facts an error could have bent, see `clean`), and the rule
COP190 reports the error as a note. Only a file that is mostly error (`unusable`) is given
up as a parse error, since then nothing worth the name was scanned.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # rules import this module; tree-sitter itself loads only with the analyzers
    from tree_sitter import Node

DISPLAY = {"php": "PHP", "java": "Java", "csharp": "C#", "javascript": "JavaScript",
           "typescript": "TypeScript"}
# A file whose ERROR nodes hold more than this share of its (stripped) bytes is a parse error:
# a note would claim a scan that did not happen (Java wraps a whole class in one ERROR).
UNUSABLE_SHARE = 0.5
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def first_error(root: Node) -> Node:
    """The innermost of the first ERROR or MISSING nodes in document order."""
    node = root
    while True:
        child = next((c for c in node.children if c.is_error or c.is_missing or c.has_error), None)
        if child is None:
            return node
        node = child


def describe_error(root: Node) -> tuple[Node, str]:
    """The node to point a user at, and what to call the problem.

    Error recovery often wraps a whole class in one flat ERROR node; its start says
    nothing. An opening bracket closed by the wrong one inside it is where the code broke.
    """
    node = first_error(root)
    if _missing(node):
        return node, f"missing '{node.type}'"
    stack: list[Node] = []
    for child in node.children:
        if child.type in _CLOSERS.values():
            stack.append(child)
        elif child.type in _CLOSERS:
            if stack and stack[-1].type == _CLOSERS[child.type]:
                stack.pop()
            elif stack:
                return stack[-1], f"unclosed '{stack[-1].type}'"
    if stack and node.is_error:  # the file ended first: `function a() {` and no `}`
        return stack[0], f"unclosed '{stack[0].type}'"
    if node.is_error and node.child_count == 1 and node.children[0].type in _CLOSERS:
        return node, f"unexpected '{node.children[0].type}'"  # a stray `}`
    return node, "syntax error"


def syntax_error(root: Node, language: str) -> tuple[Node, str]:
    """The first error's node and the one-line message: "invalid PHP syntax: unclosed '{'"."""
    node, what = describe_error(root)
    return node, f"invalid {DISPLAY.get(language, language)} syntax: {what}"


def error_nodes(root: Node) -> list[Node]:
    """The outermost ERROR and MISSING nodes, in document order (only erroneous branches are walked)."""
    found: list[Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or _missing(node):
            found.append(node)
        elif node.has_error:
            stack.extend(reversed(node.children))
    return found


def error_spans(root: Node) -> tuple[tuple[int, int], ...]:
    """Byte ranges of the outermost error nodes; a MISSING token is an empty range at the place
    the parser assumed it (an edit touching it must be refused too)."""
    return tuple((n.start_byte, n.end_byte) for n in error_nodes(root))


def unusable(root: Node, size: int) -> bool:
    """Is so much of the file inside ERROR nodes that scanning the rest says nothing?"""
    if root.is_error:
        return True
    lost = sum(n.end_byte - n.start_byte for n in error_nodes(root) if n.is_error)
    return lost > UNUSABLE_SHARE * size


def _missing(node: Node) -> bool:
    # C# marks a missing name as an empty `identifier` whose MISSING token is hidden
    return node.is_missing or (node.has_error and not node.is_error and node.child_count == 0)


def clean(nodes: Iterable[Node], errors: list[tuple[int, int]]) -> bool:
    """Can a fact read from these captured nodes be trusted? `errors`: the byte ranges of the
    outermost ERROR nodes (error_nodes), in order.

    Not if one of them sits inside an ERROR node (recovery put it there; its context, even
    whether it is code, is a guess) or holds an error itself (a MISSING `)` in a call's
    arguments makes its arity a guess). A node around other captured nodes (a constructor
    around its parameters) may hold an error deeper down, not as its own child: an error in
    a constructor's body says nothing about its parameters, but an ERROR between a call's
    receiver and its name means recovery glued two statements into one call.
    """
    nodes = list(nodes)
    for node in nodes:
        if _inside(node, errors):
            return False
        if node.has_error and (not any(_encloses(node, other) for other in nodes)
                               or any(c.is_error or _missing(c) for c in node.children)):
            return False
    return True


def _inside(node: Node, errors: list[tuple[int, int]]) -> bool:
    # by byte range (outermost ERROR nodes do not overlap): walking up the parents of every
    # captured node took about a quarter of the analysis of a 1.8 MB file with an error
    i = bisect_right(errors, node.start_byte, key=lambda r: r[0]) - 1
    return i >= 0 and node.end_byte <= errors[i][1]


def _encloses(outer: Node, inner: Node) -> bool:
    return (outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte
            and (outer.start_byte, outer.end_byte) != (inner.start_byte, inner.end_byte))
