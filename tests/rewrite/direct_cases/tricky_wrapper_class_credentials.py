"""Thin wrapper that keeps the credentials and logs in on construction."""
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


class CopernicaClient:
    def __init__(self, user, pw, account="Shop"):
        self.user = user
        self.pw = pw
        self.account = account
        self.client = zeep.Client(WSDL)
        self.client.service.login({"username": self.user, "account": self.account, "password": self.pw})

    def databases(self):
        return self.client.service.Account_databases({})

    def fields(self, database_id):
        return self.client.service.Database_fields({"id": database_id})
