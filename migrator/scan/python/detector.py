"""The Python analyzer the scan engine drives: prefilter needles, pass 1 `collect`, pass 2 `analysis`.

Both passes analyse on the stdlib ast (ast_analysis.py, at C parsing speed); a file that
analysis does not model exactly goes to the libcst ModuleAnalysis (analysis.py, what
`rewrite`'s codemods use), so the findings are the same either way. Kept free of libcst
at import time: most scans never need it.
"""

from __future__ import annotations

import re

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
        names = context.wrapper_simple_names() | context.client_factories | \
            {q.rsplit(".", 1)[-1] for q in context.login_functions}
        extra = sorted(n.lower().encode() for n in names)
        return evidence.NEEDLES + tuple(n for n in extra if n not in evidence.NEEDLES)

    def collect(self, path: str, data: bytes, module: str | None,
                context: ProjectContext | None = None) -> dict[str, str]:
        """Wrapper classes and login functions defined here; with a context, also subclasses of
        the wrappers it knows."""
        factories = client_factories(data) if context is None else set()
        if context is None:
            # both log in somewhere in their body: no need to parse a file that never does
            if b"login" not in data.lower() or (b"class" not in data and not may_define_login_function(data)):
                return Collected(factories=factories)
        elif b"class" not in data:
            return Collected()
        analysis = analyse(path, data, module, context)
        found = Collected({w.qualified_name: path for w in analysis.wrapper_classes}, factories=factories,
                          login_functions={f.qualified_name: (f.params, f.credentials)
                                           for f in analysis.login_functions} if context is None else None)
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


class Collected(dict):
    """Pass 1's answer for one file: qualified wrapper class name -> path, `factories` and
    `login_functions` (qualified name -> what ProjectContext.login_functions holds)."""

    def __init__(self, wrappers: dict | None = None, factories: set[str] | None = None,
                 login_functions: dict | None = None) -> None:
        super().__init__(wrappers or {})
        self.factories = factories or set()
        self.login_functions = login_functions or {}


_DEF = re.compile(rb"^[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(", re.M)
_RETURNS_CLIENT = re.compile(rb"^[ \t]+return[ \t]+[\w.]*(?:Client|CachingClient|AsyncClient)\(", re.M)


_DEF_PARAMS = re.compile(rb"^[ \t]*(?:async[ \t]+)?def[ \t]+\w+[ \t]*\(([^)]*)", re.M)
_PARAM = re.compile(rb"(?:^|,)\s*\**([A-Za-z_]\w*)")
_LOGIN_AT = re.compile(rb"\.login\b", re.I)
_WORD = re.compile(rb"[A-Za-z_]\w*")


def may_define_login_function(data: bytes) -> bool:
    """A parameter of some `def` is named in the text right after a `.login` (a needle, not a
    verdict: pass 1's analysis of such a file decides), so most files that log in are not
    analysed twice."""
    params = {p for m in _DEF_PARAMS.finditer(data) for p in _PARAM.findall(m.group(1))} - {b"self", b"cls"}
    if not params:
        return False
    return any(params.intersection(_WORD.findall(data, m.end(), m.end() + 400)) for m in _LOGIN_AT.finditer(data))


def client_factories(data: bytes) -> set[str]:
    """Names of the functions whose body returns a new SOAP client, by the text (a needle, not a
    verdict: pass 2's analysis of the files that call one decides)."""
    found: set[str] = set()
    defs = [(m.start(), m.group(1).decode()) for m in _DEF.finditer(data)]
    for ret in _RETURNS_CLIENT.finditer(data):
        before = [name for at, name in defs if at < ret.start()]
        if before and not before[-1].startswith("__"):
            found.add(before[-1])
    return found
