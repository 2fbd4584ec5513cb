"""CRM bridge: stores customers and their orders in Copernica."""

import logging
import os

from zeep import Client
from zeep.exceptions import Fault

log = logging.getLogger("crm")

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")


def as_map(values):
    return {"pair": [{"key": k, "value": str(v)} for k, v in values.items()]}


class CopernicaService:
    """Talks to Copernica for the CRM; one instance per run."""

    def __init__(self, wsdl, username, password, account=""):
        self.client = Client(wsdl)
        self.service = self.client.service
        self.username = username
        self.password = password
        self.account = account

    def connect(self):
        credentials = {"username": self.username, "password": self.password, "account": self.account}
        try:
            answer = self.client.service.login(parameters=credentials)
        except Fault as exc:
            log.error("Copernica login failed: %s", exc.message)
            raise
        log.info("logged in: %s", answer.value)

    def database(self, name):
        answer = self.service.Account_database({"identifier": name})
        found = answer.database if answer is not None else None  # not found: an empty result
        if found is None:
            found = self.service.Account_createDatabase({"name": name}).database
            self.service.Database_createField({"id": found.id, "name": "customer"})
            orders = self.service.Database_createCollection({"id": found.id, "name": "Orders"}).collection
            self.service.Collection_createField({"id": orders.id, "name": "total", "type": "integer"})
        return found

    def add_customer(self, database, customer, orders):
        profile = self.service.Database_createProfile(
            {"id": database.id, "fields": as_map({"customer": customer})}
        ).profile
        for total in orders:
            self.service.Profile_createSubProfile(
                {"id": profile.id, "collection": {"name": "Orders"}, "fields": as_map({"total": total})}
            )
        return profile

    def orders_of(self, profile, total):
        found = self.service.Profile_searchSubProfiles(
            {
                "id": profile.id,
                "collection": {"name": "Orders"},
                "requirements": {"requirement": [{"fieldname": "total", "value": str(total), "operator": "="}]},
                "allproperties": True,
            }
        )
        subprofiles = found.items.subprofile if found.items is not None else []
        return sorted(int(p.value) for s in subprofiles for p in s.fields.pair)


def main():
    logging.basicConfig(level=logging.INFO)
    crm = CopernicaService(WSDL, os.environ["COPERNICA_USER"], os.environ["COPERNICA_PASSWORD"],
                           os.environ.get("COPERNICA_ACCOUNT", ""))
    crm.connect()
    database = crm.database("CRM")
    acme = crm.add_customer(database, "ACME", [120, 40, 300])
    crm.add_customer(database, "Globex", [15])
    print("acme orders of 120:", crm.orders_of(acme, 120))
    fields = crm.service.Profile_fields({"id": acme.id})
    pairs = fields.map.pair if fields.map is not None else []  # an empty map reads as None
    print("acme fields:", sorted((p.key, p.value) for p in pairs))


if __name__ == "__main__":
    main()
