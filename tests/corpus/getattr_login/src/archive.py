"""Yearly archive of closed projects into Copernica.

The login goes through getattr because an old linter plugin of ours flagged `.login(` calls
as "interactive login in batch code"; nobody dared to change it back.
"""

import logging
import os

import zeep

log = logging.getLogger("archive")

client = zeep.Client(os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL"))
service = client.service

CLOSED = {"P-17": "2019", "P-23": "2021", "P-31": "2021"}


def open_archive_session():
    """Only the yearly archive run needs this; the daily jobs use another system."""
    credentials = {
        "username": os.environ["COPERNICA_USER"],
        "account": os.environ.get("COPERNICA_ACCOUNT", ""),
        "password": os.environ["COPERNICA_PASSWORD"],
    }
    getattr(service, "login")(credentials)
    log.info("archive session open")


def archive(projects):
    database = service.Account_createDatabase({"name": "Archive"}).database
    service.Database_createField({"id": database.id, "name": "project"})
    service.Database_createField({"id": database.id, "name": "year"})
    for project, year in sorted(projects.items()):
        service.Database_createProfile({
            "id": database.id,
            "fields": {"pair": [{"key": "project", "value": project}, {"key": "year", "value": year}]},
        })
    return database


def main():
    logging.basicConfig(level=logging.WARNING)
    open_archive_session()
    database = archive(CLOSED)
    fields = service.Database_fields({"id": database.id})
    names = [f.name for f in fields.items.field] if fields.items is not None else []
    print("fields:", ", ".join(sorted(names)))
    print("archived:", service.Database_profiles({"id": database.id}).total)


if __name__ == "__main__":
    main()
