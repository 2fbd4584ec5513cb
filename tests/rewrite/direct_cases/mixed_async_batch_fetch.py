"""Fetch many profiles concurrently with zeep's AsyncClient."""
import asyncio
import logging
import os

import zeep

log = logging.getLogger(__name__)
WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
CONCURRENCY = 8


async def fetch_one(service, semaphore, profile_id):
    async with semaphore:
        answer = await service.Profile_fields({"id": profile_id})
        return profile_id, {p.key: p.value for p in answer.map.pair} if answer.map else {}


async def fetch_all(profile_ids):
    client = zeep.AsyncClient(WSDL)
    service = client.service
    try:
        await service.login(LOGIN)
    except Exception:
        log.exception("could not log in")
        return {}
    semaphore = asyncio.Semaphore(CONCURRENCY)
    pairs = await asyncio.gather(*(fetch_one(service, semaphore, pid) for pid in profile_ids))
    return dict(pairs)


def main():
    logging.basicConfig(level=logging.INFO)
    result = asyncio.run(fetch_all(range(1000, 1020)))
    log.info("fetched %d profiles", len(result))


if __name__ == "__main__":
    main()
