"""One tree-sitter language per process: loaded, its queries compiled and a parser per thread made
on first use, shared by the scan's analyzers and PHP's project pass (`grammar_of`)."""

from __future__ import annotations

import functools
import threading

from tree_sitter import Language, Parser, Query, Tree

from migrator.scan.model import ParseError
from migrator.scan.treesitter.errors import syntax_error, unusable
from migrator.scan.treesitter.syntax import Syntax

_LOADED: dict[str, "Grammar"] = {}


def grammar_of(syntax: Syntax) -> "Grammar":
    """The process's one Grammar of `syntax` (a race between threads only builds it twice)."""
    grammar = _LOADED.get(syntax.name)
    if grammar is None:
        grammar = _LOADED[syntax.name] = Grammar(syntax)
    return grammar


class Grammar:
    """One tree-sitter language: its compiled queries, built once per process on first use."""

    def __init__(self, syntax: Syntax):
        self.syntax = syntax
        self._local = threading.local()  # Parser objects are not safe to share between threads
        self._queries: dict[str, Query] = {}

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

    def tree(self, data: bytes) -> Tree:
        """The file's tree, errors and all."""
        return self.parser().parse(data)

    def compiled(self, source: str) -> Query:
        """Another query in this language (PHP's project pass has its own), compiled once."""
        query = self._queries.get(source)
        if query is None:
            query = self._queries[source] = Query(self.language, source)
        return query

    def parse(self, data: bytes) -> Tree:
        """The file's tree, errors and all; ParseError only when so much of it is error that
        nothing worth the name could be scanned (errors.unusable)."""
        tree = self.tree(data)
        root = tree.root_node
        if root.has_error and unusable(root, len(data.strip())):
            node, message = syntax_error(root, self.syntax.language)
            start = data.rfind(b"\n", 0, node.start_byte) + 1
            column = len(data[start:node.start_byte].decode("utf-8", "replace")) + 1
            # the engine prints the position next to the path; the message says what broke
            raise ParseError(message, node.start_point[0] + 1, column)
        return tree
