"""Database_* operations, and the database entity.

Choices: a method whose `id` names no database faults with `No database with id <id>`, except
Database_remove (value "0") and Database_collection (empty result when the collection is unknown).
Names are unique per account (databases) and per database (collections, fields); a duplicate
faults with `A <thing> named '<name>' already exists ...`. Database_updateProfiles returns the
records it updated (or the one it created), even when they no longer match the requirements;
`async` is accepted and ignored (the update is done at once).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from migrator.mock import ops_collection, ops_fields, ops_records
from migrator.mock import ops_query as q
from migrator.mock.faults import Fault
from migrator.mock.ops_records import PROFILE

_SELECT = ("SELECT d.id, d.name, d.description, d.archived, d.created, d.unsubscribebehavior, "
           "d.lastbuilt, (SELECT COUNT(*) FROM records r WHERE r.kind = 'profile' AND r.owner = d.id) "
           "FROM databases d")


def entities(db: sqlite3.Connection, where: str = "", args: tuple = ()) -> list[dict]:
    out = []
    for did, name, description, archived, created, unsubscribe, lastbuilt, count in db.execute(
            f"{_SELECT} {where}", args):
        entity = {"id": did, "name": name, "description": description, "archived": bool(archived),
                  "created": created, "unsubscribebehavior": unsubscribe, "countprofiles": count}
        if lastbuilt is not None:
            entity["lastbuilt"] = lastbuilt
        out.append(entity)
    return out


def require(db: sqlite3.Connection, database: int) -> int:
    if not db.execute("SELECT 1 FROM databases WHERE id = ?", (database,)).fetchone():
        raise Fault(f"No database with id {database}")
    return database


def remove(db: sqlite3.Connection, p: dict) -> dict:
    database = p["id"]
    if not db.execute("SELECT 1 FROM databases WHERE id = ?", (database,)).fetchone():
        return {"value": "0"}
    for (collection,) in db.execute("SELECT id FROM collections WHERE database_id = ?",
                                    (database,)).fetchall():
        ops_collection.remove(db, {"id": collection})
    ops_records.remove(db, "r.kind = 'profile' AND r.owner = ?", [database])
    db.execute("DELETE FROM fields WHERE scope = 'database' AND owner = ?", (database,))
    db.execute("DELETE FROM databases WHERE id = ?", (database,))
    return {"value": "1"}


def fields(db: sqlite3.Connection, p: dict) -> dict:
    return ops_fields.listing(db, "database", require(db, p["id"]), p)


def create_field(db: sqlite3.Connection, p: dict) -> dict:
    return ops_fields.create(db, "database", require(db, p["id"]), p)


def collections(db: sqlite3.Connection, p: dict) -> dict:
    database = require(db, p["id"])
    start, length = q.page(p)
    (total,) = db.execute("SELECT COUNT(*) FROM collections WHERE database_id = ?",
                          (database,)).fetchone()
    ids = db.execute("SELECT id FROM collections WHERE database_id = ? ORDER BY id LIMIT ? OFFSET ?",
                     (database, length, start)).fetchall()
    return q.collection("collection", start, total, [ops_collection.entity(db, i) for (i,) in ids])


def collection(db: sqlite3.Connection, p: dict) -> dict:
    found = ops_collection.lookup(db, require(db, p["id"]), p["identifier"])
    return {} if found is None else {"collection": ops_collection.entity(db, found)}


def create_collection(db: sqlite3.Connection, p: dict) -> dict:
    database, name = require(db, p["id"]), str(p["name"])
    if db.execute("SELECT 1 FROM collections WHERE database_id = ? AND name = ?",
                  (database, name)).fetchone():
        raise Fault(f"A collection named {name!r} already exists in database {database}")
    collection_id = db.execute(
        "INSERT INTO collections (database_id, name, created) VALUES (?, ?, ?)",
        (database, name, ops_records.now())).lastrowid
    return {"collection": ops_collection.entity(db, collection_id)}


def create_profile(db: sqlite3.Connection, p: dict) -> dict:
    database = require(db, p["id"])
    record = ops_records.create(db, PROFILE, database, p["fields"], p.get("interests"))
    return ops_records.entity(db, PROFILE, database, record)


def profiles(db: sqlite3.Connection, p: dict) -> dict:
    return ops_records.search(db, PROFILE, require(db, p["id"]), {**p, "requirements": []})


def search_profiles(db: sqlite3.Connection, p: dict) -> dict:
    return ops_records.search(db, PROFILE, require(db, p["id"]), p)


def update_profiles(db: sqlite3.Connection, p: dict[str, Any]) -> dict:
    database = require(db, p["id"])
    ids = ops_records.matching(db, PROFILE, database, p["requirements"])
    if ids:
        ops_records.update(db, PROFILE, database, ids, p["fields"], p.get("interests"))
    elif p.get("create"):
        ids = [ops_records.create(db, PROFILE, database, p["fields"], p.get("interests"))]
    return ops_records.page_of(db, PROFILE, database, ids, p)


HANDLERS = {
    "Database_remove": remove,
    "Database_fields": fields,
    "Database_createField": create_field,
    "Database_collections": collections,
    "Database_collection": collection,
    "Database_createCollection": create_collection,
    "Database_createProfile": create_profile,
    "Database_profiles": profiles,
    "Database_searchProfiles": search_profiles,
    "Database_updateProfiles": update_profiles,
}
