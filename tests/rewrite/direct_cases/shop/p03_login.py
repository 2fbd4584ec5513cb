"""Package module 3."""
import os

import zeep
from zeep.transports import Transport

from . import helpers  # sibling

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def run():
    client = zeep.Client(WSDL, transport=Transport())
    client.service.login(LOGIN)
    return helpers, client.service.Account_databases({"id": 3})
