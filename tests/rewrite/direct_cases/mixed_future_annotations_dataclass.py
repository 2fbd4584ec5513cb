"""Typed sync job with credentials in a dataclass and a typed result."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import NamedTuple

from zeep import Client

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


@dataclass(frozen=True)
class Credentials:
    username: str
    account: str
    password: str

    def as_struct(self) -> dict[str, str]:
        return {"username": self.username, "account": self.account, "password": self.password}


class FieldInfo(NamedTuple):
    name: str
    kind: str


def load_credentials() -> Credentials:
    return Credentials(os.environ["CP_USER"], os.environ.get("CP_ACCOUNT", "Shop"), os.environ["CP_PW"])


def collection_fields(collection_id: int, creds: Credentials | None = None) -> list[FieldInfo]:
    creds = creds or load_credentials()
    client = Client(WSDL)
    client.service.login(creds.as_struct())
    answer = client.service.Collection_fields({"id": collection_id})
    if answer.items is None:
        return []
    return [FieldInfo(f.name, f.type) for f in answer.items.field]


if __name__ == "__main__":
    for info in collection_fields(31):
        print(f"{info.name}: {info.kind}")
