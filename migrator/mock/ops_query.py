"""Paging, requirements and ordering for the mock's collection results, shared by every search.

Choices (Copernica does not document them; section 7 of the domain reference):
- Paging: `start` defaults to 0, `length` to 100 and is capped at 1000; negative values count as 0.
  The result's `length` is the number of items returned, `total` the number of all matches.
- Requirements are ANDed. Operators: `=` (default), `!=` (also `<>`), `<`, `>`, `<=`, `>=` and `LIKE`
  (SQL wildcards `%` and `_`). `casesensitive` is false unless sent; case-insensitive means
  Unicode casefolding, not just ASCII. Fields of type integer or float compare as numbers, all
  others as text (dates in YYYY-MM-DD form sort right as text).
  A requirement on a field the database/collection does not have is skipped, so the search widens.
- Order: `order` names a field or one of id, code, created, modified (anything else: by id);
  `asc` defaults to true; ties break on id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from migrator.mock.faults import Fault

DEFAULT_LENGTH = 100
MAX_LENGTH = 1000
NUMERIC_TYPES = frozenset({"integer", "float", "int", "double", "number"})
RECORD_COLUMNS = frozenset({"id", "code", "created", "modified"})
_COMPARISONS = {"=": "=", "==": "=", "!=": "!=", "<>": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">="}


@dataclass(frozen=True)
class FieldDef:
    name: str
    type: str
    default: str

    @property
    def numeric(self) -> bool:
        return self.type.lower() in NUMERIC_TYPES


def page(params: dict[str, Any]) -> tuple[int, int]:
    """(start, length) from the request's paging parameters."""
    start = max(0, int(params.get("start") or 0))
    length = params.get("length")
    length = DEFAULT_LENGTH if length is None else min(MAX_LENGTH, max(0, int(length)))
    return start, length


def collection(entity: str, start: int, total: int, items: list[dict]) -> dict:
    return {"start": start, "length": len(items), "total": total, "items": {entity: items}}


def _value_sql(field: FieldDef) -> tuple[str, list]:
    return "(SELECT value FROM vals WHERE record = r.id AND name = ?)", [field.name]


def like_to_glob(pattern: str) -> str:
    """SQL LIKE pattern -> GLOB pattern (GLOB is case-sensitive, so casing stays our choice)."""
    out = []
    for ch in pattern:
        if ch == "%":
            out.append("*")
        elif ch == "_":
            out.append("?")
        elif ch in "*?[":
            out.append(f"[{ch}]")
        else:
            out.append(ch)
    return "".join(out)


def requirement_sql(requirements: list[dict], fields: dict[str, FieldDef]) -> tuple[str, list]:
    """SQL conditions (ANDed, each prefixed with ' AND ') on records r, and their arguments.

    Each is a lookup in vals, whose index on (name, folded) makes equality and prefix searches
    cheap; every record has a row per field (defaults are stored), so no value means no match."""
    sql, args = [], []
    for req in requirements or ():
        field = fields.get(str(req.get("fieldname") or ""))
        if field is None:
            continue  # unknown field: silently skipped, as Copernica does
        value = "" if req.get("value") is None else str(req["value"])
        operator = str(req.get("operator") or "=").strip().upper()
        sensitive = bool(req.get("casesensitive"))
        if operator == "LIKE":
            # GLOB on the folded text is case-insensitive; GLOB on the text itself is not.
            test, test_args = ("value GLOB ?", [like_to_glob(value)]) if sensitive else \
                ("folded GLOB ?", [like_to_glob(value.casefold())])
        elif operator not in _COMPARISONS:
            raise Fault(f"Unsupported operator {operator!r} in requirement on {field.name!r}")
        elif field.numeric:
            test, test_args = f"CAST(value AS REAL) {_COMPARISONS[operator]} CAST(? AS REAL)", [value]
        elif sensitive:
            test, test_args = f"value {_COMPARISONS[operator]} ?", [value]
            if operator == "=":  # let the index narrow the rows first
                test, test_args = "folded = ? AND " + test, [value.casefold(), *test_args]
        else:
            test, test_args = f"folded {_COMPARISONS[operator]} ?", [value.casefold()]
        sql.append(f" AND r.id IN (SELECT record FROM vals WHERE name = ? AND {test})")
        args += [field.name, *test_args]
    return "".join(sql), args


def order_sql(params: dict[str, Any], fields: dict[str, FieldDef]) -> tuple[str, list]:
    direction = "ASC" if params.get("asc", True) else "DESC"
    order = str(params.get("order") or "id")
    field = fields.get(order)
    if field is not None:
        expr, args = _value_sql(field)
        if field.numeric:
            expr = f"CAST({expr} AS REAL)"
        return f" ORDER BY {expr} {direction}, r.id {direction}", args
    column = order if order in RECORD_COLUMNS else "id"
    return f" ORDER BY r.{column} {direction}, r.id {direction}", []


_DIGITS = re.compile(r"^[0-9]+$")


def as_id(identifier: Any) -> int | None:
    """The numeric form of an identifier that may be a name or an id."""
    text = str(identifier).strip()
    return int(text) if _DIGITS.match(text) else None
