"""libcst codemods, one transformation a module (see README)."""
