"""Sync job configured from the environment, entry point in a main guard."""
import logging
import os
import sys

import zeep

WSDL = os.environ.get("CP_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
DATABASE_ID = int(os.environ.get("CP_DATABASE", "1"))
DRY_RUN = os.environ.get("DRY_RUN", "0") == "1"


def create_profiles(service, rows):
    created = 0
    for row in rows:
        fields = {"pair": [{"key": k, "value": v} for k, v in row.items()]}
        if DRY_RUN:
            logging.info("would create %s", row)
            continue
        service.Database_createProfile({"id": DATABASE_ID, "fields": fields})
        created += 1
    return created


def read_rows(stream):
    header = stream.readline().rstrip("\n").split(";")
    return [dict(zip(header, line.rstrip("\n").split(";"))) for line in stream if line.strip()]


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    service = zeep.Client(WSDL).service
    service.login(
        {
            "username": os.environ["CP_USER"],
            "account": os.environ.get("CP_ACCOUNT", "Shop"),
            "password": os.environ["CP_PW"],
        }
    )
    count = create_profiles(service, read_rows(sys.stdin))
    logging.info("created %d profiles", count)
