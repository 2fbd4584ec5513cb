"""Bulk import of leads, four at a time."""

import functools
import os
from concurrent.futures import ThreadPoolExecutor

import zeep

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")

creds = {
    "username": os.environ["COPERNICA_USER"],
    "account": os.environ.get("COPERNICA_ACCOUNT", ""),
    "password": os.environ["COPERNICA_PASSWORD"],
}


@functools.lru_cache(maxsize=None)
def get_service():
    client = zeep.Client(WSDL)
    client.service.login(**{"parameters": creds})
    return client.service


def lead_fields(number):
    return {"pair": [{"key": "lead", "value": f"lead-{number:02d}"}]}


def main():
    service = get_service()
    database = service.Account_createDatabase({"name": "Leads"}).database
    service.Database_createField({"id": database.id, "name": "lead"})
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [
            pool.submit(service.Database_createProfile, {"id": database.id, "fields": lead_fields(n)})
            for n in range(12)
        ]
        created = sorted(f.result().profile.id for f in futures)
    print("created:", len(created), "profiles")
    page = get_service().Database_searchProfiles(
        {"id": database.id, "requirements": {"requirement": []}, "length": 5}
    )
    print("first page:", page.length, "of", page.total)


if __name__ == "__main__":
    main()
