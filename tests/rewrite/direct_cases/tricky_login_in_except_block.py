"""Tries the call first and logs in only when that fails."""
import os

import zeep
from zeep.exceptions import Fault

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
service = zeep.Client(WSDL).service


def databases():
    try:
        return service.Account_databases({})
    except Fault:
        service.login(LOGIN)
    return service.Account_databases({})
