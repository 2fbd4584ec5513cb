"""Bundled example projects: legacy (login session) Copernica clients used by `demo` and the tests."""

from pathlib import Path

LEGACY = Path(__file__).resolve().parent / "legacy"
