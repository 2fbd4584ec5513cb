"""Bundled example projects: legacy (login session) Copernica clients used by `demo` and the tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LEGACY = Path(__file__).resolve().parent / "legacy"


@dataclass(frozen=True)
class Program:
    name: str  # folder under LEGACY
    style: str  # how it talks to the API, for people reading the demo
    argv: tuple[str, ...]  # run from its folder, after the Python interpreter


PROGRAMS = (
    Program("newsletter_script", "zeep client at module level", ("newsletter.py",)),
    Program("crm_service", "class holding self.client", ("crm.py",)),
    Program("shop_wrapper", "PomSoapClient-style wrapper, used from another module",
            ("-m", "shop.sync")),
    Program("suds_export", "suds-community client", ("export.py",)),
    Program("bulk_import", "cached factory and a thread pool", ("bulk.py",)),
)
