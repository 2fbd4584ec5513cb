import os
import zeep

a = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
b = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")


def page_ops():
    print("paging ops")


try:
    a.service.login(username="a", account="Acme", password=os.environ["A_PW"])
    b.service.login(username="b", account="Acme", password=os.environ["B_PW"])
except KeyError:
    page_ops()
print(a.service.Account_databases({}))
