"""Read the collections of the newsletter database."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Newsletter", "password": os.environ["CP_PW"]}


def newsletter_collections(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service

    service.login(LOGIN)
    collections = service.Database_collections({"id": 7})
    return collections
