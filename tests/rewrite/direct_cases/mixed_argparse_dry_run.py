"""Bulk-create profiles from a JSON file; --dry-run prints instead."""
import argparse
import json
import os
import sys

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {
    "username": os.environ.get("CP_USER", "import-bot"),
    "account": "Shop",
    "password": os.environ.get("CP_PW", ""),  # set in the cron environment
}


def parse_args(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("source", type=argparse.FileType("r"))
    parser.add_argument("--database", type=int, default=1)
    parser.add_argument("--dry-run", action="store_true")
    return parser.parse_args(argv)


def to_fields(record):
    return {"pair": [{"key": k, "value": str(v)} for k, v in sorted(record.items())]}


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    records = json.load(args.source)
    if args.dry_run:
        for record in records:
            print("would create", to_fields(record))
        return 0
    service = zeep.Client(WSDL).service
    service.login(LOGIN)  # one session for the whole import
    for record in records:
        service.Database_createProfile({"id": args.database, "fields": to_fields(record)})
    print(f"created {len(records)} profiles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
