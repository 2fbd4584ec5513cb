"""Long-running newsletter sync: the Copernica session can expire half way, so it logs in again."""

import logging
import os

import zeep
import zeep.exceptions

log = logging.getLogger("newsletter_sync")

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
CREDENTIALS = {
    "username": os.environ["COPERNICA_USER"],
    "account": os.environ.get("COPERNICA_ACCOUNT", ""),
    "password": os.environ["COPERNICA_PASSWORD"],
}

client = zeep.Client(WSDL)
service = client.service

READERS = ["zoe@example.com", "abel@example.com", "bea@example.com", "cas@example.com"]


def add_reader(database_id, email):
    params = {"id": database_id, "fields": {"pair": [{"key": "email", "value": email}]}}
    try:
        return service.Database_createProfile(params)
    except zeep.exceptions.Fault as e:
        if "Not logged on" in str(e):
            log.warning("Copernica session expired; logging in again")
            service.login(CREDENTIALS)
            return service.Database_createProfile(params)
        raise


def main():
    logging.basicConfig(level=logging.WARNING)
    service.login(CREDENTIALS)
    database = service.Account_createDatabase({"name": "Readers"}).database
    service.Database_createField({"id": database.id, "name": "email", "type": "email"})
    for email in READERS:
        add_reader(database.id, email)
    listing = service.Database_profiles({"id": database.id, "allproperties": True})
    profiles = listing.items.profile if listing.items is not None else []
    emails = sorted(p.value for profile in profiles for p in profile.fields.pair)
    print("readers:", ", ".join(emails))


if __name__ == "__main__":
    main()
