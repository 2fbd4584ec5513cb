"""Lazy login: only the first call opens the session."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
client = zeep.Client(WSDL)
_state = {"ready": False}


def service():
    if not _state["ready"]:
        client.service.login(LOGIN)
    _state["ready"] = True
    return client.service


def collection_fields(collection_id):
    return service().Collection_fields({"id": collection_id})
