"""Script that logs in at import time and again in a refresh helper."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}

client = zeep.Client(WSDL)
# module-level session for the quick helpers below
client.service.login(LOGIN)


def refresh_session():
    """Long jobs call this every hour."""

    client.service.login(LOGIN)


def profile_summary(profile_id):
    fields = client.service.Profile_fields({"id": profile_id})
    orders = client.service.Profile_subProfiles({"id": profile_id, "collection": {"name": "Orders"}})
    return {
        "fields": len(fields.map.pair) if fields.map else 0,
        "orders": orders.total,
    }


def long_job(profile_ids):
    out = []
    for index, profile_id in enumerate(profile_ids):
        if index and index % 500 == 0:
            refresh_session()
        out.append(profile_summary(profile_id))
    return out
