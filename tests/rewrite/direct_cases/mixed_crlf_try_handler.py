"""Windows scheduled task: refresh the shop field cache (CRLF file)."""
import json
import os

import zeep
from zeep.exceptions import Fault

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
CACHE_FILE = r"C:\ProgramData\Shop\fields.json"


def refresh():
    service = zeep.Client(WSDL).service
    try:
        service.login(LOGIN)  # fails when the password expired
    except Fault as exc:
        print("login failed:", exc.message)
        return False
    fields = service.Database_fields({"id": 1, "login": {"username": "u", "account": "Shop", "password": "p"}})
    names = [f.name for f in fields.items.field] if fields.items else []
    with open(CACHE_FILE, "w", encoding="utf-8") as handle:
        json.dump(names, handle)
    return True


if __name__ == "__main__":
    raise SystemExit(0 if refresh() else 1)
