"""JSON report built with per-call login structs (no session at all)."""
import json
import os
import sys
from datetime import datetime, timezone

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
AUTH = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def build_report(database_id):
    service = zeep.Client(WSDL).service
    database = service.Account_database({"id": database_id, "login": AUTH})
    fields = service.Database_fields({"id": database_id, "login": AUTH})
    collections = service.Database_collections({
        "id": database_id,
        "login": {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]},
    })
    return {
        "generated": now_iso(),
        "database": database.database.name,
        "fields": [f.name for f in fields.items.field] if fields.items else [],
        "collections": [c.name for c in collections.items.collection] if collections.items else [],
    }


if __name__ == "__main__":
    json.dump(build_report(int(sys.argv[1])), sys.stdout, indent=2)
    sys.stdout.write("\n")
