"""Sync module that runs inside zeep's client context manager."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def sync():
    with zeep.Client(WSDL) as client:
        client.service.login(LOGIN)
        database = client.service.Account_database({"id": 0})
        fields = client.service.Database_fields({"id": 1})
    return [database, fields]
