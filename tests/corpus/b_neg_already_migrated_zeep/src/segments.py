"""Rebuild the customer segments in Copernica (access token since 2023)."""

import logging
import os

import zeep

log = logging.getLogger("segments")

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")

CUSTOMERS = [("pim@example.com", 1200), ("roos@example.com", 80), ("sven@example.com", 640)]


class Segments:
    def __init__(self, token=None, wsdl=WSDL):
        self._token = token or os.environ["COPERNICA_ACCESS_TOKEN"]
        self._service = zeep.Client(wsdl).service

    def _params(self, **values):
        values["access_token"] = self._token
        return values

    def database(self):
        result = self._service.Account_database(self._params(identifier="Segments"))
        found = result.database if result is not None else None
        if found is None:
            found = self._service.Account_createDatabase(self._params(name="Segments")).database
            self._service.Database_createField(self._params(id=found.id, name="email", type="email"))
            self._service.Database_createField(self._params(id=found.id, name="segment"))
        return found

    def store(self, database, email, revenue):
        segment = "gold" if revenue >= 1000 else "silver" if revenue >= 500 else "bronze"
        self._service.Database_createProfile(
            self._params(id=database.id, fields={"pair": [{"key": "email", "value": email},
                                                          {"key": "segment", "value": segment}]})
        )
        return segment


def main():
    logging.basicConfig(level=logging.WARNING)
    segments = Segments()
    database = segments.database()
    for email, revenue in CUSTOMERS:
        print(email, "->", segments.store(database, email, revenue))
    gold = segments._service.Database_searchProfiles(
        {
            "id": database.id,
            "requirements": {"requirement": [{"fieldname": "segment", "value": "gold", "operator": "="}]},
            "access_token": os.environ["COPERNICA_ACCESS_TOKEN"],
        }
    )
    print("gold customers:", gold.total)


if __name__ == "__main__":
    main()
