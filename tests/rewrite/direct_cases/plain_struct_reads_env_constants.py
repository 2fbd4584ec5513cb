import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
USER = os.environ["CP_USER"]
PASSWORD: str = os.environ["CP_PASSWORD"]

client = zeep.Client(WSDL)


def fields():
    return client.service.Database_fields({"id": 1, "login": {"username": USER, "account": "Acme", "password": PASSWORD}})


def report():
    print("running as", USER)
