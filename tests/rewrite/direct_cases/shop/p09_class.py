"""Package class."""
import os
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


class Sync:
    """Sync."""

    def __init__(self):
        self.client = zeep.Client(WSDL)

    def go(self):
        self.client.service.login(os.environ["CP_USER"], "Shop", os.environ["CP_PW"])
        return self.client.service.Account_databases({})
