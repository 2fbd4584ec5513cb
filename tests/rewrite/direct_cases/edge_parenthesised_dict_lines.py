import os
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
client = zeep.Client(WSDL)
print(client.service.Account_databases((
    {"id": 1, "login": {"username": "u", "account": "Shop", "password": "p"}}
)))
