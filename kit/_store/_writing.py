"""Writing the store: every write checked first (scoped to the rows it touches), and nothing changed if refused."""

import dataclasses
import datetime as dt
import json
import secrets
import sqlite3
from collections.abc import Iterable, Mapping

import yaml

from .._io import MAX_CELL_CHARS, Row, dumps_extra
from .._schema import ENGAGEMENT_FIELDS, HISTORY_OF, MEMBER_REFS, ORDER, PERSON_TABLES, TABLES
from ..errors import KitError, NotFoundError, Problem, StoreError, ValidationError
from ..validate import _parse_rows, check
from ._reading import CHECKED_WITH


class _Writing:
    """Writers validate first and change nothing if rejected."""

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

    def add(self, name, rows, *, changed_on=None, change_note=None):
        """Add one row (a dict) or several to table ``name``; a key that exists already is an error.

        ``changed_on`` (a date): an action or an ask added between sessions (the hub) is recorded in ``history`` as
        added that day, so the documents of a session held before it do not show it."""
        new = self._new_rows(name, rows)

        def change(ds):
            ds.tables[name].extend(new)
            ops = [_upsert(name, r) for r in new]
            if changed_on is not None:
                for r in new:
                    ops += self._history(ds, name, None, r, changed_on, change_note)
            return ops

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
        fresh = self._new_rows(name, dict(key, dots=dots))[0]
        k = _key(name, fresh)

        now = {}  # the voter's dots on the item, as written in the transaction

        def change(ds):
            for i, r in enumerate(ds.tables[name]):
                if _key(name, r) == k:
                    total = self._new_rows(name, dict(key, dots=r.values["dots"] + fresh.values["dots"]))[0]
                    total.extra = r.extra
                    ds.tables[name][i] = total
                    now["dots"] = total.values["dots"]
                    return _update(name, r, total)
            ds.tables[name].append(fresh)
            now["dots"] = fresh.values["dots"]
            return [_upsert(name, fresh)]

        self._apply(change, scope=self._scope(name, [fresh.values]))
        return now["dots"]

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

    def merge_swot_items(self, session_id, keep, duplicate):
        """Merge SWOT item ``duplicate`` into ``keep`` (same session): its dots are added to ``keep``'s, voter by
        voter (a voter's total is unchanged, so no budget is passed), and it is removed. ``keep`` keeps its words;
        its name goes when the two were written by different people (a merged item is the room's: whose words it
        holds is not said). One checked write: nothing changes if refused."""
        if keep == duplicate:
            raise KitError("choose two different items to merge")

        def change(ds):
            here = lambda r: r.values["session_id"] == session_id  # noqa: E731  (an item id is the session's)
            items = {r.values["item_id"]: (i, r) for i, r in enumerate(ds.tables["swot"]) if here(r)}
            for item in (keep, duplicate):
                if item not in items:
                    raise NotFoundError(f"no SWOT item {item!r} in session {session_id!r}: it may have been merged")
            ops = []
            (ki, kept), (_, dup) = items[keep], items[duplicate]
            if kept.values.get("author_id") != dup.values.get("author_id") and kept.values.get("author_id"):
                new = dataclasses.replace(kept, values={**kept.values, "author_id": None})
                ds.tables["swot"][ki] = new
                ops += _update("swot", kept, new)
            votes = ds.tables["swot_votes"]
            mine = {r.values["voter_id"]: i for i, r in enumerate(votes) if here(r) and r.values["item_id"] == keep}
            for r in [r for r in votes if here(r) and r.values["item_id"] == duplicate]:
                voter = r.values["voter_id"]
                if voter in mine:
                    old = votes[mine[voter]]
                    total = dataclasses.replace(
                        old, values={**old.values, "dots": old.values["dots"] + r.values["dots"]}
                    )
                    votes[mine[voter]] = total
                    ops += _update("swot_votes", old, total)
                else:
                    moved = dataclasses.replace(r, values={**r.values, "item_id": keep})
                    votes.append(moved)
                    ops.append(_upsert("swot_votes", moved))
                ops.append(_delete("swot_votes", r))
            ds.tables["swot_votes"] = [r for r in votes if not (here(r) and r.values["item_id"] == duplicate)]
            # a strategy that paired the duplicate pairs the kept item now (named once)
            for i, r in enumerate(ds.tables.get("strategies", [])):
                ids = [x for x in str(r.values.get("item_ids") or "").replace("+", " ").split() if x]
                if here(r) and duplicate in ids:
                    ids = list(dict.fromkeys(keep if x == duplicate else x for x in ids))
                    new = dataclasses.replace(r, values={**r.values, "item_ids": " ".join(ids)})
                    ds.tables["strategies"][i] = new
                    ops += _update("strategies", r, new)
            ds.tables["swot"] = [r for r in ds.tables["swot"] if not (here(r) and r.values["item_id"] == duplicate)]
            return ops + [_delete("swot", dup)]

        self._apply(change, action="Nothing was merged.")

    def put(self, name, rows, *, changed_on=None, change_note=None):
        """Add rows, or replace the stored rows with the same key (for keyed tables). A status changed is recorded
        in ``history``, dated ``changed_on`` (default today)."""
        new = self._new_rows(name, rows)
        t = TABLES[name]
        if not t.key:
            raise KitError(f"{name} has no key; use add, update or delete with row_id")

        def change(ds):
            index = {_key(name, r): i for i, r in enumerate(ds.tables[name])}
            ops = []
            for r in new:
                if _key(name, r) in index:
                    old = ds.tables[name][index[_key(name, r)]]
                    ds.tables[name][index[_key(name, r)]] = r
                    ops += self._history(ds, name, old, r, changed_on, change_note)
                else:
                    ds.tables[name].append(r)
                    if changed_on is not None:
                        ops += self._history(ds, name, None, r, changed_on, change_note)
            return [_upsert(name, r) for r in new] + ops

        self._apply(change, scope=self._scope(name, [r.values for r in new]))

    def update(self, name, key, *, changed_on=None, change_note=None, **changes):
        """Change columns of the row with ``key`` (a dict of key columns, or {'row_id': n}). An action's or an ask's
        status changed is recorded in ``history``, dated ``changed_on`` (a session's form: that session's date;
        default today), with ``change_note``."""

        def change(ds):
            i, old = self._find(ds, name, key)
            raw = {**old.values, **changes}
            raw.pop("row_id", None)
            new = self._new_rows(name, raw)[0]
            if "row_id" in old.values:
                new.values["row_id"] = old.values["row_id"]
            new.extra = old.extra
            ds.tables[name][i] = new
            return _update(name, old, new) + self._history(ds, name, old, new, changed_on, change_note)

        self._apply(change, scope=self._scope_of_row(name, key, changes))

    def delete(self, name, key):
        """Remove the row with ``key``; refused if other rows still refer to it."""

        def change(ds):
            i, old = self._find(ds, name, key)
            del ds.tables[name][i]
            ops = [_delete(name, old)]
            if name in HISTORY_OF:  # its history goes with it
                mine = _history_key(name, old.values)[:3]
                gone = [h for h in ds.tables["history"] if _history_key("history", h.values)[:3] == mine]
                ds.tables["history"] = [h for h in ds.tables["history"] if h not in gone]
                ops += [_delete("history", h) for h in gone]
            return ops

        self._apply(change, scope=self._scope_of_row(name, key), action="Nothing was deleted.")

    def _history(self, ds, name, old, new, on, note):
        """The writes that record an action's or an ask's status change (``old`` None: the row was added) in
        ``history``: one row per item and day, keeping what it was before that day's first change; a day whose
        changes undo each other leaves no row."""
        if name not in HISTORY_OF:
            return []
        was = old.values.get("status") if old is not None else None
        became = new.values.get("status")
        if old is not None and was == became and note is None:
            return []
        on = on or dt.date.today().isoformat()
        on = on.isoformat() if hasattr(on, "isoformat") else str(on)
        key = (new.values["session_id"], name, new.values[HISTORY_OF[name]], on)
        rows = ds.tables["history"]
        same = [i for i, h in enumerate(rows) if _history_key("history", h.values) == key]
        if same:
            first = rows[same[0]]
            was = first.values.get("was")
            note = note if note is not None else first.values.get("note")
        ops = [_delete("history", rows[same[0]])] if same else []
        if same:
            del rows[same[0]]
        if old is not None and was == became and not same and note is None:
            return ops
        if same and was == became:  # the day's changes undid each other
            return ops
        h = self._new_rows(
            "history",
            {
                "date": on,
                "session_id": key[0],
                "record": name,
                "item_id": key[2],
                "was": was,
                "became": became,
                "note": note or None,
            },
        )[0]
        rows.append(h)
        return ops + [_upsert("history", h)]

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
        from ..validate import _check_engagement

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


def _history_key(name, values):
    """(session, record, item, date) of a history row, or of an action's or ask's row (without a date)."""
    if name == "history":
        return (values["session_id"], values["record"], values["item_id"], values["date"])
    return (values["session_id"], name, values[HISTORY_OF[name]], None)


def _delete(name, row):
    cols = TABLES[name].key or ("row_id",)
    return (f"DELETE FROM {name} WHERE " + " AND ".join(f"{c} = ?" for c in cols), [row.values[c] for c in cols])
