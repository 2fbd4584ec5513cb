"""Package module 4."""
import os

from suds.client import Client

from . import helpers  # sibling

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def run():
    client = Client(WSDL)
    client.service.login(LOGIN)
    return helpers, client.service.Account_databases({"id": 4})
