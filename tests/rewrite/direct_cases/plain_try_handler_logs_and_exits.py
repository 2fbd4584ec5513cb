import logging
import os
import sys

import zeep

log = logging.getLogger(__name__)
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def connect():
    service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service
    try:
        service.login(LOGIN)
    except zeep.exceptions.Fault as exc:
        log.error("login failed: %s", exc)
        sys.exit(1)
    return service
