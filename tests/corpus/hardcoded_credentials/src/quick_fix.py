"""One-off fix for ticket OPS-412: re-create the Partners database with the right fields.

(Written in a hurry; the API user below is a throw-away for the test account.)
"""

import zeep

API_USER = "corpus-api@example.invalid"
API_PASSWORD = "corpus-hardcoded-pw-not-secret"
API_ACCOUNT = "corpus"

PARTNERS = ["Acme Tools", "Brightside", "Copperfield"]

client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
client.service.login({"username": API_USER, "account": API_ACCOUNT, "password": API_PASSWORD})

db = client.service.Account_createDatabase({"name": "Partners"}).database
for field in ("company", "country"):
    client.service.Database_createField({"id": db.id, "name": field})
for company in PARTNERS:
    client.service.Database_createProfile(
        {"id": db.id, "fields": {"pair": [{"key": "company", "value": company}, {"key": "country", "value": "NL"}]}}
    )
listing = client.service.Account_databases({})
names = sorted(d.name for d in (listing.items.database if listing.items is not None else []))
print("databases:", ", ".join(names))
print("partners:", client.service.Database_profiles({"id": db.id}).total)
