"""Nightly points expiry. Long run: the Copernica session can time out half-way,
so every call is wrapped in @relogin_on_timeout."""

import functools
import logging
import os

import zeep
from zeep.exceptions import Fault

log = logging.getLogger("nightly")

client = zeep.Client(os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL"))
service = client.service


def relogin():
    service.login(
        {
            "username": os.environ["COPERNICA_USER"],
            "account": os.environ.get("COPERNICA_ACCOUNT", ""),
            "password": os.environ["COPERNICA_PASSWORD"],
        }
    )
    log.info("Copernica session (re)opened")


def relogin_on_timeout(func):
    """Retry once after logging in again when Copernica says the session is gone."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Fault as fault:
            if "Not logged on" not in (fault.message or ""):
                raise
            log.warning("session expired during %s, logging in again", func.__name__)
            relogin()
            return func(*args, **kwargs)

    return wrapper


@relogin_on_timeout
def members_database():
    result = service.Account_database({"identifier": "Members"})
    found = result.database if result is not None else None
    if found is None:
        found = service.Account_createDatabase({"name": "Members"}).database
        service.Database_createField({"id": found.id, "name": "email", "type": "email"})
        service.Database_createField({"id": found.id, "name": "points", "type": "integer"})
    return found


@relogin_on_timeout
def add_member(database, email, points):
    service.Database_createProfile(
        {"id": database.id, "fields": {"pair": [{"key": "email", "value": email}, {"key": "points", "value": str(points)}]}}
    )


@relogin_on_timeout
def expire_points(database):
    return service.Database_updateProfiles(
        {
            "id": database.id,
            "requirements": {"requirement": [{"fieldname": "points", "value": "0", "operator": "="}]},
            "fields": {"pair": [{"key": "points", "value": "expired"}]},
        }
    )


def main():
    logging.basicConfig(level=logging.WARNING)
    relogin()
    database = members_database()
    for email, points in (("maud@example.com", 0), ("niels@example.com", 250), ("otto@example.com", 0)):
        add_member(database, email, points)
    expire_points(database)
    print("members:", service.Database_profiles({"id": database.id}).total)


if __name__ == "__main__":
    main()
