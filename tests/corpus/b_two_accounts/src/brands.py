"""Two brands, two Copernica accounts: copy opt-ins from the main shop to the outlet.

Both accounts are reached with the same API user; only the account differs.
"""

import logging
import os

from zeep import Client

log = logging.getLogger("brands")

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
API_USER = os.environ["COPERNICA_USER"]
API_PASSWORD = os.environ["COPERNICA_PASSWORD"]

# Main shop account
shop = Client(WSDL)
shop.service.login({"username": API_USER, "account": os.environ["SHOP_ACCOUNT"], "password": API_PASSWORD})

# Outlet account (separate Copernica account since the 2019 split)
outlet = Client(WSDL)
outlet.service.login({"username": API_USER, "account": os.environ["OUTLET_ACCOUNT"], "password": API_PASSWORD})


def database(service, name):
    result = service.Account_database({"identifier": name})
    found = result.database if result is not None else None
    if found is None:
        found = service.Account_createDatabase({"name": name}).database
        service.Database_createField({"id": found.id, "name": "email", "type": "email"})
        service.Database_createField({"id": found.id, "name": "optin"})
    return found


def main():
    logging.basicConfig(level=logging.WARNING)
    shop_db = database(shop.service, "ShopCustomers")
    for email, optin in (("joost@example.com", "yes"), ("kim@example.com", "no"), ("lars@example.com", "yes")):
        shop.service.Database_createProfile(
            {"id": shop_db.id, "fields": {"pair": [{"key": "email", "value": email}, {"key": "optin", "value": optin}]}}
        )
    optins = shop.service.Database_searchProfiles(
        {
            "id": shop_db.id,
            "requirements": {"requirement": [{"fieldname": "optin", "value": "yes", "operator": "="}]},
            "allproperties": True,
        }
    )
    outlet_db = database(outlet.service, "OutletCustomers")
    copied = []
    for profile in optins.items.profile if optins.items is not None else []:
        fields = {pair.key: pair.value for pair in profile.fields.pair}
        outlet.service.Database_createProfile(
            {"id": outlet_db.id, "fields": {"pair": [{"key": "email", "value": fields["email"]},
                                                    {"key": "optin", "value": "yes"}]}}
        )
        copied.append(fields["email"])
    print("copied to outlet:", ", ".join(sorted(copied)))


if __name__ == "__main__":
    main()
