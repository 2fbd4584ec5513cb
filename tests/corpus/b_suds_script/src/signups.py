"""Copy this week's event sign-ups into Copernica (suds, run from cron)."""

import configparser
import logging
import os

from suds.client import Client

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
log = logging.getLogger("signups")

config = configparser.ConfigParser()
config.read(os.path.join(os.path.dirname(os.path.abspath(__file__)), "settings.ini"))
copernica = config["copernica"]
DATABASE = config.get("events", "database", fallback="Events")

SIGNUPS = [
    ("hanna@example.com", "keynote"),
    ("ivo@example.com", "workshop"),
    ("jet@example.com", "keynote"),
    ("kees@example.com", "workshop"),
]

soap = Client(copernica["wsdl"])
soap.service.login(
    {
        "username": copernica["username"],
        "account": copernica.get("account", ""),
        "password": copernica["password"],
    }
)
log.info("logged in to Copernica as %s", copernica["username"])


def pairs(values):
    return {"pair": [{"key": key, "value": value} for key, value in values.items()]}


found = soap.service.Account_database({"identifier": DATABASE})
database = getattr(found, "database", None)
if database is None:
    log.warning("database %s is missing, creating it", DATABASE)
    database = soap.service.Account_createDatabase({"name": DATABASE}).database
    soap.service.Database_createField({"id": database.id, "name": "email", "type": "email"})
    soap.service.Database_createField({"id": database.id, "name": "session"})

for email, session in SIGNUPS:
    soap.service.Database_createProfile({"id": database.id, "fields": pairs({"email": email, "session": session})})

keynote = soap.service.Database_searchProfiles(
    {
        "id": database.id,
        "requirements": {"requirement": [{"fieldname": "session", "value": "keynote", "operator": "="}]},
        "allproperties": True,
    }
)
emails = sorted(
    pair.value
    for profile in (keynote.items.profile if keynote.items else [])
    for pair in profile.fields.pair
    if pair.key == "email"
)
print("keynote:", ", ".join(emails))
print("sign-ups stored:", soap.service.Database_profiles({"id": database.id}).total)
