"""Both Python analyses on one file: the scan's ast one must say exactly what the libcst one says.

(A plain module, not a conftest: the scan tests, the reach tests and the corpus harness use it.)
"""

from __future__ import annotations

from migrator.rules import for_language
from migrator.scan.model import Finding, ParseError
from migrator.scan.python import ast_analysis, reach
from migrator.scan.python.parse import analyse as analyse_libcst

RULES = for_language("python")


def findings(analysis) -> list[Finding]:
    return sorted((f for rule in RULES for f in rule.check(analysis)), key=Finding.sort_key)


def wrappers(analysis) -> tuple[list[str], list[str]]:
    return sorted(w.qualified_name for w in analysis.wrapper_classes), sorted(analysis.subclassed_wrappers)


def reach_says(analysis) -> tuple:
    """What rewrite's token-reach check reads from one module, in both styles."""
    clients = reach.copernica_clients(analysis)
    plugged = sum(1 for c in clients if reach.has_plugin(analysis, c))
    injecting = reach.injecting_wrappers(analysis)
    return (len(clients), plugged, sorted(injecting),
            [reach.gaps(analysis, style, tree_plugged, injecting)
             for style in ("inline", "plugin") for tree_plugged in (False, True)])


def check(path: str, data: bytes, module: str | None = None, context=None) -> bool:
    """Assert the two analyses agree on the file; True when the ast analysis answered (not the fallback).

    Agreeing means: identical findings (rule, message, location, severity, fixable, fix, evidence),
    identical wrapper classes for pass 1, the same credential literals to mask, the same token-reach
    answers, and no ast answer where libcst reports a parse error
    (the ast analysis gives up, so the libcst one reports it as before)."""
    try:
        libcst_side, error = analyse_libcst(path, data, module, context), None
    except ParseError as exc:
        libcst_side, error = None, (str(exc), exc.line, exc.column)
    try:  # AstAnalysis itself, not analyse(): a bug must fail here, not fall back
        ast_side = ast_analysis.AstAnalysis(
            data, path, module, known_wrappers=context.wrapper_classes if context else (),
            is_package=path.replace("\\", "/").rsplit("/", 1)[-1] == "__init__.py") \
            if ast_analysis.takes(data) else None
    except ast_analysis.GIVE_UP:
        ast_side = None
    if ast_side is None:
        return False
    assert error is None, f"{path}: the ast analysis answered where libcst reports {error}"
    assert findings(ast_side) == findings(libcst_side), path
    assert wrappers(ast_side) == wrappers(libcst_side), path
    assert ast_side.secret_values() == libcst_side.secret_values(), path
    assert reach_says(ast_side) == reach_says(libcst_side), path
    return True
