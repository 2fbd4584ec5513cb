"""Profile_* operations.

Choices: Profile_updateFields and Profile_remove answer value "0" when the profile does not exist
(the reference only says "false when a constraint fails"); the other methods fault with
`No profile with id <id>`. Field names the database does not have are ignored on writes.
"""

from __future__ import annotations

import sqlite3

from migrator.mock import ops_collection, ops_records
from migrator.mock.faults import Fault
from migrator.mock.ops_records import PROFILE, SUBPROFILE


def _database(db: sqlite3.Connection, profile: int) -> int | None:
    found = ops_records.find(db, PROFILE, profile)
    return None if found is None else found[0]


def require(db: sqlite3.Connection, profile: int) -> int:
    database = _database(db, profile)
    if database is None:
        raise Fault(f"No profile with id {profile}")
    return database


def fields(db: sqlite3.Connection, p: dict) -> dict:
    return {"map": ops_records.field_map(db, PROFILE, require(db, p["id"]), p["id"])}


def update_fields(db: sqlite3.Connection, p: dict) -> dict:
    database = _database(db, p["id"])
    if database is None:
        return {"value": "0"}
    ops_records.update(db, PROFILE, database, [p["id"]], p["fields"])
    return {"value": "1"}


def remove(db: sqlite3.Connection, p: dict) -> dict:
    if _database(db, p["id"]) is None:
        return {"value": "0"}
    ops_records.remove(db, "r.kind = 'profile' AND r.id = ?", [p["id"]])
    return {"value": "1"}


def create_sub_profile(db: sqlite3.Connection, p: dict) -> dict:
    collection = ops_collection.resolve_ref(db, require(db, p["id"]), p["collection"])
    record = ops_records.create(db, SUBPROFILE, collection, p["fields"], profile=p["id"])
    return ops_records.entity(db, SUBPROFILE, collection, record)


def search_sub_profiles(db: sqlite3.Connection, p: dict) -> dict:
    collection = ops_collection.resolve_ref(db, require(db, p["id"]), p["collection"])
    return ops_records.search(db, SUBPROFILE, collection, p, profile=p["id"])


def update_sub_profiles(db: sqlite3.Connection, p: dict) -> dict:
    collection = ops_collection.resolve_ref(db, require(db, p["id"]), p["collection"])
    ids = ops_records.matching(db, SUBPROFILE, collection, p["requirements"], profile=p["id"])
    if ids:
        ops_records.update(db, SUBPROFILE, collection, ids, p["fields"])
    elif p.get("create"):
        ids = [ops_records.create(db, SUBPROFILE, collection, p["fields"], profile=p["id"])]
    return ops_records.page_of(db, SUBPROFILE, collection, ids, p)


HANDLERS = {
    "Profile_fields": fields,
    "Profile_updateFields": update_fields,
    "Profile_remove": remove,
    "Profile_createSubProfile": create_sub_profile,
    "Profile_searchSubProfiles": search_sub_profiles,
    "Profile_updateSubProfiles": update_sub_profiles,
}
