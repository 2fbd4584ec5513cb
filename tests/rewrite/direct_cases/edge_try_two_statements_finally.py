import os

import zeep

client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
try:
    password = os.environ["CP_PASSWORD"]
    client.service.login(username="sync", account="Shop", password=password)
finally:
    print("connect attempted")
print(client.service.Account_databases({}))
