"""Half-migrated sync module: one call already sends an access token."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
TOKEN = os.environ.get("CP_TOKEN", "")


def sync(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    service.login(LOGIN)
    results = []
    results.append(service.Account_database({"id": 0, "access_token": TOKEN}))
    results.append(service.Database_fields({"id": 1}))
    return results
