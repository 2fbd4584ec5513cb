"""Loyalty programme: keeps members and their point bookings in Copernica."""

import logging
import os

from zeep import Client

log = logging.getLogger("loyalty")

COPERNICA_WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")


class LoyaltyService:
    """One logged-in connection to Copernica per process."""

    def __init__(self, username, password, account, wsdl=COPERNICA_WSDL):
        self.client = Client(wsdl)
        self.client.service.login(parameters={"username": username, "password": password, "account": account})
        log.debug("Copernica session opened")
        self.database_id = None

    def prepare(self):
        found = self.client.service.Account_database({"identifier": "Loyalty"})
        db = found.database if found is not None else None
        if db is None:
            db = self.client.service.Account_createDatabase({"name": "Loyalty"}).database
            self.client.service.Database_createField({"id": db.id, "name": "member"})
            self.client.service.Database_createField({"id": db.id, "name": "tier"})
        self.database_id = db.id

    def enrol(self, member, tier):
        fields = {"pair": [{"key": "member", "value": member}, {"key": "tier", "value": tier}]}
        return self.client.service.Database_createProfile({"id": self.database_id, "fields": fields}).profile

    def promote(self, profile, tier):
        fields = {"pair": [{"key": "tier", "value": tier}]}
        self.client.service.Profile_updateFields({"id": profile.id, "fields": fields})

    def members_in(self, tier):
        found = self.client.service.Database_searchProfiles({
            "id": self.database_id,
            "requirements": {"requirement": [{"fieldname": "tier", "value": tier, "operator": "="}]},
            "allproperties": True,
        })
        profiles = found.items.profile if found.items is not None else []
        return sorted(p.value for prof in profiles for p in prof.fields.pair if p.key == "member")


def main():
    logging.basicConfig(level=logging.INFO)
    loyalty = LoyaltyService(
        os.environ["COPERNICA_USER"],
        os.environ["COPERNICA_PASSWORD"],
        os.environ.get("COPERNICA_ACCOUNT", ""),
    )
    loyalty.prepare()
    kim = loyalty.enrol("kim", "bronze")
    loyalty.enrol("lex", "silver")
    loyalty.enrol("mo", "bronze")
    loyalty.promote(kim, "gold")
    for tier in ("bronze", "silver", "gold"):
        print(f"{tier}: {', '.join(loyalty.members_in(tier)) or '-'}")


if __name__ == "__main__":
    main()
