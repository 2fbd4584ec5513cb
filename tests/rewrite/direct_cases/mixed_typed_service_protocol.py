"""Typed facade over the Copernica service, with a fake for unit tests."""
from __future__ import annotations

import os
from typing import Any, Protocol

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


class FieldSource(Protocol):
    def Database_fields(self, parameters: dict[str, Any]) -> Any: ...


class InMemoryFields:
    """Stand-in used by the unit tests; no network."""

    def __init__(self, names: list[str]) -> None:
        self.names = names

    def Database_fields(self, parameters: dict[str, Any]) -> Any:
        return [{"name": n} for n in self.names]


def real_service() -> FieldSource:
    client = zeep.Client(WSDL)
    client.service.login({"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]})
    return client.service


def field_count(source: FieldSource, database_id: int) -> int:
    answer = source.Database_fields({"id": database_id})
    if isinstance(answer, list):
        return len(answer)
    return len(answer.items.field) if answer.items else 0


if __name__ == "__main__":
    print(field_count(real_service(), 1))
