"""Async variant of the sync module (zeep.AsyncClient)."""
import asyncio
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


async def sync(client=None):
    client = client or zeep.AsyncClient(WSDL)
    service = client.service
    await service.login(LOGIN)
    database, fields = await asyncio.gather(
        service.Account_database({"id": 0}),
        service.Database_fields({"id": 1}),
    )
    return [database, fields]


if __name__ == "__main__":
    print(asyncio.run(sync()))
