from __future__ import annotations

import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def sync(client: zeep.Client | None = None) -> list[object]:
    client = client or zeep.Client(WSDL)
    service = client.service
    service.login(LOGIN)
    results: list[object] = []
    results.append(service.Account_database({"id": 0}))
    results.append(service.Database_fields({"id": 1}))
    return results
