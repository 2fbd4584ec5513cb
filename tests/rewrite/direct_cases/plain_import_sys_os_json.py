"""Doc."""
import sys, os, json

import zeep

LOGIN = {"username": os.environ["U"], "account": "Shop", "password": os.environ["P"]}


def run():
    service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service
    service.login(LOGIN)
    print(sys.argv, json.dumps(service.Account_databases({})))
