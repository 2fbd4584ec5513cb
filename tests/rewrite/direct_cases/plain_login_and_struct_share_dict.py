import os
import zeep

LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service


def run():
    service.login(LOGIN)
    print(service.Database_fields({"identifier": "News", "login": LOGIN}))
    print("user", LOGIN["username"])
