"""Session helpers."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
client = zeep.Client(WSDL)


def authenticate():
    client.service.login(LOGIN)


def databases():
    authenticate()
    return client.service.Account_databases({})
