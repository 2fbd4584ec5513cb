"""Sync module that calls operations by name (dispatch table style)."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
OPERATIONS = ["Account_databases", "Database_collections"]


def sync(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    getattr(service, "login")(LOGIN)
    results = {}
    for name in OPERATIONS:
        results[name] = getattr(service, name)({"id": 1})
    return results
