"""Copy the field layout of one Copernica account's database to a report.

Usage: python layout_report.py --database 3 [--verbose]
"""
import argparse
import logging
import os

import zeep

log = logging.getLogger(__name__)

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
SHOP = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
OUTLET = {"username": os.environ["CP_USER"], "account": "Outlet", "password": os.environ["CP_PW"]}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=int, required=True)
    parser.add_argument("--verbose", action="store_true")
    return parser.parse_args(argv)


def field_names(service, database_id):
    fields = service.Database_fields({"id": database_id})
    return sorted(f.name for f in fields.items.field) if fields.items else []


def diff(left, right):
    """Names present in only one of the two lists."""
    return sorted(set(left) ^ set(right))


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    shop = zeep.Client(WSDL).service
    shop.login(SHOP)
    outlet = zeep.Client(WSDL).service
    outlet.login(OUTLET)
    left = field_names(shop, args.database)
    right = field_names(outlet, args.database)
    log.info("shop has %d fields, outlet %d", len(left), len(right))
    for name in diff(left, right):
        print("only in one account:", name)


if __name__ == "__main__":
    main()
