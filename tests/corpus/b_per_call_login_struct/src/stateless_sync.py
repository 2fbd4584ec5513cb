"""Stateless Copernica calls: each request carries its own login struct.

We run on short-lived workers that cannot keep a session cookie, so instead of
calling login we send the credentials in every call (the API's optional `login`
parameter).
"""

import os
import sys

import zeep

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
USERNAME = os.environ["COPERNICA_USER"]
ACCOUNT = os.environ.get("COPERNICA_ACCOUNT", "")
PASSWORD = os.environ["COPERNICA_PASSWORD"]

VOLUNTEERS = [("tom@example.com", "north"), ("uma@example.com", "south"), ("vic@example.com", "north")]


def main():
    service = zeep.Client(WSDL).service
    found = service.Account_database(
        {"identifier": "Volunteers", "login": {"username": USERNAME, "account": ACCOUNT, "password": PASSWORD}}
    )
    database = found.database if found is not None else None
    if database is None:
        database = service.Account_createDatabase(
            {"name": "Volunteers", "login": {"username": USERNAME, "account": ACCOUNT, "password": PASSWORD}}
        ).database
        for field in ("email", "region"):
            service.Database_createField(
                {
                    "id": database.id,
                    "name": field,
                    "login": {"username": USERNAME, "account": ACCOUNT, "password": PASSWORD},
                }
            )
    for email, region in VOLUNTEERS:
        service.Database_createProfile(
            {
                "id": database.id,
                "fields": {"pair": [{"key": "email", "value": email}, {"key": "region", "value": region}]},
                "login": {"username": USERNAME, "account": ACCOUNT, "password": PASSWORD},
            }
        )
    north = service.Database_searchProfiles(
        {
            "id": database.id,
            "requirements": {"requirement": [{"fieldname": "region", "value": "north", "operator": "="}]},
            "login": {"username": USERNAME, "account": ACCOUNT, "password": PASSWORD},
        }
    )
    print("north volunteers:", north.total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
