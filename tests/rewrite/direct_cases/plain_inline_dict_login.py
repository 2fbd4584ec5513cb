"""Orders export: reads the Orders collection layout."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


def order_layout(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    service.login({"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]})
    collections = service.Database_collections({"id": 3})
    fields = service.Collection_fields({"id": 31})
    return collections, fields
