"""A retry decorator that re-establishes the Copernica session."""
import functools
import os

import zeep
from zeep.exceptions import Fault

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
service = zeep.Client(WSDL).service


def relogin_on_expiry(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Fault as fault:
            if fault.message == "Not logged on":
                service.login(LOGIN)
                return func(*args, **kwargs)
            raise
    return wrapper


@relogin_on_expiry
def collections(database_id):
    return service.Database_collections({"id": database_id})


@relogin_on_expiry
def search(database_id):
    return service.Database_searchProfiles({"id": database_id, "requirements": {"requirement": []}})
