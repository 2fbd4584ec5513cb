"""Repository object for profile lookups."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


class ProfileRepository:
    def __init__(self, database_id):
        self.database_id = database_id
        self.client = zeep.Client(WSDL)

    def open(self):
        """Start the session; call once before the lookups."""
        self.client.service.login({"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]})
        return self

    def fields(self, profile_id):
        return self.client.service.Profile_fields({"id": profile_id})

    def orders(self, profile_id):
        return self.client.service.Profile_subProfiles({"id": profile_id, "collection": {"name": "Orders"}})
