"""Support tickets as sub-profiles of a contact. Legacy: still logs in (to be migrated)."""

import os

from zeep import Client

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")

client = Client(WSDL)
client.service.login(
    parameters={
        "username": os.environ["COPERNICA_USER"],
        "password": os.environ["COPERNICA_PASSWORD"],
        "account": os.environ.get("COPERNICA_ACCOUNT", ""),
    }
)


def ensure_collection(database):
    result = client.service.Database_collection({"id": database.id, "identifier": "Tickets"})
    found = result and result.collection
    if found is None:
        found = client.service.Database_createCollection({"id": database.id, "name": "Tickets"}).collection
        client.service.Collection_createField({"id": found.id, "name": "subject"})
    return found


def open_ticket(profile, subject):
    client.service.Profile_createSubProfile(
        {"id": profile.id, "collection": {"name": "Tickets"}, "fields": {"pair": [{"key": "subject", "value": subject}]}}
    )


def subjects(profile):
    found = client.service.Profile_searchSubProfiles(
        {
            "id": profile.id,
            "collection": {"name": "Tickets"},
            "requirements": {"requirement": []},
            "allproperties": True,
        }
    )
    tickets = found.items.subprofile if found.items is not None else []
    return sorted(pair.value for sub in tickets for pair in sub.fields.pair)
