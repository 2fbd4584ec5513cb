"""Account_* operations: the databases of the (single) account the mock serves.

Account_database finds a database by name, else by numeric id; unknown -> empty result {}.
"""

from __future__ import annotations

import sqlite3

from migrator.mock import ops_database, ops_records
from migrator.mock import ops_query as q
from migrator.mock.faults import Fault


def databases(db: sqlite3.Connection, p: dict) -> dict:
    start, length = q.page(p)
    (total,) = db.execute("SELECT COUNT(*) FROM databases").fetchone()
    items = ops_database.entities(db, "ORDER BY d.id LIMIT ? OFFSET ?", (length, start))
    return q.collection("database", start, total, items)


def database(db: sqlite3.Connection, p: dict) -> dict:
    identifier = p["identifier"]
    found = ops_database.entities(db, "WHERE d.name = ?", (str(identifier),))
    if not found and q.as_id(identifier) is not None:
        found = ops_database.entities(db, "WHERE d.id = ?", (q.as_id(identifier),))
    return {"database": found[0]} if found else {}


def create_database(db: sqlite3.Connection, p: dict) -> dict:
    name = str(p["name"])
    if db.execute("SELECT 1 FROM databases WHERE name = ?", (name,)).fetchone():
        raise Fault(f"A database named {name!r} already exists")
    database_id = db.execute("INSERT INTO databases (name, description, created) VALUES (?, ?, ?)",
                             (name, str(p.get("description") or ""), ops_records.now())).lastrowid
    return {"database": ops_database.entities(db, "WHERE d.id = ?", (database_id,))[0]}


HANDLERS = {
    "Account_databases": databases,
    "Account_database": database,
    "Account_createDatabase": create_database,
}
