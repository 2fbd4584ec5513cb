"""copernica-tool: a small admin CLI with subcommands."""
import argparse
import os
import sys

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
USER = os.getenv("CP_USER", "")
PASSWORD = os.getenv("CP_PW", "")


def connect(account):
    service = zeep.Client(WSDL).service
    service.login(username=USER, account=account, password=PASSWORD)
    return service


def cmd_databases(args):
    listing = connect(args.account).Account_databases({})
    for db in listing.items.database if listing.items else []:
        print(db.id, db.name)


def cmd_collections(args):
    listing = connect(args.account).Database_collections({"id": args.database})
    for coll in listing.items.collection if listing.items else []:
        print(coll.id, coll.name)


def build_parser():
    parser = argparse.ArgumentParser(prog="copernica-tool")
    parser.add_argument("--account", default="Shop")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("databases").set_defaults(func=cmd_databases)
    coll = sub.add_parser("collections")
    coll.add_argument("database", type=int)
    coll.set_defaults(func=cmd_collections)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    if not USER or not PASSWORD:
        print("set CP_USER and CP_PW", file=sys.stderr)
        return 2
    args.func(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
