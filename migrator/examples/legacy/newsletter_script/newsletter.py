"""Nightly newsletter sync: keeps the Newsletter database's subscribers up to date."""

import os

import zeep

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")

client = zeep.Client(WSDL)
service = client.service

# Log in once; the session cookie is kept by zeep's requests session.
result = service.login(
    {
        "username": os.environ["COPERNICA_USER"],
        "account": os.environ.get("COPERNICA_ACCOUNT", ""),
        "password": os.environ["COPERNICA_PASSWORD"],
    }
)
print("login:", result.value)


def as_map(values):
    return {"pair": [{"key": k, "value": v} for k, v in values.items()]}


# Not found is an empty result, which zeep reads as None.
existing = service.Account_database({"identifier": "Newsletter"})
database = existing.database if existing is not None else None
if database is None:
    database = service.Account_createDatabase(
        {"name": "Newsletter", "description": "Newsletter subscribers"}
    ).database
    service.Database_createField({"id": database.id, "name": "email", "type": "email"})
    service.Database_createField(parameters={"id": database.id, "name": "city"})

subscribers = [
    {"email": "ann@example.com", "city": "Amsterdam"},
    {"email": "bob@example.com", "city": "Utrecht"},
    {"email": "cor@example.com", "city": "Amsterdam"},
]
for subscriber in subscribers:
    service.Database_createProfile({"id": database.id, "fields": as_map(subscriber)})

found = service.Database_searchProfiles(
    {
        "id": database.id,
        "requirements": {"requirement": [{"fieldname": "city", "value": "Amsterdam", "operator": "="}]},
        "allproperties": True,
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
service.Profile_updateFields({"id": moved.id, "fields": as_map({"city": "Rotterdam"})})
print("total:", service.Database_profiles({"id": database.id}).total)
