"""Weekly segment report. Every function that talks to Copernica is marked @requires_session."""

import functools
import logging
import os

import zeep

log = logging.getLogger("reports")

client = zeep.Client(os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL"))
_session = {"active": False}


def requires_session(func):
    """Log in on first use, so importing this module never touches the network."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not _session["active"]:
            log.info("opening a Copernica session for %s", func.__name__)
            client.service.login({
                "username": os.environ["COPERNICA_USER"],
                "account": os.environ.get("COPERNICA_ACCOUNT", ""),
                "password": os.environ["COPERNICA_PASSWORD"],
            })
            _session["active"] = True
        return func(*args, **kwargs)

    return wrapper


@requires_session
def segment_database():
    database = client.service.Account_createDatabase({"name": "Segments"}).database
    client.service.Database_createField({"id": database.id, "name": "segment"})
    return database


@requires_session
def add_customers(database, segments):
    for segment in segments:
        client.service.Database_createProfile(
            {"id": database.id, "fields": {"pair": [{"key": "segment", "value": segment}]}}
        )


@requires_session
def count(database, segment):
    found = client.service.Database_searchProfiles({
        "id": database.id,
        "requirements": {"requirement": [{"fieldname": "segment", "value": segment, "operator": "="}]},
    })
    return found.total


def main():
    database = segment_database()
    add_customers(database, ["retail", "b2b", "retail", "retail", "b2b"])
    for segment in ("b2b", "retail"):
        print(f"{segment}: {count(database, segment)}")


if __name__ == "__main__":
    main()
