"""Gift card ledger: keeps the balance of every gift card holder in Copernica (suds client)."""

import logging
import os

from suds.client import Client

log = logging.getLogger("giftcards")

DEFAULT_WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"

HOLDERS = {
    "lena@example.com": 120,
    "mo@example.com": 45,
    "nora@example.com": 310,
}


class GiftCardLedger:
    """One Copernica session per run; the database is created on first use."""

    def __init__(self, username, password, account="", wsdl=DEFAULT_WSDL):
        self.client = Client(wsdl)
        self.client.service.login({"username": username, "account": account, "password": password})
        log.info("Copernica session opened")
        self._database = None

    def database(self):
        if self._database is None:
            answer = self.client.service.Account_database({"identifier": "GiftCards"})
            self._database = getattr(answer, "database", None)
        if self._database is None:
            self._database = self.client.service.Account_createDatabase({"name": "GiftCards"}).database
            self.client.service.Database_createField({"id": self._database.id, "name": "email", "type": "email"})
            self.client.service.Database_createField({"id": self._database.id, "name": "balance"})
        return self._database

    def set_balance(self, email, balance):
        self.client.service.Database_updateProfiles(
            {
                "id": self.database().id,
                "requirements": {"requirement": [{"fieldname": "email", "value": email, "operator": "="}]},
                "fields": {"pair": [{"key": "email", "value": email}, {"key": "balance", "value": str(balance)}]},
                "create": True,
            }
        )

    def balances(self):
        listing = self.client.service.Database_profiles({"id": self.database().id, "allproperties": True})
        rows = []
        for profile in getattr(listing.items, "profile", []):  # an empty page: items is ""
            fields = {pair.key: pair.value for pair in profile.fields.pair}
            rows.append((fields["email"], int(fields["balance"])))
        return sorted(rows)


def main():
    logging.basicConfig(level=logging.INFO)
    store = GiftCardLedger(
        os.environ["COPERNICA_USER"],
        os.environ["COPERNICA_PASSWORD"],
        os.environ.get("COPERNICA_ACCOUNT", ""),
        wsdl=os.environ.get("COPERNICA_WSDL", DEFAULT_WSDL),
    )
    for email, balance in sorted(HOLDERS.items()):
        store.set_balance(email, balance)
    for email, balance in store.balances():
        print(f"{email}: EUR {balance}")


if __name__ == "__main__":
    main()
