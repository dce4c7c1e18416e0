"""The store's tables as SQL, made from the contract (:mod:`kit._schema`), and the migrations that bring a store
written by an older kit up to this one's version, one step a version."""

from .._schema import MEMBER_REFS, ORDER, PERSON_TABLES, TABLES


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


def _v4_to_v5(con):
    """Version 5: the room remembers which links gave their once-only anonymous answer (as hashes)."""
    con.execute(_ANSWERED_DDL)


def _v5_to_v6(con):
    """Version 6 (contract v3): each seller's target accounts."""
    for stmt in _table_ddl("accounts"):
        con.execute(stmt)


def _add_missing(con, name, cols):
    """Add the columns a store lacks (one stamped older, made from today's tables, has them already)."""
    has = {r[1] for r in con.execute(f"PRAGMA table_info({name})")}
    for c in cols:
        if c not in has:
            con.execute(f"ALTER TABLE {name} ADD COLUMN {_column_ddl(TABLES[name].col(c))}")


def _v6_to_v7(con):
    """Version 7 (contract v4): where a KPI result came from (the CRM export it was computed from)."""
    _add_missing(con, "kpi_actuals", ("source",))


def _v7_to_v8(con):
    """Version 8 (contract v4): a recurring commitment's period and minutes (the manager's promised coaching time)."""
    _add_missing(con, "actions", ("every_days", "minutes"))


# The hub between sessions (kit/hub): each member's one personal link for the quarter, as a hash (like the room's).
_HUB_DDL = [
    "CREATE TABLE IF NOT EXISTS hub_links (team_id TEXT NOT NULL REFERENCES teams(team_id), who TEXT NOT NULL, "
    "token_hash TEXT NOT NULL UNIQUE, created TEXT NOT NULL, PRIMARY KEY (team_id, who))",
    # which coaching entries have been rated, each as a hash of the rater's link and the entry: a seller rates one
    # entry once, and nothing in the store says who rated, nor which rating is whose
    "CREATE TABLE IF NOT EXISTS hub_rated (mark TEXT PRIMARY KEY) WITHOUT ROWID",
]


def _v8_to_v9(con):
    """Version 9 (contract v5): the dated history of statuses, whom each seller shares their results with, and the
    hub's links."""
    has = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for name in ("history", "sharing", "coaching_ratings"):
        if name not in has:
            for stmt in _table_ddl(name):
                con.execute(stmt)
    for stmt in _HUB_DDL:
        con.execute(stmt)


# version -> function(con) bringing a store from that version to the next one.
MIGRATIONS = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
    6: _v6_to_v7,
    7: _v7_to_v8,
    8: _v8_to_v9,
}

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
    return stmts + _ROOM_DDL + _HUB_DDL


_INDEXES = [
    "CREATE INDEX IF NOT EXISTS members_team ON members(team_id)",
    "CREATE INDEX IF NOT EXISTS sessions_team ON sessions(team_id)",
]
