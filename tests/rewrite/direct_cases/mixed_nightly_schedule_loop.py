"""Runs forever; once a night it syncs the search results to a file."""
import datetime as dt
import os
import time

import zeep
from zeep.exceptions import Fault

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
RUN_AT = dt.time(hour=2, minute=30)


def seconds_until(target, now=None):
    now = now or dt.datetime.now()
    run = dt.datetime.combine(now.date(), target)
    if run <= now:
        run += dt.timedelta(days=1)
    return (run - now).total_seconds()


def nightly(service):
    try:
        page = service.Database_searchProfiles({"id": 1, "requirements": {"requirement": []}})
    except Fault as fault:
        if fault.message != "Not logged on":
            raise
        service.login(LOGIN)
        page = service.Database_searchProfiles({"id": 1, "requirements": {"requirement": []}})
    with open("nightly.txt", "a") as handle:
        handle.write(f"{dt.date.today()} {page.total}\n")


def main():
    service = zeep.Client(WSDL).service
    service.login(LOGIN)
    while True:
        time.sleep(seconds_until(RUN_AT))
        nightly(service)


if __name__ == "__main__":
    main()
