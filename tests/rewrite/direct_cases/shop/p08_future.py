from __future__ import annotations

import os
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


def run() -> object:
    client = zeep.Client(WSDL)
    client.service.login(os.environ["CP_USER"], "Shop", os.environ["CP_PW"])
    return client.service.Database_fields({"id": 1, "login": {"username": "u", "account": "Shop", "password": "p"}})
