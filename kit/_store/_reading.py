"""Reading the store: tables as DataFrames, the whole dataset, and the rows a write is checked against."""

import pandas as pd
import yaml

from .._io import Row, safe_yaml
from .._schema import ENGAGEMENT_FIELDS, MEMBER_REFS, ORDER, PERSON_TABLES, SESSION_TABLES, TABLES
from ..catalog import kpis_in_force, rubrics_in_force
from ..errors import KitError, NotFoundError, StoreError
from ..validate import Dataset
from ._connection import _RESTORE, _json, _order, _where

# Tables whose rows refer to (or are referred to by) rows of other sessions of the same team: an action answers an
# ask of an earlier session, a strategy pairs SWOT items and names an action. A write to a session is checked with
# these tables of the team's other sessions too.
TEAM_REFERENCED = ("asks", "swot", "actions", "strategies")
# What a write to one of these session tables is checked against, besides the rows of the sessions it touches of
# that table: the other tables kit.validate.check sets it against (a SWOT vote names an item). A write to a table
# not named here is checked against every table of those sessions and what other sessions of the team point at.
# The room's writes (a goal, an account, a dot, a score, a pulse answer) then read a few dozen rows, not the
# session's hundreds.
CHECKED_WITH = {
    "goals": (),
    "accounts": (),
    "commitments": (),
    "kpis": (),
    "kpi_votes": (),
    "roleplay": (),
    "pulse": (),
    "swot_votes": ("swot",),
}


class _Reading:
    """Readers return DataFrames; the scoped dataset is what a write is checked against."""

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
