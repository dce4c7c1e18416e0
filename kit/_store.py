"""The engagement store: one SQLite file per engagement, validated writes, import and export."""

import contextlib
import json
import sqlite3
from pathlib import Path

import pandas as pd
import yaml

from ._io import Row, dumps_extra, write_folder
from ._schema import ENGAGEMENT_FIELDS, KEYLESS, MEMBER_REFS, ORDER, TABLES
from .catalog import kpis_in_force, rubrics_in_force
from .errors import KitError, NotFoundError, StoreError, ValidationError
from .validate import Dataset, _parse_rows, check, validate

__all__ = ["Engagement", "open_engagement"]

SCHEMA_VERSION = 2


def _v1_to_v2(con):
    """Version 2: the pulse says when it was taken (opening or closing); every older answer is an opening one."""
    con.execute("ALTER TABLE pulse ADD COLUMN phase TEXT")
    con.execute("UPDATE pulse SET phase = 'opening'")


# version -> function(con) bringing a store from that version to the next one.
MIGRATIONS = {1: _v1_to_v2}

_SQL_TYPE = {"number": "REAL", "measure": "REAL", "rate": "REAL", "int": "INTEGER"}


def _member_fks(name):
    """Member columns the store enforces: all but an outside rater's, and teams.manager_id (teams come first)."""
    if ORDER.index(name) < ORDER.index("members"):
        return []
    return [c for c in MEMBER_REFS.get(name, ()) if not TABLES[name].col(c).outsider]


def _ddl():
    stmts = ["CREATE TABLE schema_version (version INTEGER NOT NULL)",
             "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
             "CREATE TABLE kpi_catalog (kpi_id TEXT PRIMARY KEY, position INTEGER, spec TEXT NOT NULL)",
             "CREATE TABLE rubrics (rubric_id TEXT PRIMARY KEY, spec TEXT NOT NULL)"]
    for name in ORDER:
        t = TABLES[name]
        cols = ["row_id INTEGER PRIMARY KEY"] if not t.key else []
        for c in t.columns:
            cols.append(f"{c.name} {_SQL_TYPE.get(c.kind, 'TEXT')}{'' if c.blank else ' NOT NULL'}")
        cols.append("extra TEXT NOT NULL DEFAULT '{}'")
        if t.key:
            cols.append(f"PRIMARY KEY ({', '.join(t.key)})")
        if name in ("members", "sessions"):
            cols.append("FOREIGN KEY (team_id) REFERENCES teams(team_id)")
        if "session_id" in t.names and name != "sessions":
            cols.append("FOREIGN KEY (session_id) REFERENCES sessions(session_id)")
        for col in _member_fks(name):
            cols.append(f"FOREIGN KEY ({col}) REFERENCES members(member_id)")
        stmts.append(f"CREATE TABLE {name} (\n  " + ",\n  ".join(cols) + "\n)")
        if "session_id" in t.names and name != "sessions":
            stmts.append(f"CREATE INDEX {name}_session ON {name}(session_id)")
    return stmts


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

    def __init__(self, path, *, create=False):
        self.path = Path(path)
        if not self.path.exists() and not create:
            raise NotFoundError(f"{self.path}: no such store; create it with "
                                f"'workshop-kit import FOLDER {self.path}'")
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder; give the store's .db file (or import the folder "
                             "with 'workshop-kit import')")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._con.execute("PRAGMA foreign_keys = ON")
            self._con.execute("PRAGMA busy_timeout = 60000")
            self._con.execute("PRAGMA journal_mode = WAL")
            self._prepare()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a workshop store ({e}); give the .db file made by "
                             "'workshop-kit import'") from e

    # ------------------------------------------------------------ schema
    def _prepare(self):
        con = self._con
        con.execute("BEGIN IMMEDIATE")
        try:
            has = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone()
            if not has:
                if con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise StoreError(f"{self.path}: an SQLite file, but not a workshop store")
                for stmt in _ddl():
                    con.execute(stmt)
                con.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            version = con.execute("SELECT version FROM schema_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: written by a newer kit (store version {version}, this kit "
                                 f"reads {SCHEMA_VERSION}); update the kit")
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](con)
                version += 1
                con.execute("UPDATE schema_version SET version = ?", (version,))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def close(self):
        self._con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"<Engagement {self.path}>"

    # ------------------------------------------------------------ reading
    @property
    def settings(self):
        """The engagement's settings: name, client, currency, facilitator, dot_budget."""
        meta = {k: json.loads(v) for k, v in self._con.execute("SELECT key, value FROM meta")}
        return {k: meta.get(k) for k in ENGAGEMENT_FIELDS}

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
            elif col in cols:
                conds.append(f"{col} = ?")
            else:
                raise KitError(f"table {name} has no column {col!r}; valid: {', '.join(cols)}")
            params.append(value)
        if conds:
            sql += " WHERE " + " AND ".join(conds)
        sql += " ORDER BY " + (", ".join(t.key) if t.key else "row_id")
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

    def dataset(self):
        """Everything in the store as a :class:`kit.validate.Dataset` (what checks and exports use)."""
        return self._dataset(self._con)

    def kpi_catalog(self):
        """The KPI catalogue in force (shipped plus the engagement's own), as {kpi_id: spec}."""
        return kpis_in_force(self._extra_kpis(self._con))

    def rubrics(self):
        """The rubrics in force, as {rubric_id: spec}."""
        return rubrics_in_force(self._extra_rubrics(self._con))

    @staticmethod
    def _extra_kpis(con):
        return [yaml.safe_load(s) for (s,) in con.execute("SELECT spec FROM kpi_catalog ORDER BY position")]

    @staticmethod
    def _extra_rubrics(con):
        return {r: yaml.safe_load(s) for r, s in con.execute("SELECT rubric_id, spec FROM rubrics")}

    def _dataset(self, con):
        ds = Dataset(label=str(self.path))
        for name in ORDER:
            t = TABLES[name]
            cols = (["row_id"] if not t.key else []) + t.names + ["extra"]
            rows = []
            for rec in con.execute(f"SELECT {', '.join(cols)} FROM {name} ORDER BY rowid"):
                values = dict(zip(cols, rec))
                extra = json.loads(values.pop("extra"))
                rows.append(Row(_where(name, values), None, values, extra))
            ds.tables[name] = rows
            if rows:
                ds.present.add(name)
        meta = {k: json.loads(v) for k, v in con.execute("SELECT key, value FROM meta")}
        ds.engagement = meta or None
        ds.extra_kpis = self._extra_kpis(con)
        ds.extra_rubrics = self._extra_rubrics(con)
        return ds

    # ------------------------------------------------------------ writing
    @contextlib.contextmanager
    def _transaction(self):
        con = self._con
        con.execute("BEGIN IMMEDIATE")  # one writer at a time: the check sees what the write changes
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        else:
            con.execute("COMMIT")

    def _apply(self, change, *, action="Nothing was written."):
        """Run ``change(ds)`` on the stored data in memory, check the result, and only then write its ops."""
        with self._transaction() as con:
            ds = self._dataset(con)
            ops = change(ds)
            errors = [p for p in check(ds) if p.severity == "error"]
            if errors:
                raise ValidationError(errors, action=action)
            try:
                for sql, params in ops:
                    con.execute(sql, params)
            except sqlite3.IntegrityError as e:  # a safety net: the check above should have caught it
                raise StoreError(f"{self.path}: the store refused the change ({e}); nothing was written") from e
        return len(ops)

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
            made.append(Row(where, None, {c: r.get(c) for c in t.names}))
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
        self._apply(change)
        if not TABLES[name].key:
            return [rid for (rid,) in self._con.execute(
                f"SELECT row_id FROM {name} ORDER BY row_id DESC LIMIT ?", (len(new),))][::-1]
        return None

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
        self._apply(change)

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
        self._apply(change)

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
        self._apply(change)

    def delete(self, name, key):
        """Remove the row with ``key``; refused if other rows still refer to it."""
        def change(ds):
            i, old = self._find(ds, name, key)
            del ds.tables[name][i]
            return [_delete(name, old)]
        self._apply(change, action="Nothing was deleted.")

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
        meta = _check_engagement({**{k: v for k, v in self.settings.items() if v is not None}, **settings},
                                 "engagement settings", problems)
        if problems:
            raise ValidationError(problems)

        def change(ds):
            ds.engagement = meta
            return [("INSERT OR REPLACE INTO meta VALUES (?, ?)", (k, json.dumps(v, ensure_ascii=False)))
                    for k, v in meta.items()]
        self._apply(change)

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
                raise StoreError(f"{self.path} holds engagement {ds.engagement.get('name')!r}, but {source} is "
                                 f"{new.engagement.get('name')!r}; import it into a store of its own")
            ops = []
            if ds.engagement != new.engagement:
                ds.engagement = new.engagement
                ops += [("INSERT OR REPLACE INTO meta VALUES (?, ?)", (k, json.dumps(v, ensure_ascii=False)))
                        for k, v in new.engagement.items()]
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
        new.changes = self._apply(change, action="Nothing was imported.")
        return new

    def export(self, folder):
        """Write the store back as an engagement folder (the interchange format)."""
        ds = self.dataset()
        if not ds.engagement:
            raise NotFoundError(f"{self.path} is empty; import an engagement folder first")
        for name in KEYLESS:
            for r in ds.tables[name]:
                r.values.pop("row_id", None)
        write_folder(folder, ds.tables, engagement=ds.engagement, kpi_catalog=ds.extra_kpis,
                     rubrics=ds.extra_rubrics)
        return Path(folder)


def _spec(spec):
    """A KPI or rubric spec as stored: YAML keeps its types (a rubric's anchor levels are numbers)."""
    return yaml.safe_dump(spec, sort_keys=True, allow_unicode=True)


def _key(name, row):
    return tuple(row.values.get(c) for c in TABLES[name].key)


def _upsert(name, row):
    t = TABLES[name]
    cols = t.names + ["extra"]
    params = [row.values.get(c) for c in t.names] + [dumps_extra(row.extra)]
    if not t.key:
        if row.values.get("row_id") is not None:
            cols, params = ["row_id"] + cols, [row.values["row_id"]] + params
        return (f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", params)
    sets = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in t.key)
    return (f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
            f"ON CONFLICT ({', '.join(t.key)}) DO UPDATE SET {sets}", params)


def _update(name, old, new):
    """Change a row in place (so rows that refer to it stay valid); a changed key is a delete and an insert."""
    t = TABLES[name]
    key = t.key or ("row_id",)
    if any(old.values.get(c) != new.values.get(c) for c in key):
        return [_delete(name, old), _upsert(name, new)]
    cols = [c for c in t.names if c not in key]
    return [(f"UPDATE {name} SET {', '.join(f'{c} = ?' for c in cols)}, extra = ? WHERE "
             + " AND ".join(f"{c} = ?" for c in key),
             [new.values.get(c) for c in cols] + [dumps_extra(new.extra)] + [old.values[c] for c in key])]


def _delete(name, row):
    cols = TABLES[name].key or ("row_id",)
    return (f"DELETE FROM {name} WHERE " + " AND ".join(f"{c} = ?" for c in cols),
            [row.values[c] for c in cols])


def _replace_sessions(ds, name, rows):
    """Keyless tables: the folder's rows for a session replace that session's stored rows (if they differ)."""
    ops = []
    by_session = {}
    for r in rows:
        by_session.setdefault(r.values["session_id"], []).append(r)

    def content(rs):
        return sorted(json.dumps([{k: v for k, v in r.values.items() if k != "row_id"}, r.extra],
                                 sort_keys=True, default=str) for r in rs)
    for sid, new_rows in by_session.items():
        old = [r for r in ds.tables[name] if r.values["session_id"] == sid]
        if content(old) == content(new_rows):
            continue
        ds.tables[name] = [r for r in ds.tables[name] if r.values["session_id"] != sid] + new_rows
        ops.append((f"DELETE FROM {name} WHERE session_id = ?", [sid]))
        ops += [_upsert(name, r) for r in new_rows]
    return ops


def open_engagement(path, *, create=False):
    """Open an engagement store (``create=True`` makes a new empty one if ``path`` does not exist)."""
    return Engagement(path, create=create)
