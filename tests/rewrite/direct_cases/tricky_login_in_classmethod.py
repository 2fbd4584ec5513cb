"""Factory classmethod that returns a logged-in gateway."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


class Gateway:
    def __init__(self, service):
        self.service = service

    @classmethod
    def from_env(cls):
        service = zeep.Client(WSDL).service
        service.login({"username": os.environ["CP_USER"], "account": os.environ.get("CP_ACCOUNT", "Shop"), "password": os.environ["CP_PW"]})
        return cls(service)

    def collections(self, database_id):
        return self.service.Database_collections({"id": database_id})
