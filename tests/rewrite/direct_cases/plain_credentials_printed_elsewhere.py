"""Sync module that also logs which account it uses."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def describe():
    print(f"syncing account {LOGIN['account']} as {LOGIN['username']}")


def sync(client=None):
    describe()
    client = client or zeep.Client(WSDL)
    service = client.service
    service.login(LOGIN)
    results = []
    results.append(service.Account_database({"id": 0}))
    results.append(service.Database_fields({"id": 1}))
    return results
