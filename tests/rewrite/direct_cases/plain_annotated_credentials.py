import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
USER: str = os.environ["CP_USER"]
PASSWORD: str = os.environ["CP_PW"]
LOGIN: dict = {"username": USER, "account": "Shop", "password": PASSWORD}


def connect() -> zeep.Client:
    client = zeep.Client(WSDL)
    client.service.login(LOGIN)
    return client
