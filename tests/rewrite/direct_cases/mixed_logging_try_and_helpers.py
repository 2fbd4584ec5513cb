"""Nightly profile audit with logging and a few pure helpers."""
import logging
import os
from datetime import date, timedelta

import zeep
from zeep.exceptions import Fault

log = logging.getLogger("audit")

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def yesterday(today=None):
    return (today or date.today()) - timedelta(days=1)


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def as_dict(pairs):
    return {pair.key: pair.value for pair in pairs or []}


def audit(profile_ids, client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    try:
        service.login(LOGIN)
    except Fault as exc:
        log.error("login refused: %s", exc.message)
        raise
    stale = []
    for batch in chunks(profile_ids, 50):
        for profile_id in batch:
            fields = as_dict(service.Profile_fields({"id": profile_id}).map.pair)
            if fields.get("modified", "") < yesterday().isoformat():
                stale.append(profile_id)
    log.info("%d stale profiles", len(stale))
    return stale
