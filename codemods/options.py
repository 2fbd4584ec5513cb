"""The codemods' shared options, importable without libcst (the CLI's --help must stay fast)."""

from migrator.settings import DEFAULT_TOKEN_ENV  # noqa: F401 (one default for every command)

STYLES = ("inline", "plugin")
DEFAULT_STYLE = "plugin"
