"""Collect search profiles for the marketing dashboard."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
CREDENTIALS = {"username": os.environ["CP_USER"], "account": "Marketing", "password": os.environ["CP_PW"]}


def dashboard_profiles(client=None):
    client = client or zeep.Client(WSDL)
    svc = client.service
    # Copernica wants a login before anything else.
    # TODO(jv): move the account name to settings
    svc.login(CREDENTIALS)
    searches = svc.Database_searchProfiles({"id": 4, "requirements": {"requirement": []}})
    fields = svc.Database_fields({"id": 4})
    return searches, fields
