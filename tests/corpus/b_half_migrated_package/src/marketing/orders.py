"""Order history per customer. Still on the old login session: not migrated yet."""

import functools
import logging
import os

import zeep

log = logging.getLogger(__name__)

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")


@functools.lru_cache(maxsize=1)
def service():
    client = zeep.Client(WSDL)
    client.service.login(
        {
            "username": os.environ["COPERNICA_USER"],
            "account": os.environ.get("COPERNICA_ACCOUNT", ""),
            "password": os.environ["COPERNICA_PASSWORD"],
        }
    )
    log.debug("orders: logged in")
    return client.service


def orders_database():
    answer = service().Account_database({"identifier": "Orders"})
    found = None if answer is None else answer.database
    if found is None:
        found = service().Account_createDatabase({"name": "Orders"}).database
        service().Database_createField({"id": found.id, "name": "order_no"})
        service().Database_createField({"id": found.id, "name": "amount"})
    return found


def record_order(database, order_no, amount):
    service().Database_createProfile(
        {
            "id": database.id,
            "fields": {"pair": [{"key": "order_no", "value": order_no}, {"key": "amount", "value": str(amount)}]},
        }
    )


def total_orders(database):
    return service().Database_profiles({"id": database.id}).total
