"""The store's file: its connection (shared by a room's pages, one statement or transaction at a time), checking
its version (the tables and migrations are :mod:`._ddl`), and what an sqlite error means in words."""

import contextlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path

from .._schema import ORDER, TABLES
from ..errors import KitError, NotFoundError, StoreError
from ._ddl import _INDEXES, MIGRATIONS, _ddl

SCHEMA_VERSION = 9


_RESTORE = "restore it from a backup, or import the engagement folder into a new store"


def _explain(path, e):
    """One line for an sqlite error: which store, what happened, what to do."""
    text = str(e) or type(e).__name__
    low = text.lower()
    if "full" in low:
        return f"{path}: the disk is full ({text}); free some disk space and try again (nothing was written)"
    if "readonly" in low or "read-only" in low:
        return (
            f"{path}: the store is read-only ({text}); copy it to a folder you can write to and open the "
            "copy (reading works as it is)"
        )
    if "locked" in low or "busy" in low:
        return f"{path}: another program kept the store busy for a minute ({text}); close it and try again"
    if "malformed" in low or "not a database" in low or "encrypted" in low:
        return f"{path}: the store is damaged ({text}); {_RESTORE}"
    if "no such table" in low or "no such column" in low:
        return f"{path}: the store is damaged or was changed by hand ({text}); {_RESTORE}"
    if "unable to open" in low:
        return f"{path}: the store cannot be opened ({text}); check that the file and its folder can be read"
    if "disk i/o" in low:
        return f"{path}: the disk failed while using the store ({text}); copy the store to a local disk and try again"
    return f"{path}: the store cannot be used ({text}); {_RESTORE}"


class _Rows(list):
    """Rows of a query, fetched at once (so an error in the middle surfaces where the query runs)."""

    def fetchone(self):
        return self[0] if self else None

    def fetchall(self):
        return list(self)


class _Con:
    """The store's connection: every sqlite error becomes one :class:`StoreError` line naming the store."""

    def __init__(self, path, con, lock):
        self.path, self.raw, self.lock = path, con, lock

    def execute(self, sql, params=()):
        try:
            with self.lock:
                return _Rows(self.raw.execute(sql, params).fetchall())
        except sqlite3.IntegrityError:
            raise  # the caller says which rule
        except sqlite3.Error as e:
            raise StoreError(_explain(self.path, e)) from e

    @property
    def in_transaction(self):
        return self.raw.in_transaction

    def rollback(self):
        """Undo the open transaction, if sqlite has not already (it does after a full disk): never hide the cause."""
        if self.raw.in_transaction:
            try:
                self.raw.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def close(self):
        with self.lock:  # a shared connection: never under another thread's statement
            self.raw.close()


def _writable(path):
    """Can this process write the store and make its journal files beside it?"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _json(path, text, what):
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        raise StoreError(
            f"{path}: the store is damaged: {what} holds {str(text)[:60]!r}, which is not valid JSON; {_RESTORE}"
        ) from None


def _where(name, values):
    t = TABLES[name]
    if t.key:
        return f"stored {name} (" + ", ".join(f"{k} {values.get(k)}" for k in t.key) + ")"
    return f"stored {name} (session {values.get('session_id')})"


def _same(a, b):
    return a.values == b.values and a.extra == b.extra


def _order(name):
    """How a table's stored rows are read: as written; a shuffled table's by key, or, keyless, by its values (never
    as written, and the same for the same rows whatever their random places: reports re-rendered from a new import
    of the same folder are the same)."""
    t = TABLES[name]
    if t.shuffled:
        return ", ".join(t.key or t.names)
    return "rowid"


class _Connection:
    """Opening, checking and migrating the store; transactions."""

    def __init__(self, path, *, create=False, readonly=None, threads=False):
        self.path = Path(path)
        if not self.path.exists() and not create:
            raise NotFoundError(f"{self.path}: no such store; create it with 'workshop-kit import FOLDER {self.path}'")
        if self.path.is_dir():
            raise StoreError(
                f"{self.path} is a folder; give the store's .db file (or import the folder with 'workshop-kit import')"
            )
        if readonly is None:  # a store on read-only media (a USB stick, a shared folder) can still be read
            readonly = self.path.exists() and not _writable(self.path)
        self.readonly = readonly
        if not readonly:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(
                    f"{self.path}: its folder cannot be made ({e.strerror}); choose a folder you can write to"
                ) from e
        raw = None
        try:
            if readonly:  # no journal, no WAL files, no schema changes: nothing is written
                raw = self._connect_readonly()
            else:
                # threads: the room's pages share one connection from the server's threads (see handle())
                raw = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=not threads)
            # with threads, one statement or one transaction at a time, the others wait their turn in this process
            # (not in sqlite's busy handler, which sleeps and retries: thirty writers at once starve some of them)
            self._con = _Con(self.path, raw, threading.RLock() if threads else contextlib.nullcontext())
            self._threads, self._shared = threads, False
            self._con.execute("PRAGMA foreign_keys = ON")
            self._con.execute("PRAGMA busy_timeout = 60000")
            if not readonly:
                self._con.execute("PRAGMA journal_mode = WAL")
            self._prepare()
        except (sqlite3.DatabaseError, StoreError) as e:
            if raw is not None:
                raw.close()
            if isinstance(e, StoreError) and "file is not a database" not in str(e):
                raise
            raise StoreError(
                f"{self.path}: not a workshop store (file is not a database); give the .db file "
                "made by 'workshop-kit import'"
            ) from e

    def _connect_readonly(self):
        uri = self.path.resolve().as_uri()
        try:
            con = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=60, isolation_level=None)
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return con
        except sqlite3.OperationalError:  # a WAL store on media where its -shm file cannot be made
            return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=60, isolation_level=None)

    # ------------------------------------------------------------ schema
    def _prepare(self):
        con = self._con
        if self.readonly:
            self._check_schema(con, writable=False)
            return
        con.execute("BEGIN IMMEDIATE")
        try:
            has = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone()
            if not has:
                if con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise StoreError(f"{self.path}: an SQLite file, but not a workshop store")
                for stmt in _ddl():
                    con.execute(stmt)
                con.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            self._check_schema(con, writable=True)
            for stmt in _INDEXES:  # added after version 2: lookups by team for checked writes
                con.execute(stmt)
            con.execute("COMMIT")
        except BaseException:
            con.rollback()
            raise

    def _check_schema(self, con, *, writable):
        """The version (a newer kit's store is refused; an older one migrated) and every table present."""
        has = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone()
        if not has:
            raise StoreError(f"{self.path}: an SQLite file, but not a workshop store")
        rows = con.execute("SELECT version FROM schema_version").fetchall()
        if len(rows) != 1 or not isinstance(rows[0][0], int) or rows[0][0] < 1:
            found = ", ".join(repr(r[0]) for r in rows) or "nothing"
            raise StoreError(
                f"{self.path}: the store is damaged: its schema_version table holds {found}, not "
                f"one version number; {_RESTORE}"
            )
        version = rows[0][0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer kit (store version {version}, this kit "
                f"reads {SCHEMA_VERSION}); update the kit"
            )
        if version < SCHEMA_VERSION and not writable:
            raise StoreError(
                f"{self.path}: written by an older kit (store version {version}, this kit reads "
                f"{SCHEMA_VERSION}) and read-only, so it cannot be upgraded; copy it to a folder you "
                "can write to and open the copy"
            )
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](con)
            version += 1
            con.execute("UPDATE schema_version SET version = ?", (version,))
        tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [n for n in ["meta", "kpi_catalog", "rubrics"] + ORDER if n not in tables]
        if missing:
            raise StoreError(f"{self.path}: the store is damaged: table {missing[0]} is missing; {_RESTORE}")

    def handle(self):
        """Another handle on this connection (opened with ``threads=True``) for one of its users in this process
        (each page of the room): the store is opened once, whatever the number of pages, and the handle's
        :meth:`close` leaves the connection open for the others."""
        if not self._threads:
            raise KitError("only a store opened with threads=True can be shared")
        h = object.__new__(type(self))
        h.__dict__.update(self.__dict__)
        h._shared = True
        return h

    def close(self):
        if not self._shared:
            self._con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"<Engagement {self.path}>"

    # ------------------------------------------------------------ the room (kit/room)
    @contextlib.contextmanager
    def _transaction(self):
        con = self._con
        if self.readonly:
            raise StoreError(
                f"{self.path}: the store is read-only; copy it to a folder you can write to and open "
                "the copy (nothing was written)"
            )
        self._begin(con)  # one writer at a time: the check sees what the write changes
        try:
            try:
                yield con
            except BaseException:
                con.rollback()
                raise
            try:
                con.execute("COMMIT")
            except BaseException:
                con.rollback()  # a shared connection is never left inside a transaction
                raise
        finally:
            if self._threads:
                con.lock.release()

    def _begin(self, con):
        """BEGIN IMMEDIATE. On a shared connection (``threads``) the transaction holds the connection's lock, so
        nobody else's statement runs inside it; while another program (a notebook, an import) writes, the wait
        happens with the lock released, a try every 20 ms for up to a minute, so the room's other pages keep
        reading meanwhile."""
        if not self._threads:
            con.execute("BEGIN IMMEDIATE")
            return
        deadline = time.monotonic() + 60
        while True:
            con.lock.acquire()
            try:
                con.raw.execute("PRAGMA busy_timeout = 20")
                try:
                    con.raw.execute("BEGIN IMMEDIATE")
                    return
                finally:
                    con.raw.execute("PRAGMA busy_timeout = 60000")
            except sqlite3.OperationalError as e:
                con.lock.release()
                low = str(e).lower()
                if ("locked" not in low and "busy" not in low) or time.monotonic() > deadline:
                    raise StoreError(_explain(self.path, e)) from e
                time.sleep(0.02)
            except BaseException:
                con.lock.release()
                raise
