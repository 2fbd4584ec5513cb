"""How many worker processes scan and rewrite start: one rule for both commands."""

from __future__ import annotations

import os

from migrator.scan import workers


def test_jobs_0_means_every_core_and_a_few_files_get_one_worker(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    many = workers.ONE_WORKER_BELOW
    assert workers.count(0, many) == 8
    assert workers.count(3, many) == 3
    # a handful of files: more workers would each load the parsers for nothing
    assert workers.count(0, many - 1) == 1
    assert workers.count(5, 2) == 1


def test_no_core_count_means_one_worker(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert workers.count(0, 1000) == 1
