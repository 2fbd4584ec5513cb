"""The Python analyzer the scan engine drives: prefilter needles, pass 1 `collect`, pass 2 `analysis`.

Kept free of libcst at import time: the engine builds it for every scan, but only
files that pass the prefilter need the parser.
"""

from __future__ import annotations

from migrator.scan.contract import ProjectContext
from migrator.scan import languages
from migrator.scan.python import evidence


class PythonAnalyzer:
    language = "python"
    extensions = languages.language("python").extensions
    one_finding_per_line = False  # a username and a password on one line are two findings

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
        from migrator.scan.python.parse import analyse

        analysis = analyse(path, data, module, context)
        found = {w.qualified_name: path for w in analysis.wrapper_classes}
        if context is not None:
            found.update({q: path for q in analysis.subclassed_wrappers})
        return found

    def analysis(self, path: str, data: bytes, module: str | None, context: ProjectContext):
        from migrator.scan.python.parse import analyse

        return analyse(path, data, module, context)
