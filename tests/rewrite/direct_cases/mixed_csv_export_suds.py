"""Export a database's profiles to CSV (suds client, per-call login structs)."""
import csv
import os
import sys

from suds.client import Client

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
AUTH = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def normalise_email(value):
    return value.strip().lower()


def export(database_id, out=sys.stdout):
    client = Client(WSDL)
    client.service.login(AUTH)
    fields = client.service.Database_fields({"id": database_id, "login": AUTH})
    names = [f.name for f in fields.items.field] if fields.items else []
    writer = csv.DictWriter(out, fieldnames=names)
    writer.writeheader()
    page = client.service.Database_searchProfiles(
        {"id": database_id, "requirements": {"requirement": []}, "allproperties": True}
    )
    for profile in page.items.profile if page.items else []:
        row = {pair.key: pair.value for pair in profile.fields.pair}
        if "email" in row:
            row["email"] = normalise_email(row["email"])
        writer.writerow(row)


if __name__ == "__main__":
    export(int(sys.argv[1]))
