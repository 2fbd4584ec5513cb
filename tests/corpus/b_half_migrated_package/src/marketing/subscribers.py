"""Newsletter subscribers.

Moved to a Copernica access token in March (ticket OPS-412): no login here any more,
every call carries the token from the environment.
"""

import os

import zeep

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
ACCESS_TOKEN = os.environ["COPERNICA_ACCESS_TOKEN"]

_client = zeep.Client(WSDL)


def newsletter_database():
    found = _client.service.Account_database({"identifier": "Newsletter", "access_token": ACCESS_TOKEN})
    if found is not None:  # not found: an empty result, None in zeep
        return found.database
    database = _client.service.Account_createDatabase({"name": "Newsletter", "access_token": ACCESS_TOKEN}).database
    _client.service.Database_createField(
        {"id": database.id, "name": "email", "type": "email", "access_token": ACCESS_TOKEN}
    )
    return database


def subscribe(database, email):
    _client.service.Database_createProfile(
        {
            "id": database.id,
            "fields": {"pair": [{"key": "email", "value": email}]},
            "access_token": ACCESS_TOKEN,
        }
    )


def count(database):
    return _client.service.Database_profiles({"id": database.id, "access_token": ACCESS_TOKEN}).total
