"""Sync module that reuses the name for another account."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def sync(client=None):
    client = client or zeep.Client(WSDL)
    client.service.login(LOGIN)
    shop = client.service.Account_databases({})
    LOGIN["account"] = "Outlet"
    client.service.login(LOGIN)
    outlet = client.service.Account_databases({})
    return shop, outlet
