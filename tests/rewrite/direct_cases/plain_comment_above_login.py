"""Pull the field layout of the shop databases."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def fetch_layout(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    # open a session first, every call below relies on the cookie
    service.login(LOGIN)
    layout = []
    layout.append(service.Account_database({"id": 12}))
    layout.append(service.Database_fields({"id": 12}))
    return layout
