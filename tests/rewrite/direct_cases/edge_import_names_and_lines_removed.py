import os, zeep
from getpass import getpass


class Sync:
    def connect(self):
        self.service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service
        self.service.login(os.environ["CP_USER"], "Shop", getpass())
