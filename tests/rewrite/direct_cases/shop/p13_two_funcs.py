"""Two functions."""
import os
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
CLIENT = zeep.Client(WSDL)


def a():
    CLIENT.service.login(os.environ["CP_USER"], "Shop", os.environ["CP_PW"])


def b():
    return CLIENT.service.Database_fields({"id": 1, "login": {"username": "u", "account": "Shop", "password": "p"}})
