import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
# credentials
PASSWORD = os.environ["S1_PASSWORD"]
USER = os.environ["S1_USER"]
LOGIN = {"username": USER, "account": "Shop", "password": PASSWORD}

client = zeep.Client(WSDL)
print(client.service.Account_databases({"login": LOGIN}))
print(client.service.Database_fields({"id": 1, "login": LOGIN}))
