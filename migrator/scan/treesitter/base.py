"""The Analyzer the scan engine drives for each tree-sitter language (grammars: grammar.py; syntax errors: errors.py)."""

from __future__ import annotations

from migrator.scan.contract import ProjectContext
from migrator.scan.treesitter.facts import FileAnalysis, extract
from migrator.scan.treesitter.grammar import Grammar
from migrator.scan.treesitter.php_project import PhpFile, project_needles, project_with, read_file

# A file is parsed only if it contains one of these (lower case): typical non-Copernica
# code never pays for a parse. Generated proxies name the service; hand-written code the host.
NEEDLES: tuple[bytes, ...] = (
    b"copernica", b"soapapi", b"pomsoapclient", b"pom_soap_api", b"pomporttype", b"not logged on",
)


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
        grammar = self.grammar_for(path)
        query, kinds = grammar.query
        return extract(path, grammar.syntax, data, grammar.parse(data), query, kinds)


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
