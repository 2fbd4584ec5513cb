"""The rewrite engine: run the registered codemods over a tree and report what changes.

The names below load on first use (PEP 562): importing one light module of this package
(e.g. finding_fixes for a SARIF scan with nothing fixable) must not load libcst's codemods.
"""

import importlib

_WHERE = {"apply": "engine", "rewrite": "engine", "FileResult": "model", "PluginPlan": "model",
          "RewriteOptions": "model", "RewriteResult": "model", "Todo": "model"}
__all__ = list(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
