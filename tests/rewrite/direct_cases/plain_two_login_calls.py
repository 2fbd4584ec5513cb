"""Two independent jobs that each log in."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def fields_job(client=None):
    client = client or zeep.Client(WSDL)
    client.service.login(LOGIN)
    return client.service.Database_fields({"id": 5})


def profiles_job(client=None):
    client = client or zeep.Client(WSDL)
    client.service.login(LOGIN)
    return client.service.Profile_fields({"id": 5001})
