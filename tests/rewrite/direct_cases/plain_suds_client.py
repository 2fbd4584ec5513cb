"""Sync module on suds instead of zeep."""
import os

from suds.client import Client

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def sync(client=None):
    client = client or Client(WSDL)
    client.service.login(LOGIN)
    results = []
    results.append(client.service.Account_database({"id": 0}))
    results.append(client.service.Database_fields({"id": 1, "login": {"username": "u", "account": "Shop", "password": "p"}}))
    return results
