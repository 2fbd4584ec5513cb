"""Profile lookup CLI that caches the Copernica session cookie on disk."""
import argparse
import json
import os
from pathlib import Path

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
COOKIE_PATH = Path.home() / ".cache" / "copernica-cookie.json"


def load_cookies(client):
    if not COOKIE_PATH.exists():
        return False
    for name, value in json.loads(COOKIE_PATH.read_text()).items():
        client.transport.session.cookies.set(name, value)
    return True


def save_cookies(client):
    COOKIE_PATH.parent.mkdir(parents=True, exist_ok=True)
    jar = {c.name: c.value for c in client.transport.session.cookies if c.name.startswith("soap_")}
    COOKIE_PATH.write_text(json.dumps(jar))


def main():
    parser = argparse.ArgumentParser(description="Show a profile's fields.")
    parser.add_argument("profile", type=int)
    parser.add_argument("--json", action="store_true", help="print JSON instead of lines")
    args = parser.parse_args()

    client = zeep.Client(WSDL)
    if not load_cookies(client):
        client.service.login({"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]})
        save_cookies(client)
    answer = client.service.Profile_fields({"id": args.profile})
    pairs = {p.key: p.value for p in answer.map.pair} if answer.map else {}
    if args.json:
        print(json.dumps(pairs, indent=2))
    else:
        for key, value in sorted(pairs.items()):
            print(f"{key:20} {value}")


if __name__ == "__main__":
    main()
