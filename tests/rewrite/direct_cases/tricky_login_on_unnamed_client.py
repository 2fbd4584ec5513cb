"""One-off: logs in on a client that is never named."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def check_credentials():
    """True when Copernica accepts the configured credentials."""
    return bool(zeep.Client(WSDL).service.login(LOGIN))


def sync():
    service = zeep.Client(WSDL).service
    service.login(LOGIN)
    return service.Account_database({"id": 0})
