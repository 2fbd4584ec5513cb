"""List all databases of the account (run as a script)."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}

client = zeep.Client(WSDL)
service = client.service
service.login(LOGIN)

databases = service.Account_databases({})
for database in databases.items.database if databases.items else []:
    print(database.id, database.name)
