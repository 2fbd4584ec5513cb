"""Export the Copernica databases and their profile counts (suds client)."""

import os

from suds.client import Client

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")

client = Client(WSDL)
client.service.login(
    {
        "username": os.environ["COPERNICA_USER"],
        "account": os.environ.get("COPERNICA_ACCOUNT", ""),
        "password": os.environ["COPERNICA_PASSWORD"],
    }
)

created = client.service.Account_createDatabase({"name": "Export"})
database = created.database
for email in ("fay@example.com", "gus@example.com"):
    client.service.Database_createProfile(
        {"id": database.id, "fields": {"pair": [{"key": "email", "value": email}]}}
    )

listing = client.service.Account_databases({"allproperties": True})
# suds reads an empty <items/> as an empty string, so test it before reading a list from it.
for db in sorted(listing.items.database if listing.items else [], key=lambda d: d.name):
    profiles = client.service.Database_profiles({"id": db.id})
    print(f"{db.name}: {profiles.total} profiles")
