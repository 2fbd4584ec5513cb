"""Settings dataclass, logging setup and a sync job."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

import zeep

log = logging.getLogger("sync")


@dataclass
class Settings:
    wsdl: str = "https://soap.copernica.com/?SOAPAPI=WSDL"
    username: str = field(default_factory=lambda: os.environ.get("CP_USER", ""))
    account: str = "Shop"
    password: str = field(default_factory=lambda: os.environ.get("CP_PW", ""), repr=False)
    database_ids: tuple[int, ...] = (1, 2, 3)


def configure_logging(verbose: bool = False) -> None:
    fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format=fmt)


def run(settings: Settings) -> dict[int, int]:
    service = zeep.Client(settings.wsdl).service
    # one session for the whole run
    service.login({"username": settings.username, "account": settings.account, "password": settings.password})
    counts: dict[int, int] = {}
    for database_id in settings.database_ids:
        fields = service.Database_fields({"id": database_id})
        counts[database_id] = len(fields.items.field) if fields.items else 0
        log.debug("database %s has %s fields", database_id, counts[database_id])
    return counts


if __name__ == "__main__":
    configure_logging()
    print(run(Settings()))
