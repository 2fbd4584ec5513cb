"""Package struct only."""
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


def run():
    return zeep.Client(WSDL).service.Database_fields({"id": 1, "login": {"username": "u", "account": "Shop", "password": "p"}})
