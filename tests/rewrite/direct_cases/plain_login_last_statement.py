"""Connection helper for the reporting jobs."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Reports", "password": os.environ["CP_PW"]}


def connect(client):
    """Log the given zeep client in; callers keep using client.service afterwards."""
    client.service.login(LOGIN)


def report(client=None):
    client = client or zeep.Client(WSDL)
    connect(client)
    return client.service.Account_databases({})
