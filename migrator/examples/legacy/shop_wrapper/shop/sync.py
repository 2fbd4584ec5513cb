"""Push the webshop's customers to Copernica."""

import os

from shop.pom import PomSoapClient

URL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL").split("?")[0]

CUSTOMERS = [
    {"email": "dora@example.com", "segment": "gold"},
    {"email": "evert@example.com", "segment": "silver"},
]


def as_map(values):
    return {"pair": [{"key": k, "value": v} for k, v in values.items()]}


def entities(page, name):
    """The `name` items of a result page; an empty page comes back without items (None)."""
    return getattr(page.items, name) if page.items is not None else []


def main():
    soap = PomSoapClient(
        URL,
        os.environ["COPERNICA_USER"],
        os.environ.get("COPERNICA_ACCOUNT", ""),
        os.environ["COPERNICA_PASSWORD"],
    )
    found = soap.Account_database({"identifier": "Shop"})
    database = None if found is None else found.database
    if database is None:
        database = soap.Account_createDatabase({"name": "Shop"}).database
        soap.Database_createField({"id": database.id, "name": "email", "type": "email"})
        soap.Database_createField({"id": database.id, "name": "segment"})
    for customer in CUSTOMERS:
        soap.Database_updateProfiles(
            {
                "id": database.id,
                "requirements": {"requirement": [{"fieldname": "email", "value": customer["email"]}]},
                "fields": as_map(customer),
                "create": True,
            }
        )
    everyone = soap.Database_profiles({"id": database.id, "allproperties": True})
    rows = sorted(
        "/".join(p.value for p in profile.fields.pair) for profile in entities(everyone, "profile")
    )
    print("shop profiles:", "; ".join(rows))
    names = sorted(d.name for d in entities(soap.Account_databases({}), "database"))
    print("databases:", ", ".join(names))


if __name__ == "__main__":
    main()
