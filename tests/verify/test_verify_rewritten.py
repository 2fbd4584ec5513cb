"""The whole migration on the bundled examples: `rewrite --write` (both styles), then verify in
token mode against the legacy run's baseline. Proves the codemods' output really works."""

from __future__ import annotations

import pytest
from verify_helpers import LEGACY_PROGRAMS, cli, legacy_copy


@pytest.fixture(scope="module")
def baselines(tmp_path_factory):
    """Legacy-mode trace of each unmigrated example, recorded once."""
    root = tmp_path_factory.mktemp("baselines")
    traces = {}
    for name in LEGACY_PROGRAMS:
        folder, command = legacy_copy(name, root)
        traces[name] = root / f"{name}.json"
        run = cli("verify", "--auth", "legacy", "--trace", str(traces[name]), "--", *command, cwd=folder)
        assert run.returncode == 0, run.output
    return traces


@pytest.mark.parametrize("style", ["inline", "plugin"])
@pytest.mark.parametrize("name", sorted(LEGACY_PROGRAMS))
def test_rewritten_example_passes_verify_with_the_legacy_baseline(name, style, baselines, tmp_path):
    folder, command = legacy_copy(name, tmp_path)
    rewrite = cli("rewrite", "--write", "--style", style, "--quiet", str(folder))
    assert rewrite.returncode == 0, rewrite.output
    run = cli("verify", "--baseline", str(baselines[name]), "--", *command, cwd=folder)
    assert run.returncode == 0, run.output
    assert "verify: PASS (token mode" in run.stdout and "baseline: same business calls" in run.stdout
