"""Hourly product-interest sync. Logging in is slow, so the session cookies are kept between runs."""

import logging
import os
import pickle
import tempfile

import requests
import zeep
from zeep.transports import Transport

log = logging.getLogger("hourly_sync")

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
COOKIE_JAR = os.path.join(tempfile.gettempdir(), "copernica-hourly-sync.cookies")

INTERESTS = [("dirk@example.com", "bikes"), ("eva@example.com", "tents"), ("fenna@example.com", "bikes")]


def open_client():
    session = requests.Session()
    client = zeep.Client(WSDL, transport=Transport(session=session))
    if os.path.exists(COOKIE_JAR):
        with open(COOKIE_JAR, "rb") as jar:
            session.cookies.update(pickle.load(jar))
        log.info("reusing the saved Copernica session")
    else:
        client.service.login({
            "username": os.environ["COPERNICA_USER"],
            "account": os.environ.get("COPERNICA_ACCOUNT", ""),
            "password": os.environ["COPERNICA_PASSWORD"],
        })
        with open(COOKIE_JAR, "wb") as jar:
            pickle.dump(session.cookies, jar)
        log.info("logged in; session saved to %s", COOKIE_JAR)
    return client


def main():
    logging.basicConfig(level=logging.WARNING)
    client = open_client()
    found = client.service.Account_database({"identifier": "Interests"})
    db = found.database if found is not None else None
    if db is None:
        db = client.service.Account_createDatabase({"name": "Interests"}).database
        client.service.Database_createField({"id": db.id, "name": "email", "type": "email"})
        client.service.Database_createField({"id": db.id, "name": "interest"})
    for email, interest in INTERESTS:
        client.service.Database_updateProfiles({
            "id": db.id,
            "requirements": {"requirement": [{"fieldname": "email", "value": email}]},
            "fields": {"pair": [{"key": "email", "value": email}, {"key": "interest", "value": interest}]},
            "create": True,
        })
    bikes = client.service.Database_searchProfiles({
        "id": db.id,
        "requirements": {"requirement": [{"fieldname": "interest", "value": "bikes"}]},
    })
    print("interested in bikes:", bikes.total)


if __name__ == "__main__":
    main()
