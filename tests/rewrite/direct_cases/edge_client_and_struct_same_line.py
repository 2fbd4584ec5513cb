import os
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
print(zeep.Client(WSDL).service.Database_fields({"id": 1, "login": {"username": "u", "account": "Shop", "password": "p"}}))
