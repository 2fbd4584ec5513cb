"""Process an unsubscribe list: find each address and mark it opted out."""
import argparse
import logging
import os
import re

import zeep

log = logging.getLogger("unsubscribe")
WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)


def valid_addresses(path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            address = line.strip().lower()
            if EMAIL_RE.match(address):
                yield address
            elif address:
                log.warning("skipping %r", address)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--database", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    service = zeep.Client(WSDL).service
    login = {"username": os.environ["CP_USER"], "account": "Newsletter", "password": os.environ["CP_PW"]}
    service.login(login)
    del login
    for address in valid_addresses(args.file):
        found = service.Database_searchProfiles({
            "id": args.database,
            "requirements": {"requirement": [{"fieldname": "email", "value": address, "operator": "="}]},
        })
        log.info("%s: %d profile(s)", address, found.total)


if __name__ == "__main__":
    main()
