"""Sync module reading the credentials with os.environ.get."""
import os

import zeep

WSDL = os.environ.get("CP_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
LOGIN = {
    "username": os.environ.get("CP_USER", ""),
    "account": os.environ.get("CP_ACCOUNT", "Shop"),
    "password": os.environ.get("CP_PW", ""),
}


def sync(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    service.login(LOGIN)
    return [service.Account_database({"id": 0}), service.Database_fields({"id": 1})]
