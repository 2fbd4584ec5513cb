"""Shared machinery: lazily built parsers and queries, parse errors, and the Analyzer itself."""

from __future__ import annotations

import functools
import threading

from tree_sitter import Language, Node, Parser, Query, Tree

from migrator.scan.contract import ProjectContext
from migrator.scan.model import ParseError
from migrator.scan.treesitter.facts import FileAnalysis, extract
from migrator.scan.treesitter.syntax import Syntax

# A file is parsed only if it contains one of these (lower case): typical non-Copernica
# code never pays for a parse. Generated proxies name the service; hand-written code the host.
NEEDLES: tuple[bytes, ...] = (
    b"copernica", b"soapapi", b"pomsoapclient", b"pom_soap_api", b"pomporttype", b"not logged on",
)


class Grammar:
    """One tree-sitter language: its compiled queries, built once per process on first use."""

    def __init__(self, syntax: Syntax):
        self.syntax = syntax
        self._local = threading.local()  # Parser objects are not safe to share between threads

    @functools.cached_property
    def language(self) -> Language:
        return Language(self.syntax.load())

    @functools.cached_property
    def query(self) -> tuple[Query, tuple[str, ...]]:
        """All the language's queries as one, so a file's tree is walked once; plus the
        fact kind of each pattern, found from where the pattern starts in the source."""
        source, spans = "", []
        for kind, src in self.syntax.queries.items():
            spans.append((len(source.encode("utf-8")), kind))
            source += src + "\n"
        query = Query(self.language, source)
        kinds = tuple(max((start, kind) for start, kind in spans
                          if start <= query.start_byte_for_pattern(i))[1]
                      for i in range(query.pattern_count))
        # a race between threads only compiles twice; the result is the same
        return query, kinds

    def parser(self) -> Parser:
        parser = getattr(self._local, "parser", None)
        if parser is None:
            parser = self._local.parser = Parser(self.language)
        return parser

    def parse(self, data: bytes) -> Tree:
        tree = self.parser().parse(data)
        if tree.root_node.has_error:
            node, what = describe_error(tree.root_node)
            start = data.rfind(b"\n", 0, node.start_byte) + 1
            column = len(data[start:node.start_byte].decode("utf-8", "replace")) + 1
            # the engine prints the position next to the path; the message says what broke
            raise ParseError(f"invalid {_DISPLAY[self.syntax.language]} syntax: {what}",
                             node.start_point[0] + 1, column)
        return tree

    def analyze(self, path: str, data: bytes) -> FileAnalysis:
        tree = self.parse(data)
        query, kinds = self.query
        return extract(path, self.syntax, data, tree, query, kinds)


def first_error(root: Node) -> Node:
    """The innermost of the first ERROR or MISSING nodes in document order."""
    node = root
    while True:
        child = next((c for c in node.children if c.is_error or c.is_missing or c.has_error), None)
        if child is None:
            return node
        node = child


_DISPLAY = {"php": "PHP", "java": "Java", "csharp": "C#", "javascript": "JavaScript",
            "typescript": "TypeScript"}
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def describe_error(root: Node) -> tuple[Node, str]:
    """The node to point a user at, and what to call the problem.

    Error recovery often wraps a whole class in one flat ERROR node; its start says
    nothing. An opening bracket closed by the wrong one inside it is where the code broke.
    """
    node = first_error(root)
    if node.is_missing:
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
    return node, "syntax error"


class TreeSitterAnalyzer:
    """The engine's Analyzer for one language (TypeScript picks the TSX grammar for .tsx)."""

    one_finding_per_line = True  # a cookie line has several cookie facts

    def __init__(self, language: str, grammars: dict[str, Grammar]):
        self.language = language
        self._grammars = grammars  # extension -> grammar
        self.extensions = tuple(grammars)

    def needles(self, context: ProjectContext | None) -> tuple[bytes, ...]:
        return NEEDLES

    def collect(self, path: str, data: bytes, module: str | None) -> dict[str, str]:
        # Wrapper classes are found per file here; the project context carries Python's only.
        return {}

    def grammar_for(self, path: str) -> Grammar:
        lower = path.lower()
        for ext in sorted(self._grammars, key=len, reverse=True):
            if lower.endswith(ext):
                return self._grammars[ext]
        return next(iter(self._grammars.values()))

    def analysis(self, path: str, data: bytes, module: str | None = None,
                 context: ProjectContext | None = None) -> FileAnalysis:
        return self.grammar_for(path).analyze(path, data)
