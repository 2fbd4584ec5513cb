"""Mark hard-bounced addresses as unsubscribed in the Copernica Newsletter database."""

import os
import sys

import zeep

BOUNCES = ["gijs@example.com", "hugo@example.com"]
SUBSCRIBERS = ["gijs@example.com", "hugo@example.com", "iris@example.com", "joost@example.com"]


def main():
    client = zeep.Client(os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL"))
    service = client.service

    result = service.login({
        "username": os.environ["COPERNICA_USER"],
        "account": os.environ.get("COPERNICA_ACCOUNT", ""),
        "password": os.environ["COPERNICA_PASSWORD"],
    })
    if result.value != "DONE":
        raise SystemExit(f"Copernica login failed: {result.value}")

    database = service.Account_createDatabase({"name": "Newsletter"}).database
    service.Database_createField({"id": database.id, "name": "email", "type": "email"})
    service.Database_createField({"id": database.id, "name": "status"})
    for email in SUBSCRIBERS:
        service.Database_createProfile({
            "id": database.id,
            "fields": {"pair": [{"key": "email", "value": email}, {"key": "status", "value": "active"}]},
        })

    for email in BOUNCES:
        service.Database_updateProfiles({
            "id": database.id,
            "requirements": {"requirement": [{"fieldname": "email", "value": email}]},
            "fields": {"pair": [{"key": "status", "value": "unsubscribed"}]},
        })
    active = service.Database_searchProfiles({
        "id": database.id,
        "requirements": {"requirement": [{"fieldname": "status", "value": "active"}]},
    })
    print("still active:", active.total, "of", len(SUBSCRIBERS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
