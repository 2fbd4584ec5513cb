"""Python detection: libcst analysis of modules that use Copernica's login session model."""

from migrator.scan.python.analysis import ModuleAnalysis
from migrator.scan.python.analyzer import PythonAnalyzer, analyse, parse

__all__ = ["ModuleAnalysis", "PythonAnalyzer", "analyse", "parse"]
