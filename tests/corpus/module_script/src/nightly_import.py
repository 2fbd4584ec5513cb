"""Nightly import of webinar attendees into Copernica.

Cron runs this as `python nightly_import.py`; the API user's credentials come from the
environment that the deploy scripts set up.
"""

import logging
import os

import zeep

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("nightly_import")

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")

ATTENDEES = [
    ("hanna@example.com", "Delft", "intro"),
    ("ivo@example.com", "Leiden", "advanced"),
    ("jet@example.com", "Delft", "advanced"),
]

client = zeep.Client(WSDL)
client.service.login({
    "username": os.environ["COPERNICA_USER"],
    "account": os.environ.get("COPERNICA_ACCOUNT", ""),
    "password": os.environ["COPERNICA_PASSWORD"],
})
log.info("logged in to Copernica as the API user")


def pairs(**values):
    return {"pair": [{"key": key, "value": value} for key, value in values.items()]}


existing = client.service.Account_database({"identifier": "Webinar"})
database = existing.database if existing is not None else None
if database is None:
    log.info("first run: creating the Webinar database")
    database = client.service.Account_createDatabase({"name": "Webinar"}).database
    client.service.Database_createField({"id": database.id, "name": "email", "type": "email"})
    client.service.Database_createField({"id": database.id, "name": "city"})
    sessions = client.service.Database_createCollection({"id": database.id, "name": "Sessions"}).collection
    client.service.Collection_createField({"id": sessions.id, "name": "track"})

for email, city, track in ATTENDEES:
    profile = client.service.Database_createProfile(
        {"id": database.id, "fields": pairs(email=email, city=city)}
    ).profile
    client.service.Profile_createSubProfile(
        {"id": profile.id, "collection": {"name": "Sessions"}, "fields": pairs(track=track)}
    )

delft = client.service.Database_searchProfiles({
    "id": database.id,
    "requirements": {"requirement": [{"fieldname": "city", "value": "Delft", "operator": "="}]},
    "allproperties": True,
})
in_delft = delft.items.profile if delft.items is not None else []
emails = sorted(p.value for prof in in_delft for p in prof.fields.pair if p.key == "email")
print("delft:", ", ".join(emails))
print("attendees:", client.service.Database_profiles({"id": database.id}).total)
