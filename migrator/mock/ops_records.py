"""Profiles and subprofiles: the records that carry field values. Both share one table (`records`,
told apart by `kind`, so their ids come from one sequence) and one value table (`vals`), so
creating, searching, updating and removing are written once. A profile's owner is its database,
a subprofile's owner is its collection. Every record has a value row per field of its owner
(defaults included) holding the text and its casefolded form, so searches are index lookups.

Choices: field values are stored as strings; names the owner has no field for are ignored; a field
created later gives existing records its default. `code` is 32 random hex digits.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from migrator.mock import ops_query as q


@dataclass(frozen=True)
class Kind:
    entity: str  # result element name and records.kind
    scope: str  # fields.scope of the owner: the database (profiles) or the collection (subprofiles)


PROFILE = Kind("profile", "database")
SUBPROFILE = Kind("subprofile", "collection")


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def field_defs(db: sqlite3.Connection, scope: str, owner: int) -> dict[str, q.FieldDef]:
    rows = db.execute("SELECT name, type, value FROM fields WHERE scope = ? AND owner = ? ORDER BY id",
                      (scope, owner))
    return {name: q.FieldDef(name, type_, value) for name, type_, value in rows}


def create(db: sqlite3.Connection, kind: Kind, owner: int, values: dict[str, Any],
           interests: dict[str, Any] | None = None, profile: int | None = None) -> int:
    defs = field_defs(db, kind.scope, owner)
    stamp = now()
    record = db.execute(
        "INSERT INTO records (kind, owner, profile, code, created, modified, interests) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (kind.entity, owner, profile, secrets.token_hex(16), stamp, stamp, _json(interests or {})),
    ).lastrowid
    initial = {name: d.default for name, d in defs.items()}
    initial.update({k: v for k, v in values.items() if k in defs})
    _store_values(db, [record], initial)
    return record


def update(db: sqlite3.Connection, kind: Kind, owner: int, ids: list[int], values: dict[str, Any],
           interests: dict[str, Any] | None = None) -> None:
    """Write the known fields of `values` (and merge `interests`) into the records `ids`."""
    if not ids:
        return
    defs = field_defs(db, kind.scope, owner)
    _store_values(db, ids, {k: v for k, v in values.items() if k in defs})
    db.executemany("UPDATE records SET modified = ? WHERE id = ?", [(now(), rid) for rid in ids])
    if interests:
        for rid in ids:
            (old,) = db.execute("SELECT interests FROM records WHERE id = ?", (rid,)).fetchone()
            db.execute("UPDATE records SET interests = ? WHERE id = ?",
                       (_json({**json.loads(old), **interests}), rid))


def _store_values(db: sqlite3.Connection, ids: Iterable[int], values: dict[str, Any]) -> None:
    rows = []
    for k, v in values.items():
        text = "" if v is None else str(v)
        rows += [(rid, k, text, text.casefold()) for rid in ids]
    db.executemany("INSERT OR REPLACE INTO vals (record, name, value, folded) VALUES (?, ?, ?, ?)", rows)


def backfill(db: sqlite3.Connection, scope: str, owner: int, name: str, default: str) -> None:
    """Give the records of `owner` a row for a new field, holding its default, so searches on it
    (and on its default) find them."""
    kind = PROFILE if scope == PROFILE.scope else SUBPROFILE
    db.execute("INSERT OR IGNORE INTO vals (record, name, value, folded) "
               "SELECT id, ?, ?, ? FROM records WHERE kind = ? AND owner = ?",
               (name, default, default.casefold(), kind.entity, owner))


def find(db: sqlite3.Connection, kind: Kind, record: int) -> tuple[int, int | None] | None:
    """(owner, profile) of a record of this kind, or None."""
    return db.execute("SELECT owner, profile FROM records WHERE id = ? AND kind = ?",
                      (record, kind.entity)).fetchone()


def field_map(db: sqlite3.Connection, kind: Kind, owner: int, record: int) -> dict[str, str]:
    return _field_maps(db, field_defs(db, kind.scope, owner), [record])[record]


def _field_maps(db: sqlite3.Connection, defs: dict[str, q.FieldDef], ids: list[int]) -> dict[int, dict]:
    maps = {rid: {name: d.default for name, d in defs.items()} for rid in ids}
    if ids:
        for rid, name, value in db.execute(
                f"SELECT record, name, value FROM vals WHERE record IN ({_marks(ids)})", ids):
            if name in defs:
                maps[rid][name] = value
    return maps


def entities(db: sqlite3.Connection, kind: Kind, owner: int, ids: list[int],
             allproperties: bool) -> list[dict]:
    """Entity dicts for `ids`, in that order; fields (and a profile's interests) only with allproperties."""
    if not ids:
        return []
    rows = {row[0]: row for row in db.execute(
        f"SELECT id, code, extra, created, modified, lastexport, interests FROM records "
        f"WHERE id IN ({_marks(ids)})", ids)}
    maps = _field_maps(db, field_defs(db, kind.scope, owner), ids) if allproperties else {}
    out = []
    for rid in ids:
        _, code, extra, created, modified, lastexport, interests = rows[rid]
        entity = {"id": rid, "code": code}
        if kind is PROFILE:
            entity["extra"] = extra
        entity.update(created=created, modified=modified)
        if lastexport is not None:
            entity["lastexport"] = lastexport
        if allproperties:
            entity["fields"] = maps[rid]
            if kind is PROFILE:
                entity["interests"] = json.loads(interests)
        out.append(entity)
    return out


def entity(db: sqlite3.Connection, kind: Kind, owner: int, record: int, allproperties: bool = True) -> dict:
    return {kind.entity: entities(db, kind, owner, [record], allproperties)[0]}


def _where(kind: Kind, owner: int, profile: int | None, requirements: list[dict],
           defs: dict[str, q.FieldDef]) -> tuple[str, list]:
    sql, args = "WHERE r.kind = ? AND r.owner = ?", [kind.entity, owner]
    if profile is not None:
        sql, args = sql + " AND r.profile = ?", args + [profile]
    req_sql, req_args = q.requirement_sql(requirements, defs)
    return sql + req_sql, args + req_args


def matching(db: sqlite3.Connection, kind: Kind, owner: int, requirements: list[dict],
             profile: int | None = None) -> list[int]:
    where, args = _where(kind, owner, profile, requirements, field_defs(db, kind.scope, owner))
    return [rid for (rid,) in db.execute(f"SELECT r.id FROM records r {where} ORDER BY r.id", args)]


def search(db: sqlite3.Connection, kind: Kind, owner: int, params: dict[str, Any],
           profile: int | None = None) -> dict:
    """A collection result of the records matching params['requirements'] (all records if absent)."""
    defs = field_defs(db, kind.scope, owner)
    where, args = _where(kind, owner, profile, params.get("requirements") or [], defs)
    start, length = q.page(params)
    (total,) = db.execute(f"SELECT COUNT(*) FROM records r {where}", args).fetchone()
    order, order_args = q.order_sql(params, defs)
    ids = [rid for (rid,) in db.execute(f"SELECT r.id FROM records r {where}{order} LIMIT ? OFFSET ?",
                                        args + order_args + [length, start])]
    items = entities(db, kind, owner, ids, bool(params.get("allproperties")))
    return q.collection(kind.entity, start, total, items)


def page_of(db: sqlite3.Connection, kind: Kind, owner: int, ids: list[int], params: dict[str, Any]) -> dict:
    """A collection result of the given records (already chosen, e.g. those just updated)."""
    start, length = q.page(params)
    chosen = ids[start:start + length]
    return q.collection(kind.entity, start, len(ids),
                        entities(db, kind, owner, chosen, bool(params.get("allproperties"))))


def remove(db: sqlite3.Connection, where: str, args: list) -> None:
    """Remove the records selected by `where` (on records r) with their values and, for profiles,
    their subprofiles. Subqueries, not id lists: a database may hold more records than SQLite
    allows bound parameters."""
    chosen = f"SELECT r.id FROM records r WHERE {where}"
    children = f"SELECT s.id FROM records s WHERE s.kind = 'subprofile' AND s.profile IN ({chosen})"
    for selection in (children, chosen):
        db.execute(f"DELETE FROM vals WHERE record IN ({selection})", args)
        db.execute(f"DELETE FROM records WHERE id IN ({selection})", args)


def _marks(ids: list) -> str:
    return ",".join("?" * len(ids))


def _json(mapping: dict[str, Any]) -> str:
    return json.dumps({str(k): "" if v is None else str(v) for k, v in mapping.items()})
