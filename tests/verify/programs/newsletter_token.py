"""The newsletter example, migrated by hand: no login, access_token in every call's parameters."""

import os

import zeep

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
TOKEN = os.environ["COPERNICA_ACCESS_TOKEN"]
if os.environ.get("TEST_SEEN_TOKEN_FILE"):  # test side channel: which token did we get?
    with open(os.environ["TEST_SEEN_TOKEN_FILE"], "w") as fh:
        fh.write(TOKEN)

client = zeep.Client(WSDL)
service = client.service


def as_map(values):
    return {"pair": [{"key": k, "value": v} for k, v in values.items()]}


# Not found is an empty result, which zeep reads as None.
existing = service.Account_database({"identifier": "Newsletter", "access_token": TOKEN})
database = existing.database if existing is not None else None
if database is None:
    database = service.Account_createDatabase(
        {"name": "Newsletter", "description": "Newsletter subscribers", "access_token": TOKEN}
    ).database
    service.Database_createField({"id": database.id, "name": "email", "type": "email", "access_token": TOKEN})
    service.Database_createField(parameters={"id": database.id, "name": "city", "access_token": TOKEN})

subscribers = [
    {"email": "ann@example.com", "city": "Amsterdam"},
    {"email": "bob@example.com", "city": "Utrecht"},
    {"email": "cor@example.com", "city": "Amsterdam"},
]
for subscriber in subscribers:
    service.Database_createProfile({"id": database.id, "fields": as_map(subscriber), "access_token": TOKEN})

found = service.Database_searchProfiles(
    {
        "id": database.id,
        "requirements": {"requirement": [{"fieldname": "city", "value": "Amsterdam", "operator": "="}]},
        "allproperties": True,
        "access_token": TOKEN,
    }
)
# An empty page has no <items> at all (zeep: None).
amsterdam = found.items.profile if found.items is not None else []
emails = sorted(
    pair.value
    for profile in amsterdam
    for pair in profile.fields.pair
    if pair.key == "email"
)
print("amsterdam:", ", ".join(emails))

moved = amsterdam[0]
service.Profile_updateFields({"id": moved.id, "fields": as_map({"city": "Rotterdam"}), "access_token": TOKEN})
print("total:", service.Database_profiles({"id": database.id, "access_token": TOKEN}).total)
