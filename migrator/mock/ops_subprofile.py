"""SubProfile_* operations. Same choices as for profiles: SubProfile_updateFields and
SubProfile_remove answer value "0" for an unknown id, SubProfile_fields faults."""

from __future__ import annotations

import sqlite3

from migrator.mock import ops_records
from migrator.mock.faults import Fault
from migrator.mock.ops_records import SUBPROFILE


def _collection(db: sqlite3.Connection, subprofile: int) -> int | None:
    found = ops_records.find(db, SUBPROFILE, subprofile)
    return None if found is None else found[0]


def fields(db: sqlite3.Connection, p: dict) -> dict:
    collection = _collection(db, p["id"])
    if collection is None:
        raise Fault(f"No subprofile with id {p['id']}")
    return {"map": ops_records.field_map(db, SUBPROFILE, collection, p["id"])}


def update_fields(db: sqlite3.Connection, p: dict) -> dict:
    collection = _collection(db, p["id"])
    if collection is None:
        return {"value": "0"}
    ops_records.update(db, SUBPROFILE, collection, [p["id"]], p["fields"])
    return {"value": "1"}


def remove(db: sqlite3.Connection, p: dict) -> dict:
    if _collection(db, p["id"]) is None:
        return {"value": "0"}
    ops_records.remove(db, "r.kind = 'subprofile' AND r.id = ?", [p["id"]])
    return {"value": "1"}


HANDLERS = {
    "SubProfile_fields": fields,
    "SubProfile_updateFields": update_fields,
    "SubProfile_remove": remove,
}
