"""Sync module that keeps the login answer and returns it to the caller."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def sync(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    session = service.login(LOGIN)
    if session.value is not True:
        raise RuntimeError("Copernica refused the login")
    fields = service.Database_fields({"id": 1})
    return {"logged_in": session.value, "fields": fields}
