"""Import the day's web orders as profiles, six requests in flight at a time."""

import functools
import logging
import os
from concurrent.futures import ThreadPoolExecutor, as_completed

import zeep

log = logging.getLogger("import_orders")

ORDERS = [(f"order-{n:03d}", n * 7 % 50) for n in range(1, 11)]


@functools.lru_cache(maxsize=1)
def get_client():
    """The one Copernica client of this process (zeep clients are thread safe for calls)."""
    wsdl = os.getenv("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
    client = zeep.Client(wsdl)
    credentials = {
        "username": os.environ["COPERNICA_USER"],
        "account": os.getenv("COPERNICA_ACCOUNT", ""),
        "password": os.environ["COPERNICA_PASSWORD"],
    }
    client.service.login(parameters=credentials)
    log.info("Copernica session ready")
    return client


def orders_database():
    service = get_client().service
    database = service.Account_createDatabase({"name": "Orders"}).database
    service.Database_createField({"id": database.id, "name": "order"})
    service.Database_createField({"id": database.id, "name": "amount", "type": "integer"})
    return database.id


def import_order(database_id, order, amount):
    fields = {"pair": [{"key": "order", "value": order}, {"key": "amount", "value": str(amount)}]}
    result = get_client().service.Database_createProfile({"id": database_id, "fields": fields})
    return order, result.profile.id


def main():
    logging.basicConfig(level=logging.WARNING)
    database_id = orders_database()
    imported = []
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(import_order, database_id, order, amount) for order, amount in ORDERS]
        for future in as_completed(futures):
            imported.append(future.result()[0])
    print("imported:", len(imported), "orders,", imported and min(imported), "to", max(imported))
    big = get_client().service.Database_searchProfiles({
        "id": database_id,
        "requirements": {"requirement": [{"fieldname": "amount", "value": "30", "operator": ">"}]},
    })
    print("orders over 30:", big.total)


if __name__ == "__main__":
    main()
