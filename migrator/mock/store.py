"""The mock's state and business logic: Copernica's databases, collections, fields, profiles and
subprofiles in SQLite (stdlib sqlite3).

`Store()` keeps everything in memory; `Store(path)` keeps it in a file, so state survives a
restart (that is how `verify --state FILE` seeds the mock; `--seed FILE` loads a seed file
through migrator/mock/seed.py instead). `save(path)` writes a copy of the
current state, atomically. The server calls `Store.call(request)` from many threads: one connection
guarded by a lock, one transaction per call (a fault rolls the call back).

Result shapes follow migrator/mock/protocol.py. Choices the reference leaves open are documented
in the ops_* modules; in short: ids are integers from the store (never reused), timestamps are
UTC `YYYY-MM-DD HH:MM:SS`, lookups of a missing entity answer `{}`, collection results carry
profiles'/subprofiles' `fields` (and profiles' `interests`) only with `allproperties`, while
databases, collections and fields always come back whole, as do single-entity results.
The historic `timestamp` parameter of Profile/SubProfile writes is accepted and ignored.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from migrator.mock import ops_account, ops_collection, ops_database, ops_profile, ops_subprofile
from migrator.mock.faults import Fault, missing_parameter, unknown_method
from migrator.mock.protocol import Request

Handler = Callable[[sqlite3.Connection, dict], dict]

# `login` is not here: the server answers it (sessions are auth, not state).
HANDLERS: dict[str, Handler] = {
    **ops_account.HANDLERS, **ops_database.HANDLERS, **ops_collection.HANDLERS,
    **ops_profile.HANDLERS, **ops_subprofile.HANDLERS,
}

# AUTOINCREMENT so a removed object's id is never handed out again (clients may keep ids).
SCHEMA = """
CREATE TABLE IF NOT EXISTS databases (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL,
    unsubscribebehavior TEXT NOT NULL DEFAULT 'nothing', lastbuilt TEXT);
CREATE TABLE IF NOT EXISTS collections (
    id INTEGER PRIMARY KEY AUTOINCREMENT, database_id INTEGER NOT NULL, name TEXT NOT NULL,
    weight INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL,
    unsubscribebehavior TEXT NOT NULL DEFAULT 'nothing', lastbuilt TEXT,
    UNIQUE (database_id, name));
CREATE TABLE IF NOT EXISTS fields (
    id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, owner INTEGER NOT NULL,
    name TEXT NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL, display INTEGER NOT NULL,
    ordered INTEGER NOT NULL, length INTEGER NOT NULL, textlines INTEGER NOT NULL,
    hidden INTEGER NOT NULL, idx INTEGER NOT NULL, specialcontent TEXT,
    UNIQUE (scope, owner, name));
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, owner INTEGER NOT NULL,
    profile INTEGER, code TEXT NOT NULL, extra TEXT NOT NULL DEFAULT '', created TEXT NOT NULL,
    modified TEXT NOT NULL, lastexport TEXT, interests TEXT NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS records_by_owner ON records (kind, owner);
CREATE INDEX IF NOT EXISTS records_by_profile ON records (profile);
CREATE TABLE IF NOT EXISTS vals (
    record INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, folded TEXT NOT NULL,
    PRIMARY KEY (record, name)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS vals_by_folded ON vals (name, folded);
"""


class Store:
    def __init__(self, path: str | os.PathLike | None = None):
        """Open (creating if needed) the state. A file that cannot be opened raises sqlite3.Error;
        one that opens but is not a SQLite database raises ValueError with a one-line reason."""
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path or ":memory:", check_same_thread=False)
        try:
            if path:
                # WAL + NORMAL: a commit per call without an fsync per call; safe against crashes
                # of the mock, which is all a test double needs.
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
            with self._db:
                self._db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise ValueError(f"cannot use {os.fspath(path)} as mock state: {exc}") from None

    def call(self, request: Request) -> dict:
        """Run one business operation; raises Fault for what a SOAP client should see as a fault."""
        operation = request.operation
        handler = HANDLERS.get(operation.name)
        if handler is None:
            raise Fault(unknown_method(operation.name))
        for name in operation.required:
            if request.params.get(name) is None:
                raise Fault(missing_parameter(name))
        with self._lock, self._db:  # one transaction per call: commit, or roll back on any error
            return handler(self._db, request.params)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The connection, locked, inside one transaction (commit, or roll back on any error):
        for writers outside a SOAP call, such as the seed loader (migrator/mock/seed.py)."""
        with self._lock, self._db:
            yield self._db

    def save(self, path: str) -> None:
        """Write the current state to a SQLite file at `path` (atomically: temp file + rename)."""
        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(prefix=".store-", suffix=".sqlite", dir=folder)
        os.close(fd)
        try:
            target = sqlite3.connect(tmp)
            try:
                with self._lock:
                    self._db.backup(target)
            finally:
                target.close()
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
