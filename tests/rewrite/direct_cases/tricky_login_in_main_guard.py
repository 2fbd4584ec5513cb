"""Print the fields of a database given on the command line."""
import os
import sys

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


def print_fields(service, database_id):
    fields = service.Database_fields({"id": database_id})
    for field in fields.items.field if fields.items else []:
        print(field.name, field.type)


if __name__ == "__main__":
    service = zeep.Client(WSDL).service
    service.login({"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]})
    print_fields(service, int(sys.argv[1]))
