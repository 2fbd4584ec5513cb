"""Retries the login a few times on network trouble."""
import os
import time

import requests
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def connect(attempts=3):
    client = zeep.Client(WSDL)
    while attempts:
        try:
            client.service.login(LOGIN)
            break
        except requests.ConnectionError:
            attempts -= 1
            time.sleep(5)
    return client.service


def fields():
    return connect().Database_fields({"id": 1})
