"""Cached service accessor plus a handful of report helpers."""
import functools
import os
import statistics

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
creds = {
    "username": os.environ["CP_USER"],
    "account": os.environ.get("CP_ACCOUNT", "Shop"),
    "password": os.environ["CP_PW"],
}


@functools.lru_cache(maxsize=None)
def get_service():
    client = zeep.Client(WSDL)
    client.service.login(parameters=creds)
    return client.service


def order_totals(profile_id):
    subs = get_service().Profile_subProfiles({"id": profile_id, "collection": {"name": "Orders"}})
    totals = []
    for sub in subs.items.subprofile if subs.items else []:
        values = {p.key: p.value for p in sub.fields.pair}
        totals.append(float(values.get("total", 0)))
    return totals


def summary(profile_ids):
    rows = {}
    for profile_id in profile_ids:
        totals = order_totals(profile_id)
        rows[profile_id] = {
            "orders": len(totals),
            "mean": statistics.fmean(totals) if totals else 0.0,
        }
    return rows
