"""The Python detector the scan engine drives: prefilter needles, pass 1 `collect`, pass 2 `analyze`.

Kept free of libcst at import time: the engine builds it for every scan, but only
files that pass the prefilter need the parser.
"""

from __future__ import annotations

from migrator.rules import for_language
from migrator.scan.analyzer import ProjectContext
from migrator.scan.model import Finding
from migrator.scan.python import evidence


class PythonAnalyzer:
    language = "python"
    extensions = (".py", ".pyi")

    def needles(self, context: ProjectContext | None) -> tuple[bytes, ...]:
        if context is None:
            return evidence.NEEDLES
        extra = sorted(n.lower().encode() for n in context.wrapper_simple_names())
        return evidence.NEEDLES + tuple(n for n in extra if n not in evidence.NEEDLES)

    def collect(self, path: str, data: bytes, module: str | None,
                context: ProjectContext | None = None) -> dict[str, str]:
        """Wrapper classes defined here; with a context, also subclasses of the wrappers it knows."""
        if context is None and b"login" not in data.lower():
            return {}  # a wrapper class logs in somewhere in its body: no need to parse
        from migrator.scan.python.analyzer import analyse

        analysis = analyse(path, data, module, context)
        found = {w.qualified_name: path for w in analysis.wrapper_classes}
        if context is not None:
            found.update({q: path for q in analysis.subclassed_wrappers})
        return found

    def analyze(self, path: str, data: bytes, module: str | None,
                context: ProjectContext) -> list[Finding]:
        from migrator.scan.python.analyzer import analyse

        analysis = analyse(path, data, module, context)
        findings: list[Finding] = []
        for rule in for_language(self.language):
            findings.extend(rule.check(analysis))
        return sorted(findings, key=Finding.sort_key)
