"""Dynamic operation runner: `python run_op.py Database_fields 3`."""
import os
import sys

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
ALLOWED = {"Account_databases", "Database_fields", "Database_collections", "Collection_fields", "Profile_fields"}


def usage():
    names = ", ".join(sorted(ALLOWED))
    return f"usage: run_op.py OPERATION [ID]  (one of: {names})"


def run(operation, identifier=None):
    if operation not in ALLOWED:
        raise SystemExit(usage())
    service = zeep.Client(WSDL).service
    getattr(service, "login")(
        username=os.environ["CP_USER"],
        account=os.environ.get("CP_ACCOUNT", "Shop"),
        password=os.environ["CP_PW"],
    )
    parameters = {} if identifier is None else {"id": int(identifier)}
    return getattr(service, operation)(parameters)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(usage())
    print(run(*sys.argv[1:3]))
