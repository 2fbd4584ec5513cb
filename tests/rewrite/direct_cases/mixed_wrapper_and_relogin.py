"""CopernicaClient: keeps credentials, logs in, and logs in again on expiry."""
import logging
import os

import zeep
from zeep.exceptions import Fault

log = logging.getLogger(__name__)


class CopernicaClient:
    WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"

    def __init__(self, username, account, password):
        self.username = username
        self.account = account
        self.password = password
        self.client = zeep.Client(self.WSDL)
        self.login()

    def login(self):
        self.client.service.login(
            {"username": self.username, "account": self.account, "password": self.password}
        )

    def call(self, operation, **parameters):
        method = getattr(self.client.service, operation)
        try:
            return method(parameters)
        except Fault as fault:
            if fault.message != "Not logged on":
                raise
            log.warning("session expired, logging in again")
            self.login()
            return method(parameters)


def main():
    client = CopernicaClient(os.environ["CP_USER"], "Shop", os.environ["CP_PW"])
    print(client.call("Account_databases"))
    print(client.call("Database_collections", id=3))


if __name__ == "__main__":
    main()
