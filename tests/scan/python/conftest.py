import pytest

from migrator.scan.contract import ProjectContext
from migrator.rules.checking import Checker
from migrator.scan.python import PythonAnalyzer


@pytest.fixture
def analyzer():
    return Checker(PythonAnalyzer())


@pytest.fixture
def scan(analyzer, tmp_path):
    """Analyze one source text as module `app.legacy` with an optional pass-1 context."""

    def run(source, module="app.legacy", path="app/legacy.py", context=None):
        data = source.encode() if isinstance(source, str) else source
        ctx = context or ProjectContext(root=tmp_path)
        return analyzer.analyze(path, data, module, ctx)

    return run


