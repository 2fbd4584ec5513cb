"""Field definitions of databases (entity `field`) and collections (entity `collectionfield`).

Choices: the type string is stored as given (default "text"); defaults for the options are
value "", display/ordered/hidden/index false, length 50, textlines 1. Field lists always come
back whole: `allproperties` does not apply to them.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from migrator.mock import ops_query as q
from migrator.mock import ops_records
from migrator.mock.faults import Fault

_COLUMNS = "id, name, type, value, display, ordered, length, textlines, hidden, idx, specialcontent"
ENTITY = {"database": "field", "collection": "collectionfield"}


def create(db: sqlite3.Connection, scope: str, owner: int, params: dict[str, Any]) -> dict:
    name = str(params["name"])
    if db.execute("SELECT 1 FROM fields WHERE scope = ? AND owner = ? AND name = ?",
                  (scope, owner, name)).fetchone():
        raise Fault(f"A field named {name!r} already exists in {scope} {owner}")
    field_id = db.execute(
        f"INSERT INTO fields (scope, owner, {_COLUMNS.removeprefix('id, ')}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (scope, owner, name, str(params.get("type") or "text"), str(params.get("value") or ""),
         bool(params.get("display")), bool(params.get("ordered")), int(params.get("length") or 50),
         int(params.get("textlines") or 1), bool(params.get("hidden")), bool(params.get("index")),
         params.get("specialcontent") if scope == "database" else None),
    ).lastrowid
    ops_records.backfill(db, scope, owner, name, str(params.get("value") or ""))
    row = db.execute(f"SELECT {_COLUMNS} FROM fields WHERE id = ?", (field_id,)).fetchone()
    return {ENTITY[scope]: _entity(scope, row)}


def listing(db: sqlite3.Connection, scope: str, owner: int, params: dict[str, Any]) -> dict:
    start, length = q.page(params)
    (total,) = db.execute("SELECT COUNT(*) FROM fields WHERE scope = ? AND owner = ?",
                          (scope, owner)).fetchone()
    rows = db.execute(f"SELECT {_COLUMNS} FROM fields WHERE scope = ? AND owner = ? "
                      "ORDER BY id LIMIT ? OFFSET ?", (scope, owner, length, start))
    return q.collection(ENTITY[scope], start, total, [_entity(scope, row) for row in rows])


def _entity(scope: str, row: tuple) -> dict:
    field_id, name, type_, value, display, ordered, length, textlines, hidden, index, special = row
    entity = {"id": field_id, "name": name, "type": type_, "value": value, "display": bool(display),
              "ordered": bool(ordered), "length": length, "textlines": textlines,
              "hidden": bool(hidden), "index": bool(index)}
    if scope == "database" and special:
        entity["specialcontent"] = special
    return entity
