"""Collection_* operations, and how other operations find a collection (by id, name or CollectionRef).

Choices: a method whose `id` names no collection faults with `No collection with id <id>`, except
Collection_remove, which answers value "0". Collection_subProfile answers an empty result when the
subprofile is not in the collection. Collection_updateSubProfiles has no `create` (a subprofile
needs a profile; use Profile_updateSubProfiles).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from migrator.mock import ops_fields, ops_records
from migrator.mock import ops_query as q
from migrator.mock.faults import Fault
from migrator.mock.ops_records import SUBPROFILE

_SELECT = ("SELECT c.id, c.name, c.weight, c.created, c.unsubscribebehavior, c.lastbuilt, "
           "(SELECT COUNT(*) FROM records r WHERE r.kind = 'subprofile' AND r.owner = c.id) "
           "FROM collections c")


def entity(db: sqlite3.Connection, collection: int) -> dict:
    cid, name, weight, created, unsubscribe, lastbuilt, count = db.execute(
        _SELECT + " WHERE c.id = ?", (collection,)).fetchone()
    out = {"id": cid, "name": name, "weight": weight, "created": created,
           "unsubscribebehavior": unsubscribe, "countsubprofiles": count}
    if lastbuilt is not None:
        out["lastbuilt"] = lastbuilt
    return out


def require(db: sqlite3.Connection, collection: int) -> int:
    if not db.execute("SELECT 1 FROM collections WHERE id = ?", (collection,)).fetchone():
        raise Fault(f"No collection with id {collection}")
    return collection


def lookup(db: sqlite3.Connection, database: int, identifier: Any) -> int | None:
    """A collection of `database` by name, else by numeric id."""
    row = db.execute("SELECT id FROM collections WHERE database_id = ? AND name = ?",
                     (database, str(identifier))).fetchone()
    if row is None and q.as_id(identifier) is not None:
        row = db.execute("SELECT id FROM collections WHERE database_id = ? AND id = ?",
                         (database, q.as_id(identifier))).fetchone()
    return row[0] if row else None


def resolve_ref(db: sqlite3.Connection, database: int, ref: dict[str, Any]) -> int:
    """The collection a CollectionRef {id and/or name} names within `database`; faults if none."""
    found = None
    if ref.get("id") is not None:
        found = db.execute("SELECT id FROM collections WHERE database_id = ? AND id = ?",
                           (database, int(ref["id"]))).fetchone()
        found = found[0] if found else None
    elif ref.get("name") is not None:
        found = lookup(db, database, ref["name"])
    if found is None:
        raise Fault(f"No collection {ref.get('id', ref.get('name'))!r} in database {database}")
    return found


def fields(db: sqlite3.Connection, p: dict) -> dict:
    return ops_fields.listing(db, "collection", require(db, p["id"]), p)


def create_field(db: sqlite3.Connection, p: dict) -> dict:
    return ops_fields.create(db, "collection", require(db, p["id"]), p)


def remove(db: sqlite3.Connection, p: dict) -> dict:
    collection = p["id"]
    if not db.execute("SELECT 1 FROM collections WHERE id = ?", (collection,)).fetchone():
        return {"value": "0"}
    ops_records.remove(db, "r.kind = 'subprofile' AND r.owner = ?", [collection])
    db.execute("DELETE FROM fields WHERE scope = 'collection' AND owner = ?", (collection,))
    db.execute("DELETE FROM collections WHERE id = ?", (collection,))
    return {"value": "1"}


def sub_profile(db: sqlite3.Connection, p: dict) -> dict:
    collection = require(db, p["id"])
    found = ops_records.find(db, SUBPROFILE, int(p["identifier"]))
    if found is None or found[0] != collection:
        return {}
    return ops_records.entity(db, SUBPROFILE, collection, int(p["identifier"]))


def search_sub_profiles(db: sqlite3.Connection, p: dict) -> dict:
    return ops_records.search(db, SUBPROFILE, require(db, p["id"]), p)


def update_sub_profiles(db: sqlite3.Connection, p: dict) -> dict:
    collection = require(db, p["id"])
    ids = ops_records.matching(db, SUBPROFILE, collection, p["requirements"])
    ops_records.update(db, SUBPROFILE, collection, ids, p["fields"])
    return ops_records.page_of(db, SUBPROFILE, collection, ids, p)


HANDLERS = {
    "Collection_fields": fields,
    "Collection_createField": create_field,
    "Collection_remove": remove,
    "Collection_subProfile": sub_profile,
    "Collection_searchSubProfiles": search_sub_profiles,
    "Collection_updateSubProfiles": update_sub_profiles,
}
