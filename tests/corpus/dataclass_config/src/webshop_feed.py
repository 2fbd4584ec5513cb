"""Feed webshop reviews into Copernica. Configuration: environment variables, read once into Config."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import zeep

log = logging.getLogger("webshop_feed")


@dataclass(frozen=True)
class Config:
    wsdl: str
    username: str
    password: str
    account: str = ""
    database: str = "Reviews"

    @classmethod
    def from_env(cls) -> "Config":
        return cls(
            wsdl=os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL"),
            username=os.environ["COPERNICA_USER"],
            password=os.environ["COPERNICA_PASSWORD"],
            account=os.environ.get("COPERNICA_ACCOUNT", ""),
        )


class CopernicaClient:
    def __init__(self, config: Config):
        self.config = config
        self._soap = zeep.Client(config.wsdl)
        self._soap.service.login(
            {"username": config.username, "account": config.account, "password": config.password}
        )

    def reviews_database(self):
        service = self._soap.service
        found = service.Account_database({"identifier": self.config.database})
        database = found.database if found is not None else None
        if database is None:
            database = service.Account_createDatabase({"name": self.config.database}).database
            service.Database_createField({"id": database.id, "name": "product"})
            service.Database_createField({"id": database.id, "name": "stars", "type": "integer"})
        return database

    def add_review(self, database, product: str, stars: int) -> None:
        self._soap.service.Database_createProfile({
            "id": database.id,
            "fields": {"pair": [{"key": "product", "value": product}, {"key": "stars", "value": str(stars)}]},
        })

    def five_star_count(self, database) -> int:
        found = self._soap.service.Database_searchProfiles({
            "id": database.id,
            "requirements": {"requirement": [{"fieldname": "stars", "value": "5"}]},
        })
        return found.total


REVIEWS = [("kettle", 5), ("toaster", 3), ("kettle", 4), ("blender", 5)]


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    copernica = CopernicaClient(Config.from_env())
    database = copernica.reviews_database()
    for product, stars in REVIEWS:
        copernica.add_review(database, product, stars)
    print("reviews:", len(REVIEWS))
    print("five stars:", copernica.five_star_count(database))


if __name__ == "__main__":
    main()
