"""Hardened sync: reads, uses and forgets the credentials, logs everything."""
import logging
import os

import zeep

log = logging.getLogger("hardened")
WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


def redact(value):
    return value[:2] + "***" if value else "<unset>"


def connect():
    user = os.environ.pop("CP_USER", "")
    password = os.environ.pop("CP_PW", "")
    log.info("connecting as %s", redact(user))
    service = zeep.Client(WSDL).service
    service.login({"username": user, "account": "Shop", "password": password})
    del user, password
    return service


def sync():
    service = connect()
    database = service.Account_database({"identifier": "Shop"})
    fields = service.Database_fields({"id": database.database.id})
    log.info("fields: %s", [f.name for f in fields.items.field] if fields.items else [])
    return fields


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    sync()
