from os import environ

import zeep

client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
client.service.login(username="a", account="Acme", password=environ["A_PW"])
print(client.service.Account_databases({}))
