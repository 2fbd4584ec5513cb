"""Rule registry. Each rule is one module in this package that calls `register(...)`.

The scanner, the `rules` command and the docs read this registry; none of them
name a rule. Codes: COP0xx Python (fixable by `rewrite` unless marked),
COP1xx other languages (PHP fixable where `fixed_by` names its fixes; the rest detection
only), COP9xx about the scan itself.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from migrator.scan.model import Finding, Severity


@dataclass(frozen=True)
class Rule:
    code: str  # COP + three digits
    name: str  # kebab-case slug, e.g. "login-call"
    summary: str  # one sentence, shown by `copernica-migrate rules`
    severity: Severity
    languages: tuple[str, ...]
    fixable: bool
    # fixit-style examples: source that must be flagged / must not be; keyed by language
    invalid: dict[str, tuple[str, ...]] = field(default_factory=dict)
    valid: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # what `rewrite` (default style) makes of a file holding `before`: (before, after) pairs,
    # checked by tests/rewrite/test_rule_fix_examples.py and shown by `rules CODE`
    fixes: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    fix: str | None = None  # what `rewrite` does about it, one line
    # the module of the codemod that acts on its findings (named, not imported: the codemods
    # come after the rules); tests/rewrite/test_rule_codemod_link.py holds both ends together
    codemod: str | None = None
    # other languages whose findings `rewrite` migrates -> the modules of the fixes that act on
    # them (named, not imported); `fixable` is about Python. Java, C# and JS have none: found only
    fixed_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Called by the language analyzer with its per-file analysis object (Python: the ast
    # analysis, or the libcst one where it falls back, same interface; others: tree-sitter's).
    check: Callable[[Any], Iterable[Finding]] | None = None

    def applies_to(self, language: str) -> bool:
        return language in self.languages

    def fixable_in(self, language: str) -> bool:
        """Does `rewrite` migrate this rule's findings in that language (PHP: those in a family)?"""
        return self.fixable if language == "python" else bool(self.fixed_by.get(language))

    @property
    def fixable_languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.languages if self.fixable_in(lang))


_REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in _REGISTRY and _REGISTRY[rule.code] is not rule:
        raise RuntimeError(f"rule code {rule.code} registered twice")
    _REGISTRY[rule.code] = rule
    return rule


def _load_all() -> None:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


def all_rules() -> list[Rule]:
    _load_all()
    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def for_language(language: str) -> list[Rule]:
    return [r for r in all_rules() if r.applies_to(language) and r.check is not None]


def get(code: str) -> Rule:
    _load_all()
    return _REGISTRY[code]
