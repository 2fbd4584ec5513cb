"""Wrapper class plus the script that builds it with credentials."""
import os

from zeep import Client


class ShopSoap:
    """Logs in once and forwards every other attribute to the zeep service."""

    def __init__(self, username, account, password):
        self._client = Client("https://soap.copernica.com/?SOAPAPI=WSDL")
        self._client.service.login({"username": username, "account": account, "password": password})

    def __getattr__(self, name):
        return getattr(self._client.service, name)


def main():
    soap = ShopSoap(os.environ["CP_USER"], "Shop", os.environ["CP_PW"])
    print(soap.Database_collections({"id": 2}))
    print(soap.Collection_fields({"id": 21}))


if __name__ == "__main__":
    main()
