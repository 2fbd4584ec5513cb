"""Rule registry. Each rule is one module in this package that calls `register(...)`.

The scanner, the `rules` command and the docs read this registry; none of them
name a rule. Codes: COP0xx Python (fixable by `rewrite` unless marked),
COP1xx other languages (detection only), COP9xx about the scan itself.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field

from migrator.scan.model import Severity


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
    fix: str | None = None  # what `rewrite` does about it, one line


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


def get(code: str) -> Rule:
    _load_all()
    return _REGISTRY[code]
