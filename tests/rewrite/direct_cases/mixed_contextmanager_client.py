"""A context manager that hands out a logged-in Copernica service."""
import contextlib
import logging
import os
import time

import zeep

log = logging.getLogger(__name__)
WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


@contextlib.contextmanager
def timed(label):
    start = time.monotonic()
    try:
        yield
    finally:
        log.info("%s took %.2fs", label, time.monotonic() - start)


@contextlib.contextmanager
def copernica():
    client = zeep.Client(WSDL)
    client.service.login(LOGIN)
    try:
        yield client.service
    finally:
        client.transport.session.close()


def main():
    logging.basicConfig(level=logging.INFO)
    with timed("collections"), copernica() as service:
        for collection in service.Database_collections({"id": 3}).items.collection:
            print(collection.name, service.Collection_fields({"id": collection.id}).total)


if __name__ == "__main__":
    main()
