"""The rewrite engine: run the registered codemods over a tree and report what changes."""

from migrator.rewrite.engine import apply, rewrite
from migrator.rewrite.model import FileResult, PluginPlan, RewriteOptions, RewriteResult, Todo

__all__ = ["apply", "rewrite", "FileResult", "PluginPlan", "RewriteOptions", "RewriteResult", "Todo"]
