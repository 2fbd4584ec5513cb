"""Python detection: analysis of modules that use Copernica's login session model.

`PythonAnalyzer` is what the scan engine drives (needles, collect, analyze); it analyses on
the stdlib ast (ast_analysis.py) and hands what that does not model to the libcst analysis.
`analyse(path, data, module, context)` returns the libcst `ModuleAnalysis` itself, whose
lists (`login_calls`, `login_structs`, `wrapper_classes`, `wrapper_constructions`,
`cookie_sites`, `relogin_sites`, `raw_envelopes`, `hardcoded_credentials`) hold the
exact libcst nodes, for rules to report and codemods to rewrite.

Names are resolved lazily (PEP 562): importing libcst costs ~0.3 s, and a scan
whose prefilter lets no Python file through must not pay it.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "ModuleAnalysis": "migrator.scan.python.analysis",
    "PythonAnalyzer": "migrator.scan.python.detector",
    "analyse": "migrator.scan.python.parse",
    "parse": "migrator.scan.python.parse",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
