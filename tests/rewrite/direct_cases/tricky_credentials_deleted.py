"""Sync module that wipes the credentials after logging in."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}

service = zeep.Client(WSDL).service
service.login(LOGIN)
del LOGIN  # keep the password out of tracebacks and debuggers


def sync():
    results = []
    results.append(service.Account_database({"id": 0}))
    results.append(service.Database_fields({"id": 1}))
    return results
