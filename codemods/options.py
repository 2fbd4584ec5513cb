"""The codemods' shared options, importable without libcst (the CLI's --help must stay fast)."""

STYLES = ("inline", "plugin")
DEFAULT_STYLE = "plugin"
DEFAULT_TOKEN_ENV = "COPERNICA_ACCESS_TOKEN"
