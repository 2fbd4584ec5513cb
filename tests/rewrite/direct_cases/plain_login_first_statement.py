"""Field overview for a single collection."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
service = zeep.Client(WSDL).service


def collection_overview(collection_id):
    service.login(LOGIN)
    fields = service.Collection_fields({"id": collection_id})
    names = [field.name for field in fields.items.field] if fields.items else []
    return sorted(names)
