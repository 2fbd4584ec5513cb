"""The bulk import example, migrated by hand: the cached factory no longer logs in; the token
goes into every call, which still runs on a thread pool (so the calls' order varies)."""

import functools
import os
from concurrent.futures import ThreadPoolExecutor

import zeep

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
TOKEN = os.environ["COPERNICA_ACCESS_TOKEN"]
if os.environ.get("TEST_SEEN_TOKEN_FILE"):
    with open(os.environ["TEST_SEEN_TOKEN_FILE"], "w") as fh:
        fh.write(TOKEN)


@functools.lru_cache(maxsize=None)
def get_service():
    return zeep.Client(WSDL).service


def lead_fields(number):
    return {"pair": [{"key": "lead", "value": f"lead-{number:02d}"}]}


def main():
    service = get_service()
    database = service.Account_createDatabase({"name": "Leads", "access_token": TOKEN}).database
    service.Database_createField({"id": database.id, "name": "lead", "access_token": TOKEN})
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [
            pool.submit(service.Database_createProfile,
                        {"id": database.id, "fields": lead_fields(n), "access_token": TOKEN})
            for n in range(12)
        ]
        created = sorted(f.result().profile.id for f in futures)
    print("created:", len(created), "profiles")
    page = get_service().Database_searchProfiles(
        {"id": database.id, "requirements": {"requirement": []}, "length": 5, "access_token": TOKEN}
    )
    print("first page:", page.length, "of", page.total)


if __name__ == "__main__":
    main()
