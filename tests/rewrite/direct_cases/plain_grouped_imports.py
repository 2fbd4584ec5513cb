"""Sync module with stdlib / third-party / local import groups."""
import json
import os

import requests
import zeep
from zeep.helpers import serialize_object

from settings import DATABASE_ID

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def sync(client=None):
    client = client or zeep.Client(WSDL, transport=zeep.Transport(session=requests.Session()))
    service = client.service
    service.login(LOGIN)
    fields = service.Database_fields({"id": DATABASE_ID})
    return json.dumps(serialize_object(fields), default=str)
