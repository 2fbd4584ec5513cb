"""Credentials handed to two helpers."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
creds = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def open_service(credentials):
    service = zeep.Client(WSDL).service
    service.login(credentials)
    return service


def audit(credentials):
    print("running as", credentials["username"], "on", credentials["account"])


def main():
    audit(creds)
    service = open_service(creds)
    print(service.Database_fields({"id": 1}))
