"""Sync module using backslash continuations."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def sync(client=None):
    client = client or zeep.Client(WSDL)
    client.service \
        .login(LOGIN)
    results = []
    results.append(client.service
                   .Account_database({"id": 0}))
    results.append(client.service.Database_fields({"id": 1}))
    return results
