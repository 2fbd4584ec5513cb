"""Create profiles from a queue with a thread pool (one client per worker)."""
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
CREDENTIALS = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
_local = threading.local()


def service():
    """A logged-in service per thread; zeep clients are not thread safe."""
    if not hasattr(_local, "service"):
        client = zeep.Client(WSDL)
        client.service.login(CREDENTIALS)
        _local.service = client.service
    return _local.service


def as_fields(row):
    return {"pair": [{"key": key, "value": str(value)} for key, value in row.items()]}


def create(database_id, row):
    return service().Database_createProfile({"id": database_id, "fields": as_fields(row)})


def create_all(database_id, rows, workers=4):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda row: create(database_id, row), rows))


if __name__ == "__main__":
    rows = [{"email": f"user{n}@example.com", "city": "Leiden"} for n in range(10)]
    print(len(create_all(2, rows)), "profiles created")
