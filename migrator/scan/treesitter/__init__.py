"""Detection of legacy Copernica SOAP login code in PHP, Java, C# and JavaScript/TypeScript.

`analyzers()` gives the scan engine one Analyzer per language. Parsers and queries
are built on first use, once per process.
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=None)
def analyzers() -> list:
    # imported here: the rule modules import helpers from this package without loading tree-sitter
    from migrator.scan.treesitter import csharp, java, javascript, php
    from migrator.scan.languages import language
    from migrator.scan.treesitter.base import PhpAnalyzer, TreeSitterAnalyzer
    from migrator.scan.treesitter.grammar import Grammar, grammar_of

    js = grammar_of(javascript.JAVASCRIPT)
    ts = grammar_of(javascript.TYPESCRIPT)
    tsx = grammar_of(javascript.TSX)
    php_grammar = grammar_of(php.SYNTAX)
    def each(name: str, grammar: Grammar, **special: Grammar) -> TreeSitterAnalyzer:
        """The language's extensions come from the language table; `special`: ".tsx" and the like."""
        grammars = {ext: special.get(ext.lstrip("."), grammar) for ext in language(name).extensions}
        return (PhpAnalyzer if name == "php" else TreeSitterAnalyzer)(name, grammars)

    return [
        each("php", php_grammar),
        each("java", grammar_of(java.SYNTAX)),
        each("csharp", grammar_of(csharp.SYNTAX)),
        each("javascript", js),
        each("typescript", ts, tsx=tsx),
    ]


def analyzer_for(language: str):
    return next(a for a in analyzers() if a.language == language)
