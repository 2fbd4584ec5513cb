import os
import zeep

USER = os.environ["CP_USER"]
ACCOUNT = "Shop"
PASSWORD = os.getenv("CP_PW")

service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service


def fields(db):
    return service.Database_fields({"identifier": db, "login": {"username": USER, "account": ACCOUNT, "password": PASSWORD}})
