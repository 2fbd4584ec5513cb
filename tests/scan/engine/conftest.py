"""Fixtures for the scan engine tests: small source trees on disk, each prefilter engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from scan_fixtures import ENGINES, write_tree


@pytest.fixture
def tree(tmp_path):
    def make(files: dict[str, str | bytes]) -> Path:
        return write_tree(tmp_path / "project", files)

    return make


@pytest.fixture(params=ENGINES)
def engine(request):
    return request.param
