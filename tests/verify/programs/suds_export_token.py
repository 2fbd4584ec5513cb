"""The suds export example, migrated by hand: no login, access_token in every call."""

import os

from suds.client import Client

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
TOKEN = os.environ["COPERNICA_ACCESS_TOKEN"]
if os.environ.get("TEST_SEEN_TOKEN_FILE"):
    with open(os.environ["TEST_SEEN_TOKEN_FILE"], "w") as fh:
        fh.write(TOKEN)

client = Client(WSDL)

created = client.service.Account_createDatabase({"name": "Export", "access_token": TOKEN})
database = created.database
for email in ("fay@example.com", "gus@example.com"):
    client.service.Database_createProfile(
        {"id": database.id, "fields": {"pair": [{"key": "email", "value": email}]}, "access_token": TOKEN}
    )

listing = client.service.Account_databases({"allproperties": True, "access_token": TOKEN})
# suds reads an empty <items/> as an empty string, so test it before reading a list from it.
for db in sorted(listing.items.database if listing.items else [], key=lambda d: d.name):
    profiles = client.service.Database_profiles({"id": db.id, "access_token": TOKEN})
    print(f"{db.name}: {profiles.total} profiles")
