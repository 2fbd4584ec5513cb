"""Shared machinery: lazily built parsers and queries, and the Analyzer itself (syntax errors: errors.py)."""

from __future__ import annotations

import functools
import threading

from tree_sitter import Language, Parser, Query, Tree

from migrator.scan.contract import ProjectContext
from migrator.scan.model import ParseError
from migrator.scan.treesitter.errors import syntax_error, unusable
from migrator.scan.treesitter.facts import FileAnalysis, extract
from migrator.scan.treesitter.php_project import PhpFile, project_needles, project_with, read_file
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
        """The file's tree, errors and all; ParseError only when so much of it is error that
        nothing worth the name could be scanned (errors.unusable)."""
        tree = self.parser().parse(data)
        root = tree.root_node
        if root.has_error and unusable(root, len(data.strip())):
            node, message = syntax_error(root, self.syntax.language)
            start = data.rfind(b"\n", 0, node.start_byte) + 1
            column = len(data[start:node.start_byte].decode("utf-8", "replace")) + 1
            # the engine prints the position next to the path; the message says what broke
            raise ParseError(message, node.start_point[0] + 1, column)
        return tree

    def analyze(self, path: str, data: bytes) -> FileAnalysis:
        tree = self.parse(data)
        query, kinds = self.query
        return extract(path, self.syntax, data, tree, query, kinds)


class TreeSitterAnalyzer:
    """The engine's Analyzer for one language (TypeScript picks the TSX grammar for .tsx)."""

    one_finding_per_line = True  # a cookie line has several cookie facts

    def __init__(self, language: str, grammars: dict[str, Grammar]):
        self.language = language
        self._grammars = grammars  # extension -> grammar
        self.extensions = tuple(grammars)

    def needles(self, context: ProjectContext | None) -> tuple[bytes, ...]:
        return NEEDLES

    def collect(self, path: str, data: bytes, module: str | None):
        return {}  # wrapper classes are found per file (PHP's project pass: PhpAnalyzer)

    def grammar_for(self, path: str) -> Grammar:
        lower = path.lower()
        for ext in sorted(self._grammars, key=len, reverse=True):
            if lower.endswith(ext):
                return self._grammars[ext]
        return next(iter(self._grammars.values()))

    def analysis(self, path: str, data: bytes, module: str | None = None,
                 context: ProjectContext | None = None) -> FileAnalysis:
        return self.grammar_for(path).analyze(path, data)


class PhpAnalyzer(TreeSitterAnalyzer):
    """PHP adds a project pass: every file's classes and calls (php_project.py), so a wrapper
    renamed, subclassed or built in another file is known where it is used."""

    def needles(self, context: ProjectContext | None) -> tuple[bytes, ...]:
        if context is None:
            return NEEDLES
        # + the simple names of the family's classes
        return NEEDLES + tuple(n for n in project_needles(context.php) if n not in NEEDLES)

    def collect(self, path: str, data: bytes, module: str | None) -> PhpFile:
        return read_file(path, data)

    def analysis(self, path: str, data: bytes, module: str | None = None,
                 context: ProjectContext | None = None) -> FileAnalysis:
        analysis = super().analysis(path, data, module, context)
        analysis.php = project_with(context.php if context is not None else None, path, data, analysis.tree)
        return analysis
