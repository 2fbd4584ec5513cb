"""Keeps a pickled requests session so the login survives restarts."""
import os
import pickle

import requests
import zeep
from zeep.transports import Transport

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
SESSION_FILE = "copernica_cookies.pickle"


def build_client():
    session = requests.Session()
    if os.path.exists(SESSION_FILE):
        with open(SESSION_FILE, "rb") as handle:
            session.cookies.update(pickle.load(handle))
        return zeep.Client(WSDL, transport=Transport(session=session))
    client = zeep.Client(WSDL, transport=Transport(session=session))
    client.service.login(LOGIN)
    with open(SESSION_FILE, "wb") as handle:
        pickle.dump(session.cookies, handle)
    return client


def fields():
    return build_client().service.Database_fields({"id": 1})
