"""Sync module with the credentials as separate constants."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
USER = os.environ["CP_USER"]
ACCOUNT = "Shop"
PASSWORD = os.environ["CP_PW"]


def sync(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    service.login({"username": USER, "account": ACCOUNT, "password": PASSWORD})
    results = []
    results.append(service.Account_database({"id": 0}))
    results.append(service.Database_fields({"id": 1}))
    return results
