"""Sync module that falls back to a cached copy when the login fails."""
import json
import os
from pathlib import Path

import zeep
from zeep.exceptions import Fault

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
CACHE = Path(os.environ.get("CP_CACHE", "/var/cache/shop/fields.json"))


def database_fields(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    try:
        service.login(LOGIN)
    except Fault:
        # Copernica is down or the password rotated: serve yesterday's copy.
        return json.loads(CACHE.read_text())
    fields = service.Database_fields({"id": 1})
    names = [field.name for field in fields.items.field] if fields.items else []
    CACHE.write_text(json.dumps(names))
    return names
