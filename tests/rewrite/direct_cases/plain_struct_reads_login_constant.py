"""Calls with a login struct each."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"

LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
service = zeep.Client(WSDL).service


def fields():
    return service.Database_fields({"identifier": "News", "login": LOGIN})


def profiles():
    return service.Database_searchProfiles({"identifier": "News", "login": LOGIN})
