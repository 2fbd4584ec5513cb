"""Volunteer rota: registers volunteers, then runs the weekly clean-up like the cron script does."""

import logging
import os

import zeep

from auth import connect

log = logging.getLogger("rota")

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
VOLUNTEERS = [("kees@example.com", "saturday"), ("lot@example.com", "sunday"), ("maud@example.com", "saturday")]


def register_volunteers():
    client = zeep.Client(WSDL)
    connect(client.service)
    database = client.service.Account_createDatabase({"name": "Volunteers"}).database
    client.service.Database_createField({"id": database.id, "name": "email", "type": "email"})
    client.service.Database_createField({"id": database.id, "name": "day"})
    for email, day in VOLUNTEERS:
        client.service.Database_createProfile({
            "id": database.id,
            "fields": {"pair": [{"key": "email", "value": email}, {"key": "day", "value": day}]},
        })
    return database.id


def weekly_cleanup(database_id):
    """Formerly scripts/cleanup.py: drops the Sunday shift (it was cancelled)."""
    service = zeep.Client(WSDL).service
    connect(service)
    sunday = service.Database_searchProfiles({
        "id": database_id,
        "requirements": {"requirement": [{"fieldname": "day", "value": "sunday"}]},
    })
    cancelled = sunday.items.profile if sunday.items is not None else []
    for profile in cancelled:
        service.Profile_remove({"id": profile.id})
    left = service.Database_profiles({"id": database_id})
    print("removed:", len(cancelled), "left:", left.total)


def main():
    logging.basicConfig(level=logging.WARNING)
    database_id = register_volunteers()
    weekly_cleanup(database_id)


if __name__ == "__main__":
    main()
