import os

import zeep
from zeep.transports import Transport

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
transport = Transport(timeout=10)


def connect():
    client = zeep.Client( WSDL )
    client.service.login(os.environ["U"], "Shop", os.environ["P"])
    return client
