"""Rules applied to analyses: what the scan engine runs on each file (via its factory).

A Checker pairs a language's analyzer (migrator/scan/, which knows no rule) with the rules
of that language; the engine drives it like an analyzer whose `analyze` returns findings.
Data flows one way: scan (discover, analyse) <- rules <- the commands.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable

from migrator.rules import all_rules, for_language
from migrator.scan.contract import Analyzer, ProjectContext
from migrator.scan.engine import ScanInputError
from migrator.scan.model import Finding


class Checker:
    def __init__(self, analyzer: Analyzer):
        self.analyzer = analyzer
        self.language = analyzer.language
        self.extensions = analyzer.extensions
        self.rules = for_language(analyzer.language)

    def needles(self, context: ProjectContext | None) -> tuple[bytes, ...]:
        return self.analyzer.needles(context)

    def collect(self, path: str, data: bytes, module: str | None,
                context: ProjectContext | None = None) -> dict[str, str]:
        if context is None:
            return self.analyzer.collect(path, data, module)
        return self.analyzer.collect(path, data, module, context)

    def analyze(self, path: str, data: bytes, module: str | None, context: ProjectContext) -> list[Finding]:
        """The file's findings (raises ParseError for invalid source)."""
        analysis = self.analyzer.analysis(path, data, module, context)
        found = [_fixable(finding, rule) for rule in self.rules for finding in rule.check(analysis)]
        if self.analyzer.one_finding_per_line:  # the first finding of a rule on a line stands
            first: dict[tuple[str, int], Finding] = {}
            for finding in found:
                first.setdefault((finding.rule, finding.location.line), finding)
            found = list(first.values())
        return sorted(found, key=Finding.sort_key)


def _fixable(finding: Finding, rule) -> Finding:
    """Python: the rule's word, unless the site says no (a `login` added to parameters after they
    were made). Other languages: the site's (a PHP login call in a family class is migrated, one
    on a script's bare SoapClient only where php_scripts.py can follow it) and the rule's (fixes exist for the language)."""
    fixable = rule.fixable and finding.fixable if finding.language == "python" else (
        finding.fixable and rule.fixable_in(finding.language))
    return finding if finding.fixable == fixable else dataclasses.replace(finding, fixable=fixable)


def load_analyzers() -> list[Analyzer]:
    """Every analyzer whose package imports; a missing package (e.g. no tree-sitter grammars)
    just drops its languages. Imported here, on first use: a scan that never needs a parser
    must not pay for importing one."""
    found: list[Analyzer] = []
    try:
        from migrator.scan.python import PythonAnalyzer

        found.append(PythonAnalyzer())
    except ImportError:
        pass
    try:
        from migrator.scan.treesitter import analyzers

        found.extend(analyzers())
    except ImportError:
        pass
    return found


def load_checkers() -> list[Checker]:
    """The engine's default factory: a Checker per installed analyzer."""
    return [Checker(analyzer) for analyzer in load_analyzers()]


def check_codes(codes: Iterable[str], option: str) -> list[str]:
    """Rule codes or prefixes as given (upper-cased); an unknown one is a ScanInputError."""
    known = [r.code for r in all_rules()]
    checked = []
    for code in codes:
        code = code.strip().upper()
        if not code:
            continue
        if not any(k.startswith(code) for k in known):
            raise ScanInputError(f"{option}: unknown rule code or prefix {code!r}")
        checked.append(code)
    return checked
