import os
import zeep

import settings

USER = os.environ["CP_USER"]


def connect():
    service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service
    try:
        service.login(USER, "Shop", settings.PASSWORD)
    except zeep.exceptions.Fault:
        print("login failed for", USER, settings.PASSWORD)
    return service
