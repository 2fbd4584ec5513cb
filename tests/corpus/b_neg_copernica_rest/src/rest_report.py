"""Weekly database size report from Copernica's REST API (v3)."""

import logging
import os

import requests

log = logging.getLogger("rest_report")

API = "https://api.copernica.com/v3"


class CopernicaRest:
    def __init__(self, access_token, timeout=30):
        self.session = requests.Session()
        self.access_token = access_token
        self.timeout = timeout

    def get(self, path, **params):
        params["access_token"] = self.access_token
        response = self.session.get(f"{API}/{path}", params=params, timeout=self.timeout)
        response.raise_for_status()
        return response.json()

    def databases(self):
        start = 0
        while True:
            page = self.get("databases", start=start, limit=100)
            yield from page["data"]
            start += page["count"]
            if start >= page["total"] or not page["count"]:
                break


def main():
    logging.basicConfig(level=logging.INFO)
    api = CopernicaRest(os.environ["COPERNICA_REST_TOKEN"])
    for database in sorted(api.databases(), key=lambda d: d["name"]):
        profiles = api.get(f"database/{database['ID']}/profileids")
        print(f"{database['name']}: {len(profiles)} profiles")
        log.info("checked %s", database["name"])


if __name__ == "__main__":
    main()
