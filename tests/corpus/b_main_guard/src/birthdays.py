#!/usr/bin/env python3
"""Mark this month's birthdays in Copernica so the birthday mailing picks them up.

Importable without side effects (no network on import); the login happens only
when run as a script.
"""

import argparse
import os

import zeep

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")

PEOPLE = [
    ("bram@example.com", "03-14"),
    ("carla@example.com", "07-02"),
    ("dirk@example.com", "03-29"),
]


def ensure_database(service, name):
    found = service.Account_database({"identifier": name})
    database = found.database if found is not None else None
    if database is None:
        database = service.Account_createDatabase({"name": name}).database
        service.Database_createField({"id": database.id, "name": "email", "type": "email"})
        service.Database_createField({"id": database.id, "name": "birthday"})
        service.Database_createField({"id": database.id, "name": "mailing"})
    return database


def flag_month(service, database, month):
    flagged = []
    for email, birthday in PEOPLE:
        profile = service.Database_createProfile(
            {"id": database.id, "fields": {"pair": [{"key": "email", "value": email},
                                                   {"key": "birthday", "value": birthday}]}}
        ).profile
        if birthday.startswith(month + "-"):
            service.Profile_updateFields({"id": profile.id, "fields": {"pair": [{"key": "mailing", "value": "yes"}]}})
            flagged.append(email)
    return sorted(flagged)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--month", default="03")
    args = parser.parse_args()

    client = zeep.Client(WSDL)
    client.service.login(
        {
            "username": os.environ["COPERNICA_USER"],
            "account": os.environ.get("COPERNICA_ACCOUNT", ""),
            "password": os.environ["COPERNICA_PASSWORD"],
        }
    )
    db = ensure_database(client.service, "Birthdays")
    for email in flag_month(client.service, db, args.month):
        print("birthday mailing:", email)
