"""suds-based wrapper with a Not-logged-on retry and a CSV helper."""
import csv
import io
import os

from suds import WebFault
from suds.client import Client


class SudsCopernica:
    def __init__(self, username, account, password):
        self._creds = {"username": username, "account": account, "password": password}
        self._client = Client("https://soap.copernica.com/?SOAPAPI=WSDL")
        self._client.service.login(self._creds)

    def call(self, name, parameters):
        try:
            return getattr(self._client.service, name)(parameters)
        except WebFault as fault:
            if "Not logged on" not in str(fault):
                raise
            self._client.service.login(self._creds)
            return getattr(self._client.service, name)(parameters)


def to_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(rows)
    return buffer.getvalue()


def main():
    cop = SudsCopernica(os.environ["CP_USER"], "Shop", os.environ["CP_PW"])
    fields = cop.call("Database_fields", {"id": 1})
    rows = [(f.name, f.type) for f in fields.items.field] if fields.items else []
    print(to_csv(rows), end="")


if __name__ == "__main__":
    main()
