"""Package getenv."""
import os
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
USER = os.getenv("CP_USER")


def run():
    client = zeep.Client(WSDL)
    client.service.login(USER, "Shop", os.getenv("CP_PW"))
    return client
