"""Sync module reading the credentials with os.getenv."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.getenv("CP_USER"), "account": os.getenv("CP_ACCOUNT", "Shop"), "password": os.getenv("CP_PW")}


def sync(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    service.login(LOGIN)
    results = []
    results.append(service.Account_database({"id": 0}))
    results.append(service.Database_searchProfiles({"id": 1, "requirements": {"requirement": []}}))
    return results
