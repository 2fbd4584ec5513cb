"""Profile field dump used by support."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Support", "password": os.environ["CP_PW"]}


def dump_profile(profile_id, client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    service.login(LOGIN)

    fields = service.Profile_fields({"id": profile_id})
    subs = service.Profile_subProfiles({"id": profile_id, "collection": {"name": "Orders"}})
    return fields, subs
