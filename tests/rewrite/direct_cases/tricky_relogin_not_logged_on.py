"""Calls that log in again when the session expired."""
import os

import zeep
from zeep.exceptions import Fault

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}

client = zeep.Client(WSDL)
client.service.login(LOGIN)


def call(operation, parameters):
    method = getattr(client.service, operation)
    try:
        return method(parameters)
    except Fault as fault:
        if "Not logged on" not in fault.message:
            raise
        client.service.login(LOGIN)
        return method(parameters)


def profile_report(profile_id):
    return call("Profile_fields", {"id": profile_id}), call("Profile_subProfiles", {"id": profile_id})
