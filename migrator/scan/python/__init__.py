"""Python detection: libcst analysis of modules that use Copernica's login session model.

`PythonAnalyzer` is what the scan engine drives (needles, collect, analyze).
`analyse(path, data, module, context)` returns the `ModuleAnalysis` itself, whose
lists (`login_calls`, `login_structs`, `wrapper_classes`, `wrapper_constructions`,
`cookie_sites`, `relogin_sites`, `raw_envelopes`, `hardcoded_credentials`) hold the
exact libcst nodes, for rules to report and codemods to rewrite.
"""

from migrator.scan.python.analysis import ModuleAnalysis
from migrator.scan.python.analyzer import PythonAnalyzer, analyse, parse

__all__ = ["ModuleAnalysis", "PythonAnalyzer", "analyse", "parse"]
