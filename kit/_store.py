"""The engagement store: one SQLite file per engagement, validated writes, import and export."""

import contextlib
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
import yaml

from ._io import MAX_CELL_CHARS, Row, dumps_extra, safe_yaml, write_folder
from ._schema import ENGAGEMENT_FIELDS, KEYLESS, MEMBER_REFS, ORDER, PERSON_TABLES, SESSION_TABLES, TABLES
from .catalog import kpis_in_force, rubrics_in_force
from .errors import KitError, NotFoundError, Problem, StoreError, ValidationError
from .validate import Dataset, _parse_rows, check, validate

__all__ = ["Engagement", "open_engagement"]

SCHEMA_VERSION = 5


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


def _v1_to_v2(con):
    """Version 2: the pulse says when it was taken (opening or closing); every older answer is an opening one."""
    con.execute("ALTER TABLE pulse ADD COLUMN phase TEXT")
    con.execute("UPDATE pulse SET phase = 'opening'")


# The room (kit/room): which step a team-session is on, the personal links (as hashes), and which links have given
# their once-only anonymous answer (the pulse), each as a hash of the link and the question: it says that a link
# answered, never which answer (the answers are stored apart, in no order: kit._schema's shuffled tables). Nothing
# here says who wrote an anonymous SWOT item: the room keeps that in its memory only (kit/room/_room.py).
_ANSWERED_DDL = (
    "CREATE TABLE IF NOT EXISTS room_answered (session_id TEXT NOT NULL REFERENCES sessions(session_id), "
    "what TEXT NOT NULL, mark TEXT NOT NULL, PRIMARY KEY (session_id, what, mark)) WITHOUT ROWID"
)
_ROOM_DDL = [
    _ANSWERED_DDL,
    "CREATE TABLE IF NOT EXISTS room_state (session_id TEXT PRIMARY KEY REFERENCES sessions(session_id), "
    "state TEXT NOT NULL DEFAULT '{}')",
    "CREATE TABLE IF NOT EXISTS room_links (session_id TEXT NOT NULL REFERENCES sessions(session_id), "
    "who TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created TEXT NOT NULL, PRIMARY KEY (session_id, who))",
]


def _v2_to_v3(con):
    """Version 3: the room's tables (its state, the personal links as hashes)."""
    for stmt in _ROOM_DDL:
        con.execute(stmt)


# Version 4 (contract v2): the review loop's tables and columns, as they were declared when they were added (a
# later change to the contract is a migration of its own).
_V4_TABLES = ("asks", "partners", "strategies", "coaching", "conversations")
_V4_COLUMNS = {
    "goals": ("implication", "progress"),
    "swot": ("department", "ask", "answer"),
    "actions": ("ask_id", "for_id"),
    "pulse": ("dimension",),
}


def _v3_to_v4(con):
    """Version 4: asks, partners, strategies, coaching and conversations; new optional columns elsewhere."""
    for name in _V4_TABLES:
        for stmt in _table_ddl(name):
            con.execute(stmt)
    for name, cols in _V4_COLUMNS.items():
        for c in cols:
            con.execute(f"ALTER TABLE {name} ADD COLUMN {_column_ddl(TABLES[name].col(c))}")
    con.execute("UPDATE pulse SET dimension = 'team' WHERE dimension IS NULL")


# Tables whose rows refer to (or are referred to by) rows of other sessions of the same team: an action answers an
# ask of an earlier session, a strategy pairs SWOT items and names an action. A write to a session is checked with
# these tables of the team's other sessions too.
TEAM_REFERENCED = ("asks", "swot", "actions", "strategies")
# What a write to one of these session tables is checked against, besides the rows of the sessions it touches of
# that table: the other tables kit.validate.check sets it against (a SWOT vote names an item). A write to a table
# not named here is checked against every table of those sessions and what other sessions of the team point at.
# The room's writes (a goal, a dot, a score, a pulse answer) then read a few dozen rows, not the session's hundreds.
CHECKED_WITH = {
    "goals": (),
    "commitments": (),
    "kpis": (),
    "kpi_votes": (),
    "roleplay": (),
    "pulse": (),
    "swot_votes": ("swot",),
}


# version -> function(con) bringing a store from that version to the next one.
def _v4_to_v5(con):
    """Version 5: the room remembers which links gave their once-only anonymous answer (as hashes)."""
    con.execute(_ANSWERED_DDL)


MIGRATIONS = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5}

_SQL_TYPE = {"number": "REAL", "measure": "REAL", "rate": "REAL", "int": "INTEGER"}


def _member_fks(name):
    """Member columns the store enforces: all but an outside rater's, and teams.manager_id (teams come first)."""
    if ORDER.index(name) < ORDER.index("members"):
        return []
    return [c for c in MEMBER_REFS.get(name, ()) if not TABLES[name].col(c).outsider]


def _column_ddl(c):
    """A column as the store declares it (a column added later may be empty in older rows: never NOT NULL)."""
    return f"{c.name} {_SQL_TYPE.get(c.kind, 'TEXT')}{'' if c.blank or not c.required else ' NOT NULL'}"


def _table_ddl(name):
    t = TABLES[name]
    cols = ["row_id INTEGER PRIMARY KEY"] if not t.key else []
    cols += [_column_ddl(c) for c in t.columns]
    cols.append("extra TEXT NOT NULL DEFAULT '{}'")
    if t.key:
        cols.append(f"PRIMARY KEY ({', '.join(t.key)})")
    if name in ("members", "sessions"):
        cols.append("FOREIGN KEY (team_id) REFERENCES teams(team_id)")
    if "session_id" in t.names and name != "sessions":
        cols.append("FOREIGN KEY (session_id) REFERENCES sessions(session_id)")
    for col in _member_fks(name):
        cols.append(f"FOREIGN KEY ({col}) REFERENCES members(member_id)")
    stmts = [f"CREATE TABLE {name} (\n  " + ",\n  ".join(cols) + "\n)"]
    if "session_id" in t.names and name != "sessions":
        stmts.append(f"CREATE INDEX {name}_session ON {name}(session_id)")
    if name in PERSON_TABLES:
        stmts.append(f"CREATE INDEX {name}_member ON {name}({PERSON_TABLES[name]})")
    return stmts


def _ddl():
    stmts = [
        "CREATE TABLE schema_version (version INTEGER NOT NULL)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
        "CREATE TABLE kpi_catalog (kpi_id TEXT PRIMARY KEY, position INTEGER, spec TEXT NOT NULL)",
        "CREATE TABLE rubrics (rubric_id TEXT PRIMARY KEY, spec TEXT NOT NULL)",
    ]
    for name in ORDER:
        stmts += _table_ddl(name)
    return stmts + _ROOM_DDL


_INDEXES = [
    "CREATE INDEX IF NOT EXISTS members_team ON members(team_id)",
    "CREATE INDEX IF NOT EXISTS sessions_team ON sessions(team_id)",
]


def _where(name, values):
    t = TABLES[name]
    if t.key:
        return f"stored {name} (" + ", ".join(f"{k} {values.get(k)}" for k in t.key) + ")"
    return f"stored {name} (session {values.get('session_id')})"


def _same(a, b):
    return a.values == b.values and a.extra == b.extra


class Engagement:
    """One engagement's store. Readers return DataFrames; writers validate first and change nothing if rejected.

    Parameters
    ----------
    path : str or Path
        The ``.db`` file.
    create : bool
        Create the file if it does not exist (otherwise a missing file is an error).
    """

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
    def data_version(self):
        """A number that changes whenever another connection commits to the store (sqlite's data_version): the
        room polls it to learn of a correction made from the notebooks."""
        return self._con.execute("PRAGMA data_version").fetchone()[0]

    def room_state(self, session_id):
        """The room's state for a session: its step, whether the SWOT is revealed, the role play open ({} if none)."""
        row = self._con.execute("SELECT state FROM room_state WHERE session_id = ?", (session_id,)).fetchone()
        return _json(self.path, row[0], f"the room state of {session_id}") if row else {}

    def set_room_state(self, session_id, *, unless=None, **changes):
        """Change some of the room's state for a session (in one transaction); returns the state now. ``unless``:
        function(the stored state) -> a reason not to (the change is then not written, and None returned)."""
        with self._transaction() as con:
            row = con.execute("SELECT state FROM room_state WHERE session_id = ?", (session_id,)).fetchone()
            stored = _json(self.path, row[0], "the room state") if row else {}
            if unless is not None and unless(stored):
                return None
            state = {**stored, **changes}
            con.execute(
                "INSERT INTO room_state (session_id, state) VALUES (?, ?) "
                "ON CONFLICT(session_id) DO UPDATE SET state = excluded.state",
                (session_id, json.dumps(state, sort_keys=True)),
            )
        return state

    def room_answered(self, session_id, what, mark=None):
        """How many links gave their once-only answer ``what`` in the room (with ``mark``: 1 if that one did)."""
        sql, params = "SELECT COUNT(*) FROM room_answered WHERE session_id = ? AND what = ?", [session_id, what]
        if mark is not None:
            sql, params = sql + " AND mark = ?", params + [mark]
        return self._con.execute(sql, params).fetchone()[0]

    def mark_room_answer(self, session_id, what, mark, *, remove=False):
        """Record that the link of ``mark`` answered ``what`` (False, writing nothing, when it had already);
        ``remove`` takes the record back (an answer that could not be written)."""
        with self._transaction() as con:
            if remove:
                con.execute(
                    "DELETE FROM room_answered WHERE session_id = ? AND what = ? AND mark = ?", (session_id, what, mark)
                )
                return True
            new = con.execute(
                "INSERT OR IGNORE INTO room_answered VALUES (?, ?, ?) RETURNING mark", (session_id, what, mark)
            )
            return len(new) == 1

    def room_links(self, session_id):
        """{who (a member_id, or 'wall'): hash of their link's token} for a session's room."""
        return dict(self._con.execute("SELECT who, token_hash FROM room_links WHERE session_id = ?", (session_id,)))

    def set_room_links(self, session_id, hashes, *, created):
        """Replace a session's links by ``hashes`` ({who: token hash}); the old links stop working."""
        with self._transaction() as con:
            con.execute("DELETE FROM room_links WHERE session_id = ?", (session_id,))
            for who, h in hashes.items():
                con.execute("INSERT INTO room_links VALUES (?, ?, ?, ?)", (session_id, who, h, created))

    def room_link(self, token_hash):
        """(session_id, who) of the link with this token hash, or None."""
        row = self._con.execute("SELECT session_id, who FROM room_links WHERE token_hash = ?", (token_hash,))
        return tuple(row[0]) if row else None

    # ------------------------------------------------------------ reading
    @property
    def settings(self):
        """The engagement's settings: name, client, currency, facilitator, dot_budget."""
        meta = self._meta(self._con)
        return {k: meta.get(k) for k in ENGAGEMENT_FIELDS}

    def _meta(self, con):
        return {k: _json(self.path, v, f"setting {k!r}") for k, v in con.execute("SELECT key, value FROM meta")}

    def table(self, name, **filters):
        """Rows of one table as a DataFrame; ``filters`` select equal values, ``team_id`` works for session rows."""
        if name not in TABLES:
            raise NotFoundError(f"no table {name!r}; valid: {', '.join(TABLES)}")
        t = TABLES[name]
        cols = (["row_id"] if not t.key else []) + t.names
        sql, params = f"SELECT {', '.join(cols)} FROM {name}", []
        conds = []
        for col, value in filters.items():
            if value is None:
                continue
            if col == "team_id" and col not in t.names and "session_id" in t.names:
                conds.append("session_id IN (SELECT session_id FROM sessions WHERE team_id = ?)")
            elif col == "team_id" and col not in t.names and name in PERSON_TABLES:  # the team's people's rows
                conds.append("member_id IN (SELECT member_id FROM members WHERE team_id = ?)")
            elif col in cols:
                conds.append(f"{col} = ?")
            else:
                raise KitError(f"table {name} has no column {col!r}; valid: {', '.join(cols)}")
            params.append(value)
        if conds:
            sql += " WHERE " + " AND ".join(conds)
        sql += " ORDER BY " + (", ".join(t.key) if t.key else _order(name) if t.shuffled else "row_id")
        return pd.DataFrame(self._con.execute(sql, params).fetchall(), columns=cols)

    def teams(self, **f):
        return self.table("teams", **f)

    def members(self, **f):
        return self.table("members", **f)

    def sessions(self, **f):
        return self.table("sessions", **f)

    def goals(self, **f):
        return self.table("goals", **f)

    def commitments(self, **f):
        return self.table("commitments", **f)

    def swot(self, **f):
        return self.table("swot", **f)

    def swot_votes(self, **f):
        return self.table("swot_votes", **f)

    def kpi_votes(self, **f):
        return self.table("kpi_votes", **f)

    def kpis(self, **f):
        return self.table("kpis", **f)

    def kpi_actuals(self, **f):
        return self.table("kpi_actuals", **f)

    def roleplay(self, **f):
        return self.table("roleplay", **f)

    def actions(self, **f):
        return self.table("actions", **f)

    def pulse(self, **f):
        return self.table("pulse", **f)

    def asks(self, **f):
        return self.table("asks", **f)

    def partners(self, **f):
        return self.table("partners", **f)

    def strategies(self, **f):
        return self.table("strategies", **f)

    def coaching(self, **f):
        return self.table("coaching", **f)

    def conversations(self, **f):
        return self.table("conversations", **f)

    def dataset(self):
        """Everything in the store as a :class:`kit.validate.Dataset` (what checks and exports use)."""
        return self._dataset(self._con)

    def kpi_catalog(self):
        """The KPI catalogue in force (shipped plus the engagement's own), as {kpi_id: spec}."""
        return kpis_in_force(self._extra_kpis(self._con))

    def rubrics(self):
        """The rubrics in force, as {rubric_id: spec}."""
        return rubrics_in_force(self._extra_rubrics(self._con))

    def _spec(self, text, what):
        try:
            return safe_yaml(text)
        except (yaml.YAMLError, ValueError) as e:
            raise StoreError(f"{self.path}: the store is damaged: {what} cannot be read ({e}); {_RESTORE}") from None

    def _extra_kpis(self, con):
        return [
            self._spec(s, f"KPI {k!r}")
            for k, s in con.execute("SELECT kpi_id, spec FROM kpi_catalog ORDER BY position")
        ]

    def _extra_rubrics(self, con):
        return {r: self._spec(s, f"rubric {r!r}") for r, s in con.execute("SELECT rubric_id, spec FROM rubrics")}

    def _rows(self, con, name, where="", params=()):
        """Stored rows of one table (``where``: an SQL condition), in the order they were written (a shuffled
        table's: by key, or at random for a keyless one, never in the order written)."""
        t = TABLES[name]
        cols = (["row_id"] if not t.key else []) + t.names + ["extra"]
        rows = []
        for rec in con.execute(
            f"SELECT {', '.join(cols)} FROM {name} {'WHERE ' + where if where else ''} ORDER BY {_order(name)}", params
        ):
            values = dict(zip(cols, rec))
            extra = values.pop("extra")
            extra = _json(self.path, extra, f"{_where(name, values)}, column extra") if extra != "{}" else {}
            rows.append(Row(_where(name, values), None, values, extra))
        return rows

    def _dataset(self, con):
        ds = Dataset(label=str(self.path))
        for name in ORDER:
            ds.tables[name] = self._rows(con, name)
            if ds.tables[name]:
                ds.present.add(name)
        self._settings_into(con, ds)
        return ds

    def _settings_into(self, con, ds):
        ds.engagement = self._meta(con) or None
        ds.extra_kpis = self._extra_kpis(con)
        ds.extra_rubrics = self._extra_rubrics(con)

    def _scoped(self, con, *, teams=(), sessions=(), members=(), actuals=(), defines=(), tables=None):
        """The stored rows a write must be checked against, and nothing else, so the check costs the same at any
        store size: the rows of the ``sessions`` touched, everything of the ``teams`` touched (their members,
        sessions and those sessions' rows), the ``members`` named and the KPI actuals of ``actuals``; and around
        them whatever those rows refer to (their sessions, teams, managers, leaders, voters, raters). ``tables``:
        the session tables to read (default all, and the rows of other sessions of the team they may point at).

        Returns None when a named team or session does not exist (other than those the write itself makes,
        ``defines``): the caller then checks against the whole store, so the message lists the valid ones
        exactly as a full check does."""

        def ids(sql, values):
            values = sorted({v for v in values if v is not None})
            if not values:
                return set()
            return {r[0] for r in con.execute(sql.format(q=",".join("?" * len(values))), values)}

        teams, sessions, members, defines = set(teams), set(sessions), set(members), set(defines)
        named = {t for t in teams if t is not None} - defines
        if ids("SELECT team_id FROM teams WHERE team_id IN ({q})", named) != named:
            return None
        named = {s for s in sessions if s is not None} - defines
        if ids("SELECT session_id FROM sessions WHERE session_id IN ({q})", named) != named:
            return None
        sessions |= ids("SELECT session_id FROM sessions WHERE team_id IN ({q})", teams)
        actuals = set(actuals) | ids("SELECT member_id FROM members WHERE team_id IN ({q})", teams)
        ds = Dataset(label=str(self.path))
        q = ",".join("?" * len(sessions))
        for name in SESSION_TABLES:
            wanted = sessions and (tables is None or name in tables)
            ds.tables[name] = self._rows(con, name, f"session_id IN ({q})", sorted(sessions)) if wanted else []
        others = set()
        if (
            sessions and tables is None
        ):  # rows that name an ask, a SWOT item or an action of another session of the same team
            others = (
                ids(
                    "SELECT session_id FROM sessions WHERE team_id IN "
                    "(SELECT team_id FROM sessions WHERE session_id IN ({q}))",
                    sessions,
                )
                - sessions
            )
            if others:
                oq = ",".join("?" * len(others))
                for name in TEAM_REFERENCED:
                    ds.tables[name] += self._rows(con, name, f"session_id IN ({oq})", sorted(others))
        for name, col in PERSON_TABLES.items():
            ds.tables[name] = (
                self._rows(con, name, f"{col} IN ({','.join('?' * len(actuals))})", sorted(actuals)) if actuals else []
            )
        known = sessions | others
        ds.tables["sessions"] = (
            self._rows(con, "sessions", f"session_id IN ({','.join('?' * len(known))})", sorted(known)) if known else []
        )
        teams |= {r.values["team_id"] for r in ds.tables["sessions"]}
        for name, cols in MEMBER_REFS.items():
            if name not in ("teams", "members"):
                members |= {r.values[c] for r in ds.tables[name] for c in cols if r.values.get(c)}
        members |= {r.values[c] for name in PERSON_TABLES for r in ds.tables[name] for c in MEMBER_REFS[name]}
        teams |= ids("SELECT team_id FROM members WHERE member_id IN ({q})", members)
        tq, mq = ",".join("?" * len(teams)) or "NULL", ",".join("?" * len(members)) or "NULL"
        ds.tables["teams"] = self._rows(
            con, "teams", f"team_id IN ({tq}) OR manager_id IN ({mq})", sorted(teams) + sorted(members)
        )
        managers = {r.values["manager_id"] for r in ds.tables["teams"]}
        teams |= {r.values["team_id"] for r in ds.tables["teams"]}
        tq, mq = ",".join("?" * len(teams)) or "NULL", ",".join("?" * len(members | managers)) or "NULL"
        ds.tables["members"] = self._rows(
            con, "members", f"team_id IN ({tq}) OR member_id IN ({mq})", sorted(teams) + sorted(members | managers)
        )
        ds.present = {n for n, rows in ds.tables.items() if rows}
        ds.firsts = {}  # the tables messages name ("... in stored members (member_id mgr)"), as a full check names them
        for name in ("teams", "members", "sessions", "swot"):
            firsts = [
                _where(name, dict(zip(TABLES[name].key, r)))
                for r in con.execute(
                    f"SELECT {', '.join(TABLES[name].key)} FROM {name} ORDER BY {_order(name)} LIMIT 2"
                )
            ]
            ds.firsts[name] = (firsts, {r.where for r in ds.tables[name]}, len(ds.tables[name]))
        self._settings_into(con, ds)
        return ds

    @staticmethod
    def _name_tables(ds):
        """After a change to a scoped dataset: how a full check would name each table (its first row then)."""
        for name, (firsts, loaded, count) in getattr(ds, "firsts", {}).items():
            rows = ds.tables[name]
            if not firsts:
                continue
            if firsts[0] not in loaded or firsts[0] in {r.where for r in rows}:
                ds.wheres[name] = firsts[0]  # not touched by the change, or still there
            elif len(rows) == count and rows:
                ds.wheres[name] = rows[0].where  # changed in place (a new key): still the first row
            elif len(firsts) > 1 and (firsts[1] not in loaded or firsts[1] in {r.where for r in rows}):
                ds.wheres[name] = firsts[1]  # the first row was deleted

    # ------------------------------------------------------------ writing
    @contextlib.contextmanager
    def _transaction(self):
        con = self._con
        if self.readonly:
            raise StoreError(
                f"{self.path}: the store is read-only; copy it to a folder you can write to and open "
                "the copy (nothing was written)"
            )
        with con.lock:  # a shared connection: nobody else's statement runs inside this transaction
            con.execute("BEGIN IMMEDIATE")  # one writer at a time: the check sees what the write changes
            try:
                yield con
            except BaseException:
                con.rollback()
                raise
            else:
                con.execute("COMMIT")

    def _apply(self, change, *, scope=None, action="Nothing was written."):
        """Run ``change(ds)`` on the stored data in memory, check the result, and only then write its ops.

        ``scope(con)`` -> keyword arguments of :meth:`_scoped`: the rows the write touches; the check then
        reads and checks only those and the rows around them. Without it (an import) the whole store is checked.
        Returns the rows the ops returned (the row_id of each new row of a keyless table)."""
        with self._transaction() as con:
            ds = self._scoped(con, **scope(con)) if scope is not None else None
            full = ds is None
            if full:
                ds = self._dataset(con)
            ops = change(ds)
            self._name_tables(ds)
            errors = [p for p in check(ds, advice=False) if p.severity == "error"]
            if errors:
                raise ValidationError(errors, action=action)
            out = []
            try:
                for sql, params in ops:
                    out += con.execute(sql, params)
            except sqlite3.IntegrityError as e:  # a safety net: the check above should have caught it
                raise StoreError(f"{self.path}: the store refused the change ({e}); nothing was written") from e
        self.changes = len(ops)
        return out

    def _scope(self, name, rows):
        """What a write of ``rows`` (value dicts, the old and the new) to table ``name`` must be checked against."""

        def scope(con):
            teams, sessions, members, actuals, defines = set(), set(), set(), set(), set()
            for v in rows:
                members |= {v.get(c) for c in MEMBER_REFS.get(name, ()) if v.get(c)}
                if name in ("teams", "sessions"):
                    defines.add(v.get(TABLES[name].key[0]))  # a new team or session is made, not named
                if name in ("teams", "members", "sessions"):
                    teams.add(v.get("team_id"))
                    if name == "members" and v.get("member_id"):
                        members.add(v["member_id"])
                        teams |= {
                            t
                            for (t,) in con.execute(
                                "SELECT team_id FROM members WHERE member_id = ?", (v["member_id"],)
                            )
                        }
                    if name == "sessions":
                        teams |= {
                            t
                            for (t,) in con.execute(
                                "SELECT team_id FROM sessions WHERE session_id = ?", (v.get("session_id"),)
                            )
                        }
                elif name in PERSON_TABLES:
                    actuals.add(v.get(PERSON_TABLES[name]))
                else:
                    sessions.add(v.get("session_id"))
            read = (name, *CHECKED_WITH[name]) if name in CHECKED_WITH else None
            return dict(teams=teams, sessions=sessions, members=members, actuals=actuals, defines=defines, tables=read)

        return scope

    def _new_rows(self, name, rows):
        if name not in TABLES:
            raise NotFoundError(f"no table {name!r}; valid: {', '.join(TABLES)}")
        if isinstance(rows, dict):
            rows = [rows]
        t = TABLES[name]
        made, problems = [], []
        for i, r in enumerate(rows, start=1):
            unknown = set(r) - set(t.names)
            if unknown:
                raise KitError(f"{name} has no column {sorted(unknown)[0]!r}; valid: {', '.join(t.names)}")
            where = f"new {name} row" + (f" {i}" if len(rows) > 1 else "")
            values = {c: r.get(c) for c in t.names}
            for c, v in values.items():
                msg = _cell_problem(v)
                if msg:
                    problems.append(Problem(where, msg, column=c))
            if not problems:
                made.append(Row(where, None, values))
        if problems:  # a list or an oversized text is refused as validate refuses it, before any parsing
            raise ValidationError(problems)
        _parse_rows(name, made, problems)
        if problems:
            raise ValidationError(problems)
        return made

    def add(self, name, rows):
        """Add one row (a dict) or several to table ``name``; a key that exists already is an error."""
        new = self._new_rows(name, rows)

        def change(ds):
            ds.tables[name].extend(new)
            return [_upsert(name, r) for r in new]

        out = self._apply(change, scope=self._scope(name, [r.values for r in new]))
        if not TABLES[name].key:
            return [rid for (rid,) in out]
        return None

    def add_dots(self, name, key, dots):
        """Add ``dots`` to a voter's dots on an item (``name``: swot_votes or kpi_votes; ``key``: session_id,
        item_id or kpi_id, voter_id), reading and writing in one transaction so that votes cast at the same
        moment on other devices are all counted; the dot budget is checked in that same transaction.
        Returns the voter's dots on the item now."""
        if name not in ("swot_votes", "kpi_votes"):
            raise KitError(f"dots are cast in swot_votes or kpi_votes, not {name!r}")
        t = TABLES[name]
        fresh = self._new_rows(name, dict(key, dots=dots))[0]
        k = _key(name, fresh)

        def change(ds):
            for i, r in enumerate(ds.tables[name]):
                if _key(name, r) == k:
                    total = self._new_rows(name, dict(key, dots=r.values["dots"] + fresh.values["dots"]))[0]
                    total.extra = r.extra
                    ds.tables[name][i] = total
                    return _update(name, r, total)
            ds.tables[name].append(fresh)
            return [_upsert(name, fresh)]

        self._apply(change, scope=self._scope(name, [fresh.values]))
        (now,) = self._con.execute(f"SELECT dots FROM {name} WHERE " + " AND ".join(f"{c} = ?" for c in t.key), k)
        return now[0]

    def add_many(self, rows_by_table):
        """Add rows to several tables in one checked write (a new team and its manager refer to each other)."""
        new = {name: self._new_rows(name, rows) for name, rows in rows_by_table.items()}

        def change(ds):
            ops = []
            for name in ORDER:  # referenced tables first
                if name in new:
                    ds.tables[name].extend(new[name])
                    ops += [_upsert(name, r) for r in new[name]]
            return ops

        touched = {name: [r.values for r in rows] for name, rows in new.items()}

        def scope(con):
            parts = [self._scope(name, rows)(con) for name, rows in touched.items()]
            if not parts:
                return {}
            tables = [p.pop("tables") for p in parts]
            both = {k: set().union(*(p[k] for p in parts)) for k in parts[0]}
            return {**both, "tables": None if None in tables else set().union(*tables)}

        self._apply(change, scope=scope)

    def put(self, name, rows):
        """Add rows, or replace the stored rows with the same key (for keyed tables)."""
        new = self._new_rows(name, rows)
        t = TABLES[name]
        if not t.key:
            raise KitError(f"{name} has no key; use add, update or delete with row_id")

        def change(ds):
            index = {_key(name, r): i for i, r in enumerate(ds.tables[name])}
            for r in new:
                if _key(name, r) in index:
                    ds.tables[name][index[_key(name, r)]] = r
                else:
                    ds.tables[name].append(r)
            return [_upsert(name, r) for r in new]

        self._apply(change, scope=self._scope(name, [r.values for r in new]))

    def update(self, name, key, **changes):
        """Change columns of the row with ``key`` (a dict of key columns, or {'row_id': n})."""

        def change(ds):
            i, old = self._find(ds, name, key)
            raw = {**old.values, **changes}
            raw.pop("row_id", None)
            new = self._new_rows(name, raw)[0]
            if "row_id" in old.values:
                new.values["row_id"] = old.values["row_id"]
            new.extra = old.extra
            ds.tables[name][i] = new
            return _update(name, old, new)

        self._apply(change, scope=self._scope_of_row(name, key, changes))

    def delete(self, name, key):
        """Remove the row with ``key``; refused if other rows still refer to it."""

        def change(ds):
            i, old = self._find(ds, name, key)
            del ds.tables[name][i]
            return [_delete(name, old)]

        self._apply(change, scope=self._scope_of_row(name, key), action="Nothing was deleted.")

    def _scope_of_row(self, name, key, changes=None):
        """The scope of a change to one stored row: its old values and the new ones."""

        def scope(con):
            cols = (TABLES[name].key or ("row_id",)) if name in TABLES else ()
            found = []
            if name in TABLES and all(c in key for c in cols):
                t = TABLES[name]
                names = (["row_id"] if not t.key else []) + t.names
                found = [
                    dict(zip(names, r))
                    for r in con.execute(
                        f"SELECT {', '.join(names)} FROM {name} WHERE " + " AND ".join(f"{c} = ?" for c in cols),
                        [key[c] for c in cols],
                    )
                ]
            rows = found + [{**f, **(changes or {})} for f in found]
            return self._scope(name, rows)(con) if found else dict(sessions={None})  # not found: _find says so

        return scope

    def _find(self, ds, name, key):
        if name not in TABLES:
            raise NotFoundError(f"no table {name!r}; valid: {', '.join(TABLES)}")
        cols = TABLES[name].key or ("row_id",)
        missing = [c for c in cols if c not in key]
        if missing:
            raise KitError(f"to find a {name} row give {', '.join(cols)}")
        for i, r in enumerate(ds.tables[name]):
            if all(str(r.values.get(c)) == str(key[c]) for c in cols):
                return i, r
        raise NotFoundError(f"{name} has no row with " + ", ".join(f"{c} {key[c]!r}" for c in cols))

    def set_settings(self, **settings):
        """Set engagement settings (name, client, currency, facilitator, dot_budget), checked first."""
        from .validate import _check_engagement

        bad = set(settings) - set(ENGAGEMENT_FIELDS)
        if bad:
            raise KitError(f"unknown setting {sorted(bad)[0]!r}; valid: {', '.join(ENGAGEMENT_FIELDS)}")
        problems = []
        meta = _check_engagement(
            {**{k: v for k, v in self.settings.items() if v is not None}, **settings}, "engagement settings", problems
        )
        if problems:
            raise ValidationError(problems)

        def change(ds):
            ds.engagement = meta
            return [
                ("INSERT OR REPLACE INTO meta VALUES (?, ?)", (k, json.dumps(v, ensure_ascii=False)))
                for k, v in meta.items()
            ]

        def scope(con):  # a smaller dot budget concerns the sessions where someone spent more than it
            over = set()
            for table in ("swot_votes", "kpi_votes"):
                over |= {
                    s
                    for (s,) in con.execute(
                        f"SELECT DISTINCT session_id FROM {table} GROUP BY session_id, voter_id HAVING sum(dots) > ?",
                        (meta["dot_budget"],),
                    )
                }
            return dict(sessions=over)

        self._apply(change, scope=scope)

    # ------------------------------------------------------------ import / export
    def import_source(self, source):
        """Import a folder or workbook: same ids are updated, the rest is kept; all or nothing.

        Returns the checked :class:`Dataset` of the source (its ``warnings`` are worth printing).
        """
        new = validate(source)
        if new.errors:
            raise ValidationError(new.problems, action="Nothing was imported.")

        def change(ds):
            if ds.engagement and ds.engagement.get("name") != new.engagement.get("name"):
                raise StoreError(
                    f"{self.path} holds engagement {ds.engagement.get('name')!r}, but {source} is "
                    f"{new.engagement.get('name')!r}; import it into a store of its own"
                )
            ops = []
            if ds.engagement != new.engagement:
                ds.engagement = new.engagement
                ops += [
                    ("INSERT OR REPLACE INTO meta VALUES (?, ?)", (k, json.dumps(v, ensure_ascii=False)))
                    for k, v in new.engagement.items()
                ]
            stored = {_spec(k) for k in ds.extra_kpis}
            for pos, k in enumerate(new.extra_kpis):
                if _spec(k) not in stored:
                    ops.append(("INSERT OR REPLACE INTO kpi_catalog VALUES (?, ?, ?)", (str(k["id"]), pos, _spec(k))))
            ds.extra_kpis = [k for k in ds.extra_kpis if k["id"] not in {n["id"] for n in new.extra_kpis}]
            ds.extra_kpis += new.extra_kpis
            for rid, spec in new.extra_rubrics.items():
                if ds.extra_rubrics.get(rid) != spec:
                    ops.append(("INSERT OR REPLACE INTO rubrics VALUES (?, ?)", (rid, _spec(spec))))
                    ds.extra_rubrics[rid] = spec
            for name in ORDER:
                rows = new.tables.get(name, [])
                if name in KEYLESS:
                    ops += _replace_sessions(ds, name, rows)
                    continue
                index = {_key(name, r): i for i, r in enumerate(ds.tables[name])}
                for r in rows:
                    i = index.get(_key(name, r))
                    if i is None:
                        ds.tables[name].append(r)
                        ops.append(_upsert(name, r))
                    elif not _same(ds.tables[name][i], r):
                        ds.tables[name][i] = r
                        ops.append(_upsert(name, r))
            return ops

        self._apply(change, action="Nothing was imported.")
        new.changes = self.changes
        return new

    def export(self, folder):
        """Write the store back as an engagement folder (the interchange format)."""
        ds = self.dataset()
        if not ds.engagement:
            raise NotFoundError(f"{self.path} is empty; import an engagement folder first")
        for name in KEYLESS:
            for r in ds.tables[name]:
                r.values.pop("row_id", None)
        write_folder(folder, ds.tables, engagement=ds.engagement, kpi_catalog=ds.extra_kpis, rubrics=ds.extra_rubrics)
        return Path(folder)


def _cell_problem(value):
    """What is wrong with a value given through the API for one cell (None if nothing): a cell holds one value
    (text, a number, a date) of at most MAX_CELL_CHARS characters, as in a file :func:`validate` reads."""
    if isinstance(value, (str, bytes, bytearray)):
        if isinstance(value, (bytes, bytearray)):
            return f"is {type(value).__name__}, not text; a cell holds one value (text, a number or a date)"
        if len(value) > MAX_CELL_CHARS:
            return f"holds {len(value):,} characters; a cell holds at most {MAX_CELL_CHARS:,}"
        return None
    if isinstance(value, (Mapping, Iterable)):
        kind = {list: "list", tuple: "list", dict: "dict", set: "set", frozenset: "set"}.get(type(value))
        return f"is a {kind or type(value).__name__}; a cell holds one value (text, a number or a date)"
    return None


def _spec(spec):
    """A KPI or rubric spec as stored: YAML keeps its types (a rubric's anchor levels are numbers)."""
    return yaml.safe_dump(spec, sort_keys=True, allow_unicode=True)


def _key(name, row):
    return tuple(row.values.get(c) for c in TABLES[name].key)


def _order(name):
    """How a table's stored rows are read: as written; a shuffled table's by key, or, keyless, by its values (never
    as written, and the same for the same rows whatever their random places: reports re-rendered from a new import
    of the same folder are the same)."""
    t = TABLES[name]
    if t.shuffled:
        return ", ".join(t.key or t.names)
    return "rowid"


def _upsert(name, row):
    t = TABLES[name]
    cols = t.names + ["extra"]
    params = [row.values.get(c) for c in t.names] + [dumps_extra(row.extra)]
    if t.shuffled and row.values.get("row_id") is None:  # a random place: the file's order tells nothing
        cols, params = ["rowid"] + cols, [secrets.randbelow(2**62) + 1] + params
    if not t.key:
        if row.values.get("row_id") is not None:
            cols, params = ["row_id"] + cols, [row.values["row_id"]] + params
        return (
            f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) RETURNING row_id",
            params,
        )
    sets = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in t.key and c != "rowid")
    return (
        f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
        f"ON CONFLICT ({', '.join(t.key)}) DO UPDATE SET {sets}",
        params,
    )


def _update(name, old, new):
    """Change a row in place (so rows that refer to it stay valid); a changed key is a delete and an insert."""
    t = TABLES[name]
    key = t.key or ("row_id",)
    if any(old.values.get(c) != new.values.get(c) for c in key):
        return [_delete(name, old), _upsert(name, new)]
    cols = [c for c in t.names if c not in key]
    return [
        (
            f"UPDATE {name} SET {', '.join(f'{c} = ?' for c in cols)}, extra = ? WHERE "
            + " AND ".join(f"{c} = ?" for c in key),
            [new.values.get(c) for c in cols] + [dumps_extra(new.extra)] + [old.values[c] for c in key],
        )
    ]


def _delete(name, row):
    cols = TABLES[name].key or ("row_id",)
    return (f"DELETE FROM {name} WHERE " + " AND ".join(f"{c} = ?" for c in cols), [row.values[c] for c in cols])


def _replace_sessions(ds, name, rows):
    """Keyless tables: the folder's rows for a session replace that session's stored rows (if they differ)."""
    ops = []
    by_session = {}
    for r in rows:
        by_session.setdefault(r.values["session_id"], []).append(r)

    def content(rs):
        return sorted(
            json.dumps([{k: v for k, v in r.values.items() if k != "row_id"}, r.extra], sort_keys=True, default=str)
            for r in rs
        )

    for sid, new_rows in by_session.items():
        old = [r for r in ds.tables[name] if r.values["session_id"] == sid]
        if content(old) == content(new_rows):
            continue
        ds.tables[name] = [r for r in ds.tables[name] if r.values["session_id"] != sid] + new_rows
        ops.append((f"DELETE FROM {name} WHERE session_id = ?", [sid]))
        ops += [_upsert(name, r) for r in new_rows]
    return ops


def open_engagement(path, *, create=False, readonly=None):
    """Open an engagement store (``create=True`` makes a new empty one if ``path`` does not exist;
    ``readonly=True`` reads without writing anything, which is the default for a store one cannot write)."""
    return Engagement(path, create=create, readonly=readonly)
