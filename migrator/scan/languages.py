"""The one language table: a scanned language's name, file extensions, comment openers (for
suppression comments), lexical kind (how the size limits skip its strings and comments) and
Markdown code fence. A new language is a row here plus its analyzer module and grammar.

Also: picking the analyzer for a file extension, and loading analyzers by name in workers.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Sequence

from migrator.scan.contract import Analyzer


@dataclass(frozen=True)
class Language:
    name: str  # Finding.language, rule.languages
    extensions: tuple[str, ...]  # lower case, with the dot
    comments: str  # regex of what opens a comment
    lexical: str  # limits.bracket_depth's kind: "python", "php" or "c-like"
    fence: str  # Markdown code-fence language


TABLE: tuple[Language, ...] = (
    Language("python", (".py", ".pyi"), r"#", "python", "python"),
    Language("php", (".php", ".phtml", ".inc"), r"#|//|/\*", "php", "php"),
    Language("java", (".java",), r"//|/\*", "c-like", "java"),
    Language("csharp", (".cs",), r"//|/\*", "c-like", "csharp"),
    Language("javascript", (".js", ".mjs", ".cjs", ".jsx"), r"//|/\*", "c-like", "js"),
    Language("typescript", (".ts", ".mts", ".cts", ".tsx"), r"//|/\*", "c-like", "ts"),
)
BY_NAME = {language.name: language for language in TABLE}
NAMES = tuple(BY_NAME)  # every scanned language (rules that hold for all of them)
TREE_SITTER = tuple(name for name in NAMES if name != "python")  # the ones migrator.scan.treesitter reads


def language(name: str) -> Language:
    """The row of a language; an unknown name reads as C-like (comments, limits, fence)."""
    return BY_NAME.get(name) or Language(name, (), r"//|/\*", "c-like", name)


def by_extension(analyzers: Sequence[Analyzer]) -> dict[str, Analyzer]:
    table: dict[str, Analyzer] = {}
    for analyzer in analyzers:
        for ext in analyzer.extensions:
            table.setdefault(ext.lower(), analyzer)
    return table


def load(factory_path: str) -> Callable[[], list]:
    """'module:function' -> the factory; lets worker processes rebuild analyzers by name."""
    module, _, attr = factory_path.partition(":")
    return getattr(importlib.import_module(module), attr)
