"""Paket – Zürich."""
import os
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


def run():
    client = zeep.Client(WSDL)  # für Zürich
    client.service.login(os.environ["CP_USER"], "Zürich", os.environ["CP_PW"])  # café
    return client
