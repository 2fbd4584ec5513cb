"""Sync module that tolerates a failing login (handler only prints)."""
import os

import zeep
from zeep.exceptions import Fault

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def sync(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    try:
        service.login(LOGIN)
    except Fault as exc:
        print("login failed:", exc.message)
    results = []
    results.append(service.Account_database({"id": 0}))
    results.append(service.Database_fields({"id": 1}))
    return results
