"""Returns the login answer straight to the caller."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
client = zeep.Client(WSDL)


def login():
    return client.service.login(LOGIN)


def fields(database_id):
    if login():
        return client.service.Database_fields({"id": database_id})
    return None
