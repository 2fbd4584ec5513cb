"""Interface between the HTTP server, the SOAP codec and the store (implemented in codec.py / store.py).

Decoded parameter values, by catalogue type:
  int -> int, boolean -> bool, string -> str,
  Map -> dict[str, str], Requirements -> list[dict] (fieldname, value, operator, casesensitive:bool),
  CollectionRef -> dict with "id" (int) and/or "name" (str).
Parameters the client did not send are absent from `params`.

Results are plain dicts shaped like the WSDL's Result type (section 13):
  {"value": "1"} | {"map": {...}} | {"array": [...]} | {"database": {...}} (one entity) |
  {"start": 0, "length": 2, "total": 2, "items": {"profile": [{...}, {...}]}} | {} (not found).
Entity dicts use the field names of catalogue.ENTITIES; Map fields are dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migrator.catalogue import Operation


@dataclass
class Request:
    operation: Operation  # resolved case-insensitively; unknown names fault before this exists
    params: dict[str, Any] = field(default_factory=dict)  # business parameters only
    access_token: str | None = None  # the `access_token` child of parameters, if sent
    login: dict[str, str] | None = None  # the per-call `login` struct, if sent
