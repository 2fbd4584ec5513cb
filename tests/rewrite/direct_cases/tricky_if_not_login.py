"""Sync module that checks the login answer inline."""
import os
import sys

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def sync(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    if not service.login(LOGIN):
        sys.exit("could not log in to Copernica")
    results = []
    results.append(service.Account_database({"id": 0}))
    results.append(service.Database_fields({"id": 1}))
    return results
