"""The Python analyzer the scan engine drives: prefilter needles, pass 1 `collect`, pass 2 `analysis`.

Both passes analyse on the stdlib ast (ast_analysis.py, at C parsing speed); a file that
analysis does not model exactly goes to the libcst ModuleAnalysis (analysis.py, what
`rewrite`'s codemods use), so the findings are the same either way. Kept free of libcst
at import time: most scans never need it.
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
        if b"class" not in data or (context is None and b"login" not in data.lower()):
            return {}  # a wrapper is a class that logs in somewhere in its body: no need to parse
        analysis = analyse(path, data, module, context)
        found = {w.qualified_name: path for w in analysis.wrapper_classes}
        if context is not None:
            found.update({q: path for q in analysis.subclassed_wrappers})
        return found

    def analysis(self, path: str, data: bytes, module: str | None, context: ProjectContext):
        return analyse(path, data, module, context)


def analyse(path: str, data: bytes, module: str | None, context: ProjectContext | None = None):
    """The ast analysis of the file, or the libcst one where the ast one does not answer."""
    from migrator.scan.python import ast_analysis

    try:
        found = ast_analysis.analyse(path, data, module, context)
    except Exception:  # noqa: BLE001 - a gap in the fast path must cost speed, never a finding
        found = None
    if found is not None:
        return found
    from migrator.scan.python.parse import analyse as analyse_libcst

    return analyse_libcst(path, data, module, context)
