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
    from migrator.scan.treesitter.base import Grammar, TreeSitterAnalyzer

    js = Grammar(javascript.JAVASCRIPT)
    ts = Grammar(javascript.TYPESCRIPT)
    tsx = Grammar(javascript.TSX)
    php_grammar = Grammar(php.SYNTAX)
    return [
        TreeSitterAnalyzer("php", {".php": php_grammar, ".phtml": php_grammar, ".inc": php_grammar}),
        TreeSitterAnalyzer("java", {".java": Grammar(java.SYNTAX)}),
        TreeSitterAnalyzer("csharp", {".cs": Grammar(csharp.SYNTAX)}),
        TreeSitterAnalyzer("javascript", {".js": js, ".mjs": js, ".cjs": js, ".jsx": js}),
        TreeSitterAnalyzer("typescript", {".ts": ts, ".mts": ts, ".cts": ts, ".tsx": tsx}),
    ]


def analyzer_for(language: str):
    return next(a for a in analyzers() if a.language == language)
