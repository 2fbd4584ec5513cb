import pytest

from analysis_equivalence import check
from migrator.scan.contract import ProjectContext
from migrator.rules.checking import Checker
from migrator.scan.python import PythonAnalyzer


class _CheckedChecker(Checker):
    """The real checker; each file it analyses is also held to ast/libcst equivalence."""

    def collect(self, path, data, module, context=None):
        check(path, data, module, context)
        return super().collect(path, data, module, context)

    def analyze(self, path, data, module, context):
        check(path, data, module, context)
        return super().analyze(path, data, module, context)


@pytest.fixture
def analyzer():
    return _CheckedChecker(PythonAnalyzer())


@pytest.fixture
def scan(analyzer, tmp_path):
    """Analyze one source text as module `app.legacy` with an optional pass-1 context."""

    def run(source, module="app.legacy", path="app/legacy.py", context=None):
        data = source.encode() if isinstance(source, str) else source
        ctx = context or ProjectContext(root=tmp_path)
        return analyzer.analyze(path, data, module, ctx)

    return run
