"""Calls that carry their own login struct, built from constants."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
USER = os.environ["CP_USER"]
ACCOUNT = "Shop"
PASSWORD = os.environ["CP_PW"]


def sync(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    results = []
    results.append(service.Account_database({"id": 0, "login": {"username": USER, "account": ACCOUNT, "password": PASSWORD}}))
    results.append(service.Database_fields({"id": 1, "login": {"username": USER, "account": ACCOUNT, "password": PASSWORD}}))
    return results
