"""The corpus: real-world-shaped legacy programs, and what scan, rewrite and verify must do with them.

Every `tests/corpus/<case>/case.json` (format: README.md beside this file) gives:
- test_scan[case]: `scan --format json` of a copy of src/ reports every login site of the case
  and exactly its set of rule codes;
- test_migrate[case-style], for both rewrite styles:
  - a runnable positive first runs green against the baseline mock (login sessions and tokens), making exactly the
    case's business calls (the baseline, recorded once per case and shared by both styles);
    a runnable negative runs green in token mode before the rewrite;
  - then `rewrite --write --style S .` on a copy, and by the case's outcome for S:
    migrated: no login call left, `rewrite --check` clean, no fixable finding left, and the
      program passes `verify --baseline` in token mode (when runnable);
    needs-hands: every byte as it was, and a `needs hands:` line with the case's reason;
    untouched: every byte as it was.
  The checks themselves are in corpus_checks.py.

Speed: rewrite (libcst) costs about a second per file and style, so the cases run in a pool of
worker processes (one per core; CORPUS_JOBS=N sets it, 0 runs them in this process), submitted
when the session starts, each case whole (so its styles share the baseline); each test waits for
its case and reports. pytest-xdist's `--dist loadfile` keeps this file in one xdist worker.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

import pytest
from corpus_checks import run_case
from corpus_helpers import STYLES, case_names, load_case

CASES = case_names()
CASE_TIMEOUT = 600  # seconds one case may take (verify runs have their own timeouts)


def _description(name: str) -> str:
    try:
        return load_case(name).description
    except Exception:  # noqa: BLE001 - its own tests report a malformed case.json
        return "(case.json unreadable)"


class CorpusRun:
    """The selected cases, run in worker processes in the order the tests will ask for them."""

    def __init__(self, root: str, wanted: dict[str, tuple[str, ...]]):
        self.root = root
        self.wanted = wanted
        jobs = int(os.environ.get("CORPUS_JOBS", os.cpu_count() or 2))
        self.pool = None
        self.futures: dict[str, Future] = {}
        self.results: dict[str, dict[str, list[str]]] = {}
        if jobs > 0 and len(wanted) > 1:
            # spawn, not fork: this process has threads (xdist's), and fork copies their locks
            self.pool = ProcessPoolExecutor(min(jobs, len(wanted)),
                                            mp_context=multiprocessing.get_context("spawn"))
            for name, parts in wanted.items():
                self.futures[name] = self.pool.submit(run_case, name, root, parts)

    def problems(self, name: str, part: str) -> list[str]:
        if name not in self.results:
            if name in self.futures:
                try:
                    self.results[name] = self.futures[name].result(timeout=CASE_TIMEOUT)
                except Exception as exc:  # noqa: BLE001 - a broken pool or a timeout fails the test
                    self.results[name] = {p: [f"the case's worker failed: {type(exc).__name__}: {exc}"]
                                          for p in ("scan", *STYLES)}
            else:  # not planned at the start (CORPUS_JOBS=0, or one case): run it here
                self.results[name] = run_case(name, self.root, self.wanted.get(name, ("scan", *STYLES)))
        return self.results[name].get(part) or []

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session")
def corpus(request, tmp_path_factory):
    """Plans the selected tests of this file: case -> parts, in the order they will run."""
    here = os.path.abspath(__file__)
    wanted: dict[str, list[str]] = {}
    for item in request.session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if os.path.abspath(str(getattr(item, "path", ""))) != here or "name" not in params:
            continue
        part = params.get("style", "scan")
        wanted.setdefault(params["name"], [])
        if part not in wanted[params["name"]]:
            wanted[params["name"]].append(part)
    run = CorpusRun(str(tmp_path_factory.mktemp("corpus")), {k: tuple(v) for k, v in wanted.items()})
    yield run
    run.close()


def _report(name: str, what: str, problems: list[str]) -> None:
    if problems:
        body = "\n".join(f"- {p}" for p in problems)
        pytest.fail(f"{name} [{what}]: {_description(name)}\n{body}", pytrace=False)


@pytest.mark.parametrize("name", CASES)
def test_scan(name, corpus):
    _report(name, "scan", corpus.problems(name, "scan"))


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", CASES)
def test_migrate(name, style, corpus):
    try:
        outcome = load_case(name).outcomes[style]
    except Exception:  # noqa: BLE001
        outcome = "?"
    _report(name, f"{style}, expected {outcome}", corpus.problems(name, style))
