"""Seed files: the account shape a mock starts with (`mock --seed`, `verify --seed`), written by
hand or by `copernica-migrate snapshot`. The format is documented in docs/seed.md.

    seed = read("shape.yaml")          # parse and check everything; SeedError (one line) if bad
    load(store, seed)                  # into an empty Store, keeping the ids the file gives
    dumps(seed.to_data(), "yaml")      # the canonical form (what snapshot writes)

YAML (.yaml, .yml; yaml.safe_load) or JSON (.json), told apart by the file's extension.
Databases, collections, fields, profiles and subprofiles keep the ids the file gives; entities
without an id get the next free one of their table (after the highest id the file gives), in
file order. Everything is checked before anything is loaded: unknown keys, wrong types,
duplicate ids or names, field values for fields the database or collection does not have.
Errors name the file and the place: `seed.yaml: databases[0].fields[1]: missing "name"`.

Loading goes through the store's own create paths (ops_account, ops_database, ops_fields,
ops_records), in id order per table, with SQLite's AUTOINCREMENT counter set so that the next
id handed out is the one the file gives; afterwards the counter stays at the highest seeded id,
so objects created later by the program never collide with seeded ones.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Iterable

VERSION = 1
EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
MAX_NODES = 10_000_000  # YAML aliases can make a small file a huge tree; a real seed is far smaller
MAX_ID = 2**63 - 1  # SQLite's INTEGER PRIMARY KEY

# Field options and their defaults: the columns the store keeps (ops_fields), in the API's order.
FIELD_DEFAULTS: dict[str, Any] = {
    "type": "text", "value": "", "display": False, "ordered": False, "length": 50,
    "textlines": 1, "hidden": False, "index": False,
}


class SeedError(ValueError):
    """A seed file that cannot be used; the message is one line: `<file>: <place>: <problem>`."""


@dataclass
class Field:
    id: int | None
    name: str
    type: str = "text"
    value: str = ""
    display: bool = False
    ordered: bool = False
    length: int = 50
    textlines: int = 1
    hidden: bool = False
    index: bool = False
    specialcontent: str | None = None  # database fields only (e.g. "email")


@dataclass
class SubProfile:
    id: int | None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Profile:
    id: int | None
    fields: dict[str, str] = field(default_factory=dict)
    interests: dict[str, str] = field(default_factory=dict)
    subprofiles: dict[str, list[SubProfile]] = field(default_factory=dict)  # collection name -> list


@dataclass
class Collection:
    id: int | None
    name: str
    fields: list[Field] = field(default_factory=list)


@dataclass
class Database:
    id: int | None
    name: str
    description: str = ""
    fields: list[Field] = field(default_factory=list)
    collections: list[Collection] = field(default_factory=list)
    profiles: list[Profile] = field(default_factory=list)


@dataclass
class Seed:
    databases: list[Database]
    source: str = "seed"  # the file name errors and banners show

    def counts(self) -> dict[str, int]:
        dbs = self.databases
        profiles = [p for d in dbs for p in d.profiles]
        return {
            "databases": len(dbs),
            "fields": sum(len(d.fields) + sum(len(c.fields) for c in d.collections) for d in dbs),
            "collections": sum(len(d.collections) for d in dbs),
            "profiles": len(profiles),
            "subprofiles": sum(len(s) for p in profiles for s in p.subprofiles.values()),
        }

    def summary(self) -> str:
        return ", ".join(f"{n} {name if n != 1 else name[:-1]}" for name, n in self.counts().items())

    def to_data(self) -> dict[str, Any]:
        """The canonical plain form: every id written, options only where they differ from the
        defaults, empty lists left out. parse(to_data()) gives this seed back."""
        return {"version": VERSION, "databases": [_database_data(d) for d in self.databases]}


# --- reading ------------------------------------------------------------------------------


def read(path: str | os.PathLike) -> Seed:
    """Read and check a seed file (YAML or JSON by extension); SeedError says what and where."""
    name = os.fspath(path)
    fmt = format_for(name)
    try:
        with open(name, "rb") as fh:
            raw = fh.read()
    except IsADirectoryError:
        raise SeedError(f"{name}: is a directory, not a seed file") from None
    except OSError as exc:
        raise SeedError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SeedError(f"{name}: line {line}: not UTF-8 text") from None
    return parse(_decode(text, fmt, name), name)


def format_for(name: str) -> str:
    """'yaml' or 'json' from a seed file's name; SeedError for any other extension."""
    fmt = EXTENSIONS.get(os.path.splitext(name)[1].lower())
    if fmt is None:
        raise SeedError(f"{name}: a seed file is YAML or JSON and its name ends in .yaml, .yml or .json")
    return fmt


def _decode(text: str, fmt: str, name: str) -> Any:
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise SeedError(f"{name}: line {exc.lineno}, column {exc.colno}: {exc.msg} (not valid JSON)") from None
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = exc.problem or exc.context or "cannot parse"
        raise SeedError(f"{name}: {where}{problem} (not valid YAML)") from None
    except yaml.YAMLError as exc:
        raise SeedError(f"{name}: not valid YAML ({' '.join(str(exc).split())})") from None


def parse(data: Any, source: str = "seed") -> Seed:
    """Check decoded seed data and give it ids; SeedError (`<source>: <place>: <problem>`) if bad."""
    return _Parser(source).seed(data)


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _key_place(place: str, key: str) -> str:
    return f"{place}.{key}" if _PLAIN_KEY.match(key) else f"{place}[{json.dumps(key, ensure_ascii=False)}]"


class _Parser:
    """One pass over the decoded data: checks every value, remembers the ids given and where,
    then numbers the entities that gave none."""

    def __init__(self, source: str):
        self.source = source
        self.nodes = 0
        # table -> id -> place that gave it; table -> entities (in file order) to number later
        self.ids: dict[str, dict[int, str]] = {t: {} for t in ("databases", "collections", "fields", "records")}
        self.unnumbered: dict[str, list[Any]] = {t: [] for t in self.ids}

    def fail(self, place: str, problem: str) -> SeedError:
        return SeedError(f"{self.source}: {place}: {problem}" if place else f"{self.source}: {problem}")

    def tick(self, place: str) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(place, f"more than {MAX_NODES} values (YAML aliases?); a seed is a shape, not a dump")

    # -- generic checks -------------------------------------------------------------------

    def mapping(self, value: Any, place: str, allowed: Iterable[str], required: Iterable[str] = ()) -> dict:
        self.tick(place)
        if not isinstance(value, dict):
            raise self.fail(place, f"must be a mapping, not {_kind(value)}")
        allowed = tuple(allowed)
        for key in value:
            if not isinstance(key, str):
                raise self.fail(place, f"key {key!r} must be a string")
            if key not in allowed:
                raise self.fail(place, f'unknown key "{key}" (known: {", ".join(allowed)})')
        for key in required:
            if key not in value:
                raise self.fail(place, f'missing "{key}"')
        return value

    def sequence(self, value: Any, place: str) -> list:
        self.tick(place)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(place, f"must be a list, not {_kind(value)}")
        return value

    def string(self, value: Any, place: str, *, empty: bool = True) -> str:
        if not isinstance(value, str):
            raise self.fail(place, f"must be a string, not {_kind(value)}")
        if not empty and not value.strip():
            raise self.fail(place, "must not be empty")
        return value

    def flag(self, value: Any, place: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(place, f"must be true or false, not {_kind(value)}")
        return value

    def number(self, value: Any, place: str, low: int = 1, high: int = MAX_ID) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(place, f"must be a whole number, not {_kind(value)}")
        if not low <= value <= high:
            raise self.fail(place, f"must be between {low} and {high}, not {value}")
        return value

    def scalar(self, value: Any, place: str) -> str:
        """A field or interest value: stored as text, as the API does."""
        self.tick(place)
        if value is None:
            return ""
        if isinstance(value, bool):
            raise self.fail(place, f"{str(value).lower()} is not a field value; quote it "
                                   f'("{"yes" if value else "no"}") or use "1"/"0"')
        if isinstance(value, (str, int, float)):
            return str(value)
        raise self.fail(place, f"must be a text or a number, not {_kind(value)}")

    def ident(self, entity: dict, place: str, table: str) -> int | None:
        if "id" not in entity:
            return None
        number = self.number(entity["id"], f"{place}.id")
        taken = self.ids[table].get(number)
        if taken is not None:
            raise self.fail(f"{place}.id", f"{number} is already the id of {taken}")
        self.ids[table][number] = place
        return number

    def unique(self, seen: dict[str, str], name: str, place: str, what: str) -> None:
        if name in seen:
            raise self.fail(place, f'{what} "{name}" is already {seen[name]}')
        seen[name] = place

    # -- the format -----------------------------------------------------------------------

    def seed(self, data: Any) -> Seed:
        if data is None:
            raise self.fail("", 'the file is empty (a seed starts with "databases:")')
        top = self.mapping(data, "top level", ("version", "databases"), ("databases",))
        if "version" in top and top["version"] != VERSION:
            raise self.fail("version", f"this copernica-migrate reads seed version {VERSION}, not {top['version']!r}")
        names: dict[str, str] = {}
        databases = []
        for i, item in enumerate(self.sequence(top["databases"], "databases")):
            databases.append(self.database(item, f"databases[{i}]", names))
        self.number_the_rest()
        return Seed(databases, self.source)

    def database(self, item: Any, place: str, names: dict[str, str]) -> Database:
        d = self.mapping(item, place, ("id", "name", "description", "fields", "collections", "profiles"),
                         ("name",))
        name = self.string(d["name"], f"{place}.name", empty=False)
        self.unique(names, name, f"{place}.name", "the database name")
        database = Database(self.ident(d, place, "databases"), name,
                            self.string(d.get("description") or "", f"{place}.description"))
        if database.id is None:
            self.unnumbered["databases"].append(database)
        database.fields = self.fields(d.get("fields"), f"{place}.fields", special=True)
        collections: dict[str, str] = {}
        for i, c in enumerate(self.sequence(d.get("collections"), f"{place}.collections")):
            cplace = f"{place}.collections[{i}]"
            c = self.mapping(c, cplace, ("id", "name", "fields"), ("name",))
            cname = self.string(c["name"], f"{cplace}.name", empty=False)
            self.unique(collections, cname, f"{cplace}.name", f'the collection name in database "{name}"')
            collection = Collection(self.ident(c, cplace, "collections"), cname)
            if collection.id is None:
                self.unnumbered["collections"].append(collection)
            collection.fields = self.fields(c.get("fields"), f"{cplace}.fields", special=False)
            database.collections.append(collection)
        for i, p in enumerate(self.sequence(d.get("profiles"), f"{place}.profiles")):
            database.profiles.append(self.profile(p, f"{place}.profiles[{i}]", database))
        return database

    def fields(self, items: Any, place: str, *, special: bool) -> list[Field]:
        keys = ("id", "name", *FIELD_DEFAULTS, *(("specialcontent",) if special else ()))
        names: dict[str, str] = {}
        out = []
        for i, item in enumerate(self.sequence(items, place)):
            fplace = f"{place}[{i}]"
            f = self.mapping(item, fplace, keys, ("name",))
            name = self.string(f["name"], f"{fplace}.name", empty=False)
            self.unique(names, name, f"{fplace}.name", "the field name")
            spec = Field(self.ident(f, fplace, "fields"), name)
            if "type" in f:
                spec.type = self.string(f["type"], f"{fplace}.type", empty=False)
            if "value" in f:
                spec.value = self.scalar(f["value"], f"{fplace}.value")
            for key in ("display", "ordered", "hidden", "index"):
                if key in f:
                    setattr(spec, key, self.flag(f[key], f"{fplace}.{key}"))
            for key in ("length", "textlines"):
                if key in f:
                    setattr(spec, key, self.number(f[key], f"{fplace}.{key}", 1, 2**31 - 1))
            if f.get("specialcontent") is not None:
                spec.specialcontent = self.string(f["specialcontent"], f"{fplace}.specialcontent") or None
            if spec.id is None:
                self.unnumbered["fields"].append(spec)
            out.append(spec)
        return out

    def values(self, items: Any, place: str, known: list[Field] | None, owner: str) -> dict[str, str]:
        """A map of field values (known: the owner's fields) or of interests (known: None)."""
        self.tick(place)
        if items is None:
            return {}
        if not isinstance(items, dict):
            raise self.fail(place, f"must be a mapping of name: value, not {_kind(items)}")
        names = None if known is None else {f.name for f in known}
        out = {}
        for key, value in items.items():
            if not isinstance(key, str) or not key:
                raise self.fail(place, f"key {key!r} must be a non-empty string")
            kplace = _key_place(place, key)
            if names is not None and key not in names:
                raise self.fail(kplace, f'{owner} has no field "{key}" (add it to its fields first)')
            out[key] = self.scalar(value, kplace)
        return out

    def profile(self, item: Any, place: str, database: Database) -> Profile:
        p = self.mapping(item, place, ("id", "fields", "interests", "subprofiles"))
        owner = f'database "{database.name}"'
        profile = Profile(self.ident(p, place, "records"),
                          self.values(p.get("fields"), f"{place}.fields", database.fields, owner),
                          self.values(p.get("interests"), f"{place}.interests", None, owner))
        if profile.id is None:
            self.unnumbered["records"].append(profile)
        subs = p.get("subprofiles")
        if subs is None:
            return profile
        splace = f"{place}.subprofiles"
        self.tick(splace)
        if not isinstance(subs, dict):
            raise self.fail(splace, f"must be a mapping of collection name: list of subprofiles, not {_kind(subs)}")
        collections = {c.name: c for c in database.collections}
        for cname, entries in subs.items():
            cplace = _key_place(splace, str(cname))
            collection = collections.get(cname) if isinstance(cname, str) else None
            if collection is None:
                raise self.fail(cplace, f'{owner} has no collection "{cname}"')
            out = profile.subprofiles.setdefault(cname, [])
            for i, entry in enumerate(self.sequence(entries, cplace)):
                eplace = f"{cplace}[{i}]"
                s = self.mapping(entry, eplace, ("id", "fields"))
                sub = SubProfile(self.ident(s, eplace, "records"),
                                 self.values(s.get("fields"), f"{eplace}.fields", collection.fields,
                                             f'collection "{cname}"'))
                if sub.id is None:
                    self.unnumbered["records"].append(sub)
                out.append(sub)
        return profile

    def number_the_rest(self) -> None:
        """Entities without an id get the next ids after the highest one the file gives."""
        for table, entities in self.unnumbered.items():
            next_id = max(self.ids[table], default=0) + 1
            for entity in entities:
                entity.id = next_id
                next_id += 1


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return {bool: "true/false", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


# --- loading ------------------------------------------------------------------------------


def load(store: Any, seed: Seed | str | os.PathLike) -> Seed:
    """Load a seed (or a seed file) into an empty migrator.mock.store.Store, in one transaction;
    returns the seed. SeedError if the file is bad or the store already holds data."""
    from migrator.mock import ops_account, ops_database, ops_fields, ops_records

    if not isinstance(seed, Seed):
        seed = read(seed)
    with store.transaction() as db:
        if _holds_data(db):
            raise SeedError(f"{seed.source}: a seed loads only into a new, empty mock state")
        for d in sorted(seed.databases, key=lambda d: d.id):
            _create(db, "databases", d.id, lambda: ops_account.create_database(
                db, {"name": d.name, "description": d.description})["database"])
        pairs = [(d, c) for d in seed.databases for c in d.collections]
        for d, c in sorted(pairs, key=lambda dc: dc[1].id):
            _create(db, "collections", c.id, lambda: ops_database.create_collection(
                db, {"id": d.id, "name": c.name})["collection"])
        fields = [("database", d.id, f) for d in seed.databases for f in d.fields]
        fields += [("collection", c.id, f) for d in seed.databases for c in d.collections for f in c.fields]
        for scope, owner, f in sorted(fields, key=lambda item: item[2].id):
            _create(db, "fields", f.id, lambda: ops_fields.create(
                db, scope, owner, _field_params(f))[ops_fields.ENTITY[scope]])
        for entity, kind, owner, profile in sorted(_records(seed), key=lambda r: r[0].id):
            _create(db, "records", entity.id, lambda: {"id": ops_records.create(
                db, kind, owner, entity.fields, getattr(entity, "interests", None), profile=profile)})
    return seed


def _records(seed: Seed) -> list[tuple[Any, Any, int, int | None]]:
    from migrator.mock.ops_records import PROFILE, SUBPROFILE

    out: list[tuple[Any, Any, int, int | None]] = []
    for database in seed.databases:
        collections = {c.name: c.id for c in database.collections}
        for profile in database.profiles:
            out.append((profile, PROFILE, database.id, None))
            for cname, subs in profile.subprofiles.items():
                out += [(sub, SUBPROFILE, collections[cname], profile.id) for sub in subs]
    return out


def _field_params(spec: Field) -> dict[str, Any]:
    params = {"name": spec.name, **{k: getattr(spec, k) for k in FIELD_DEFAULTS}}
    if spec.specialcontent:
        params["specialcontent"] = spec.specialcontent
    return params


_TABLES = ("databases", "collections", "fields", "records")


def _holds_data(db: sqlite3.Connection) -> bool:
    if db.execute("SELECT COUNT(*) FROM sqlite_sequence WHERE seq > 0").fetchone()[0]:
        return True  # ids were handed out (maybe removed since): they must not come back
    return any(db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in _TABLES)


def _create(db: sqlite3.Connection, table: str, wanted: int, create: Any) -> None:
    """Run one of the store's create paths so that the row it inserts gets the id `wanted`."""
    _set_next_id(db, table, wanted)
    got = create()["id"]
    if got != wanted:  # cannot happen with ids loaded in ascending order into an empty store
        raise RuntimeError(f"seed: {table} row {wanted} was created as {got}")


def _set_next_id(db: sqlite3.Connection, table: str, wanted: int) -> None:
    """Make `wanted` the next id AUTOINCREMENT hands out in `table`: SQLite takes
    max(sqlite_sequence.seq, max(id)) + 1, and every id already in the table is lower."""
    if not db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (wanted - 1, table)).rowcount:
        db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, wanted - 1))


# --- writing ------------------------------------------------------------------------------


def dumps(data: dict[str, Any], fmt: str, header: str = "") -> str:
    """Seed data as YAML (with `header` as leading comment lines) or JSON text."""
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    import yaml

    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comment + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100,
                                    default_flow_style=False)


def _database_data(d: Database) -> dict[str, Any]:
    out: dict[str, Any] = {"id": d.id, "name": d.name}
    if d.description:
        out["description"] = d.description
    if d.fields:
        out["fields"] = [_field_data(f) for f in d.fields]
    if d.collections:
        out["collections"] = [_collection_data(c) for c in d.collections]
    if d.profiles:
        out["profiles"] = [_profile_data(p) for p in d.profiles]
    return out


def _collection_data(c: Collection) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "name": c.name}
    if c.fields:
        out["fields"] = [_field_data(f) for f in c.fields]
    return out


def _field_data(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f.id, "name": f.name, "type": f.type}
    out.update({k: getattr(f, k) for k, default in FIELD_DEFAULTS.items()
                if k != "type" and getattr(f, k) != default})
    if f.specialcontent:
        out["specialcontent"] = f.specialcontent
    return out


def _profile_data(p: Profile) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id}
    if p.fields:
        out["fields"] = dict(p.fields)
    if p.interests:
        out["interests"] = dict(p.interests)
    subs = {name: [{"id": s.id, "fields": dict(s.fields)} for s in items]
            for name, items in p.subprofiles.items() if items}
    if subs:
        out["subprofiles"] = subs
    return out
