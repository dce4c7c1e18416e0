"""Checking an engagement against the contract: every problem at once, each located as a spreadsheet shows it."""

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from ._io import format_value, read_source
from ._schema import (
    CURRENCIES,
    DEFAULT_DOT_BUDGET,
    DEPARTMENTS,
    GOAL_ADVICE,
    ID_PATTERN,
    KPI_ADVICE,
    LARGEST,
    ONE_TO_ONE,
    PERSON_TABLES,
    SESSION_MEMBER_REFS,
    SMALLEST,
    SMALLEST_RATE,
    TABLES,
    span_words,
)
from .catalog import check_kpis, check_rubric, kpi_range, kpis_in_force, rubrics_in_force
from .errors import Problem

__all__ = ["Dataset", "validate", "parse_cell", "check", "split_ids"]

_ID = re.compile(ID_PATTERN)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+\s*%?$")
_NUMERIC = ("number", "measure", "rate", "int")

# Columns that name a member, per table; each must belong to the session's team.
MEMBER_COLUMNS = SESSION_MEMBER_REFS
KPI_TABLES = ("kpi_votes", "kpis", "kpi_actuals", "actions")


@dataclass
class Dataset:
    """A parsed engagement: rows per table, the engagement settings, the catalogue and rubrics in force."""

    label: str = ""
    tables: dict = field(default_factory=dict)  # name -> list[Row] with parsed values
    present: set = field(default_factory=set)  # files that were given (an absent optional file = step not run)
    broken: set = field(default_factory=set)  # tables that could not be read well enough to check
    engagement: dict | None = None
    engagement_where: str = "engagement.yaml"
    extra_kpis: list = field(default_factory=list)  # the engagement's own KPIs
    extra_rubrics: dict = field(default_factory=dict)  # the engagement's own rubrics, by id
    bad_rubrics: set = field(default_factory=set)  # rubric ids whose file was refused (reported once, there)
    problems: list = field(default_factory=list)
    wheres: dict = field(default_factory=dict)  # table -> how messages name it, when not its first row's place
    changes: int = 0  # set by an import: how many writes it took (0 = the store already held it all)

    @property
    def errors(self):
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self):
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def kpis(self):
        return kpis_in_force(self.extra_kpis)

    @property
    def rubrics(self):
        return rubrics_in_force(self.extra_rubrics)

    @property
    def dot_budget(self):
        budget = (self.engagement or {}).get("dot_budget")
        return budget if isinstance(budget, int) else DEFAULT_DOT_BUDGET

    def rows(self, name):
        return self.tables.get(name, [])


# ---------------------------------------------------------------- cells


def split_ids(text):
    """The ids of a list cell ('s1 o2', 's1+o2', 's1, o2')."""
    return [p for p in re.split(r"[\s+,;]+", str(text or "")) if p]


def _hint(col):
    if col.kind == "id":
        return "an id of letters, digits, - and _ only (e.g. north_2)"
    if col.kind == "enum":
        return "one of " + ", ".join(col.choices)
    if col.kind == "rate":
        return "a rate such as 0.25 or 25%"
    if col.kind == "date":
        return "a date written YYYY-MM-DD (e.g. 2026-03-14)"
    if col.kind == "int":
        if col.high is not None:
            return f"a whole number from {col.low:g} to {col.high:g}"
        return f"a whole number of at least {col.low:g}"
    if col.kind in ("number", "measure"):
        what = (
            "a number above 0"
            if col.positive
            else (f"a number of at least {col.low:g}" if col.low is not None else "a number")
        )
        pct = " or a percentage such as 35%" if col.kind == "measure" else ""
        return f"{what}, digits only (e.g. 120000){pct}, without currency sign or thousands separator"
    return "some text"


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, float):
        return format_value(value)
    return str(value)


# Characters a text may not hold: every control character but tab, line feed and carriage return (XML, so XLSX,
# PPTX and the PDF's text, refuses them; Word's Shift+Enter pastes U+000B).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_NAMES = {"\x00": "NUL", "\x0b": "U+000B, a vertical tab: Word's Shift+Enter", "\x0c": "U+000C, a form feed"}
_CONTROL_NAMES["\x1b"] = "U+001B, escape"


def parse_cell(col, raw):
    """Parse one cell for column ``col``; returns (value, None) or (None, message saying what is valid)."""
    raw = _as_text(raw)
    s = raw.strip()
    if not s:
        return None, (None if col.blank else f"is empty; write {_hint(col)}")
    kind = col.kind
    if kind in ("text", "label"):
        bad = _CONTROL.search(raw)
        if bad:
            return None, (
                f"holds an invisible control character ({_CONTROL_NAMES.get(bad.group(), f'U+{ord(bad.group()):04X}')})"
                " that spreadsheets and reports cannot show; delete it and type the text again (a line break is "
                "fine: Enter, not Shift+Enter in Word)"
            )
        return (raw if kind == "text" else s), None
    if kind == "id":
        return (s, None) if _ID.match(s) else (None, f"is not {_hint(col)}")
    if kind == "enum":
        low = s.lower()
        for choice in col.choices:
            if low == choice.lower():
                return choice, None
        if low in col.aliases:
            return col.aliases[low], None
        return None, f"is not {_hint(col)}"
    if kind == "date":
        if _DATE.match(s):
            try:
                return dt.date.fromisoformat(s).isoformat(), None
            except ValueError:
                return None, "is not a real date; write YYYY-MM-DD (e.g. 2026-03-14)"
        return None, f"is not {_hint(col)}"
    pct = s.endswith("%") and kind in ("rate", "measure")
    num = s[:-1].strip() if pct else s
    if not _NUMBER.match(num):
        if _DECIMAL_COMMA.match(s):
            return None, (
                f"is not {_hint(col)}: a decimal comma; write {s.replace(',', '.')}, or save the whole "
                "file with ';' between values (then decimal commas are read as such)"
            )
        return None, f"is not {_hint(col)}"
    value = float(num) / (100 if pct else 1)
    if not math.isfinite(value) or abs(value) > LARGEST:
        return None, f"is too large for the kit's figures; write a number of at most {LARGEST:,.0f}"
    if kind == "rate":
        if not 0 < value <= 1:
            return None, f"is not {_hint(col)} (between 0 and 1, or 0% to 100%)"
        if value < SMALLEST_RATE:
            return None, (
                f"is too small a rate for the kit's figures (they divide by it); write at least "
                f"{SMALLEST_RATE:g} ({SMALLEST_RATE:.1%})"
            )
        return value, None
    if kind == "int":
        if not value.is_integer():
            return None, f"is not {_hint(col)}"
        value = int(value)
    if (
        (col.low is not None and value < col.low)
        or (col.high is not None and value > col.high)
        or (col.positive and value <= 0)
    ):
        return None, f"is not {_hint(col)}"
    if col.positive and value < SMALLEST:
        return None, f"is too small for the kit's figures (they divide by it); write at least {SMALLEST:g}"
    return value, None


def _parse_rows(name, rows, problems):
    table = TABLES[name]
    for row in rows:
        parsed = {}
        for col in table.columns:
            cell = row.values.get(col.name)
            if row.comma and col.kind in _NUMERIC and isinstance(cell, str) and _DECIMAL_COMMA.match(cell.strip()):
                cell = cell.replace(",", ".")  # a file saved with ';' between values: the comma is the decimal one
            value, msg = parse_cell(col, cell)
            if msg:
                problems.append(
                    Problem(row.where, msg, row=row.line, column=col.name, value=row.values.get(col.name) or None)
                )
                row.bad.add(col.name)
            parsed[col.name] = col.default if value is None and col.default is not None else value
        row.raw, row.values = row.values, parsed
    return rows


def _check_engagement(meta, where, problems):
    out = dict(meta)
    typed = set()  # fields already reported as not text
    for f in ("name", "client", "currency", "facilitator"):
        v = meta.get(f)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (str, int, float))):
            problems.append(Problem(where, f"is not text; write {f} as one line of text", column=f, value=v))
            out[f] = None
            typed.add(f)
    for f, what in (
        ("name", "the engagement's name, e.g. 'Acme sales offsite 2026'"),
        ("client", "the client company"),
    ):
        if not str(out.get(f) or "").strip() and f not in typed:
            problems.append(Problem(where, f"{f} is missing; it is required ({what})"))
    cur = str(out.get("currency") or "").strip().upper()
    if "currency" in typed:
        pass
    elif not cur:
        problems.append(Problem(where, "currency is missing; write an ISO 4217 code such as USD, EUR, GBP"))
    elif cur not in CURRENCIES:
        problems.append(
            Problem(
                where,
                "is not an ISO 4217 currency code such as USD, EUR, GBP",
                column="currency",
                value=meta.get("currency"),
            )
        )
    out["currency"] = cur
    budget = meta.get("dot_budget")
    if budget in (None, ""):
        out["dot_budget"] = DEFAULT_DOT_BUDGET
    else:
        value, msg = parse_cell(TABLES["swot_votes"].col("dots"), budget)
        if msg:
            problems.append(Problem(where, msg, column="dot_budget", value=budget))
        out["dot_budget"] = value
    for f in ("name", "client", "facilitator"):
        if out.get(f) is not None:
            out[f] = str(out[f])
    from .brand import check as check_brand

    out["brand"] = check_brand(meta.get("brand"), problems, where)
    return out


def from_source(src):
    """Parse and check what :func:`kit._io.read_source` read."""
    ds = Dataset(
        label=src.label,
        present=set(src.tables) | set(src.broken),
        broken=set(src.broken),
        engagement_where=src.engagement_where,
    )
    ds.problems = list(src.problems)
    if src.engagement is not None:
        ds.engagement = _check_engagement(src.engagement, src.engagement_where, ds.problems)
    if src.bad_catalog:
        ds.broken.add("kpi_catalog")  # KPI ids are not checked against a catalogue that could not be read
    if src.kpi_catalog is not None:
        found = check_kpis(src.kpi_catalog)
        ds.problems += found
        ds.extra_kpis = src.kpi_catalog
        if found:
            ds.broken.add("kpi_catalog")
    ds.bad_rubrics = set(src.bad_rubrics)
    for label, spec in src.rubrics.items():
        found = check_rubric(spec, label)
        stem = label.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if not found and str(spec.get("id")) != stem:
            found.append(
                Problem(
                    label,
                    f"has id {spec.get('id')!r}; the file must be named after its id (rubrics/{spec.get('id')}.yaml)",
                )
            )
        ds.problems += found
        if not found:
            ds.extra_rubrics[spec["id"]] = spec
        else:
            ds.bad_rubrics |= {stem, str(spec.get("id")) if isinstance(spec, dict) else stem}
    for name, rows in src.tables.items():
        if name not in src.broken:
            ds.tables[name] = _parse_rows(name, rows, ds.problems)
    ds.problems += check(ds)
    return ds


def validate(path):
    """Read and check an engagement folder or capture workbook; returns a :class:`Dataset` with ``problems``."""
    return from_source(read_source(path))


# ---------------------------------------------------------------- rules across rows and files


def _sorted_list(values):
    return ", ".join(sorted(str(v) for v in values)) or "(none)"


def check(ds, *, advice=True):
    """Every rule that spans rows or files: keys, references, teams, rubrics, dot budgets, and (unless
    ``advice=False``) the method's advice."""
    out = []

    def err(row, col, msg, severity="error"):
        value = (row.raw or row.values).get(col) if col else None
        out.append(Problem(row.where, msg, row=row.line, column=col, value=value, severity=severity))

    def ok(row, *cols):
        return not any(c in row.bad for c in cols)

    T = ds.tables
    where = {n: ds.wheres.get(n) or (T[n][0].where if T.get(n) else TABLES[n].file) for n in TABLES}

    # keys
    for name, table in TABLES.items():
        if not table.key:
            continue
        first = {}
        for r in T.get(name, []):
            if not ok(r, *table.key):
                continue
            k = tuple(r.values[c] for c in table.key)
            if k in first:
                seen = f"row {first[k].line}" if first[k].line else "a row already stored"
                err(r, table.key[-1], f"repeats {seen} (same {' + '.join(table.key)}); keep one of the two rows")
            else:
                first[k] = r

    teams = {r.values["team_id"]: r for r in T.get("teams", []) if ok(r, "team_id")}
    members = {r.values["member_id"]: r for r in T.get("members", []) if ok(r, "member_id")}
    sessions = {r.values["session_id"]: r for r in T.get("sessions", []) if ok(r, "session_id")}
    know_teams = "teams" not in ds.broken
    know_members = "members" not in ds.broken
    know_sessions = "sessions" not in ds.broken

    def team_of(mid):
        r = members.get(mid)
        return r.values["team_id"] if r else None

    # ids whose own row was refused: rows naming them are not checked again (the first message says it all)
    refused = defaultdict(set)
    for name, col in (("teams", "team_id"), ("members", "member_id"), ("sessions", "session_id"), ("swot", "item_id")):
        refused[name] = {str((r.raw or r.values).get(col) or "").strip() for r in T.get(name, []) if col in r.bad}

    def known(row, col, table):
        """False when ``col`` names a row of ``table`` that was itself refused (its error is already listed)."""
        return str((row.raw or row.values).get(col) or "").strip() not in refused[table]

    def placed(mid):
        """A member whose team is known (a member of an unknown team was reported on its own row)."""
        return mid in members and (not know_teams or team_of(mid) in teams)

    for r in T.get("members", []):
        v = r.values
        if know_teams and ok(r, "team_id") and known(r, "team_id", "teams") and v["team_id"] not in teams:
            err(r, "team_id", f"is not a team_id in {where['teams']}; valid: {_sorted_list(teams)}")
        if v["role"] == "seller" and not v["territory"] and ok(r, "territory"):
            err(r, "territory", "is empty; a seller needs a territory (the region or segment they cover)")
        if v["role"] == "manager" and ok(r, "annual_quota") and v["annual_quota"]:
            err(r, "annual_quota", "should be 0 for a manager (the team's target is annual_target in teams.csv)")
    for r in T.get("teams", []):
        mid = r.values["manager_id"]
        if not know_members or not ok(r, "manager_id") or not known(r, "manager_id", "members"):
            continue
        if mid not in members:
            err(
                r,
                "manager_id",
                f"is not a member_id in {where['members']}; add the manager as a member with role manager",
            )
        elif members[mid].values["role"] != "manager" or team_of(mid) != r.values["team_id"]:
            err(
                r,
                "manager_id",
                f"must be a member of team {r.values['team_id']} with role manager "
                f"(members.csv has them in team {team_of(mid)} as {members[mid].values['role']})",
            )
    for r in T.get("sessions", []):
        tid, leader = r.values["team_id"], r.values["leader_id"]
        if know_teams and ok(r, "team_id") and known(r, "team_id", "teams") and tid not in teams:
            err(r, "team_id", f"is not a team_id in {where['teams']}; valid: {_sorted_list(teams)}")
        if (
            leader
            and know_members
            and ok(r, "leader_id")
            and known(r, "leader_id", "members")
            and (not know_teams or tid in teams)
            and team_of(leader) != tid
        ):
            err(
                r,
                "leader_id",
                f"is not a member of team {tid}; leave it blank and the kit proposes the next leader in rotation",
            )

    # rows that belong to a session, and the members they name
    for name in MEMBER_COLUMNS:
        for r in T.get(name, []):
            sid = r.values["session_id"]
            if not ok(r, "session_id") or not know_sessions or not known(r, "session_id", "sessions"):
                continue
            if sid not in sessions:
                err(r, "session_id", f"is not a session_id in {where['sessions']}; valid: {_sorted_list(sessions)}")
                continue
            tid = sessions[sid].values["team_id"]
            if know_teams and tid not in teams:
                continue  # the session's team is unknown: said once, on the session's row
            for col in MEMBER_COLUMNS[name]:
                mid = r.values.get(col)
                if mid is None or not ok(r, col) or not know_members or not known(r, col, "members"):
                    continue
                if mid in members and not placed(mid):
                    continue  # a member of an unknown team: said once, on the member's row
                if TABLES[name].col(col).outsider and r.values.get("rater_role") == "expert":
                    continue  # an outside expert need not be a member
                if mid not in members:
                    err(r, col, f"is not a member_id in {where['members']}")
                elif team_of(mid) != tid:
                    err(r, col, f"belongs to team {team_of(mid)}, but session {sid} is team {tid}'s")

    # KPI ids
    kpis = ds.kpis
    for name in KPI_TABLES:
        for r in T.get(name, []):
            kid = r.values.get("kpi_id")
            if kid and ok(r, "kpi_id") and kid not in kpis and "kpi_catalog" not in ds.broken:
                err(
                    r,
                    "kpi_id",
                    f"is not in the KPI catalogue; valid: {_sorted_list(kpis)} "
                    "(or add it to the engagement's kpi_catalog.yaml)",
                )
    for name in PERSON_TABLES:
        for r in T.get(name, []):
            if (
                know_members
                and ok(r, "member_id")
                and known(r, "member_id", "members")
                and r.values["member_id"] not in members
            ):
                err(r, "member_id", f"is not a member_id in {where['members']}")
    # a coaching or conversation row is between a seller and their own team's manager
    for name in ONE_TO_ONE:
        for r in T.get(name, []):
            v = r.values
            if not know_members or not ok(r, "member_id", "manager_id") or v["member_id"] not in members:
                continue
            seller = members[v["member_id"]].values
            if seller["role"] != "seller":
                err(r, "member_id", f"is {seller['role']} {v['member_id']}; name the seller it was with")
                continue
            team = teams.get(seller["team_id"])
            if know_teams and team is not None and v["manager_id"] != team.values["manager_id"]:
                err(
                    r,
                    "manager_id",
                    f"is not the manager of {v['member_id']}'s team {seller['team_id']}; valid: "
                    f"{team.values['manager_id']}",
                )
    for r in T.get("conversations", []):
        v = r.values
        if ok(r, "date", "follow_up") and v.get("follow_up") and v["date"] and v["follow_up"] < v["date"]:
            err(r, "follow_up", f"is before the conversation ({v['date']}); give a date on or after it")

    # KPI scope: the team or one of its territories
    for r in T.get("kpis", []):
        s = sessions.get(r.values["session_id"])
        if s is None or not ok(r, "scope") or not know_members:
            continue  # without members.csv the territories are unknown
        tid = s.values["team_id"]
        territories = {
            m.values["territory"] for m in members.values() if m.values["team_id"] == tid and m.values["territory"]
        }
        if r.values["scope"] != "team" and r.values["scope"] not in territories:
            err(r, "scope", f"is not 'team' nor a territory of team {tid}; valid: team, {_sorted_list(territories)}")

    # SWOT votes point at items of the same session
    items = {(r.values["session_id"], r.values["item_id"]) for r in T.get("swot", [])}
    for r in T.get("swot_votes", []):
        if (
            ok(r, "session_id", "item_id")
            and "swot" not in ds.broken
            and known(r, "item_id", "swot")
            and (r.values["session_id"], r.values["item_id"]) not in items
        ):
            err(r, "item_id", f"is not an item_id of session {r.values['session_id']} in {where['swot']}")

    # what the review loop's rows point at: asks, SWOT items and actions of the same team
    def team_of_session(sid):
        s = sessions.get(sid)
        return s.values["team_id"] if s else None

    def ids_by_team(name, col):
        out = defaultdict(set)
        for r in T.get(name, []):
            if ok(r, "session_id", col):
                out[team_of_session(r.values["session_id"])].add(r.values[col])
        return out

    asks, acts = ids_by_team("asks", "ask_id"), ids_by_team("actions", "action_id")
    swot_ids = ids_by_team("swot", "item_id")
    for r in T.get("actions", []):
        aid, tid = r.values.get("ask_id"), team_of_session(r.values["session_id"])
        if aid and tid and ok(r, "ask_id") and "asks" not in ds.broken and aid not in asks[tid]:
            err(r, "ask_id", f"is not an ask_id of team {tid} in {where['asks']}; valid: {_sorted_list(asks[tid])}")
    for r in T.get("partners", []):
        if ok(r, "member_id", "partner_id") and r.values["member_id"] == r.values["partner_id"]:
            err(r, "partner_id", "is the member themself; name a colleague of the same team")
    for r in T.get("strategies", []):
        tid = team_of_session(r.values["session_id"])
        if not tid:
            continue
        if ok(r, "item_ids") and "swot" not in ds.broken:
            named = split_ids(r.values["item_ids"])
            bad = [i for i in named if i not in swot_ids[tid]]
            if bad or not named:
                err(
                    r,
                    "item_ids",
                    f"names {', '.join(bad) or 'no item'}, not an item_id of team {tid}'s SWOT; give the item_ids "
                    "the strategy pairs, separated by spaces",
                )
        aid = r.values.get("action_id")
        if aid and ok(r, "action_id") and "actions" not in ds.broken and aid not in acts[tid]:
            err(r, "action_id", f"is not an action_id of team {tid} in {where['actions']}")
    for r in T.get("swot", []):
        if r.values.get("ask") and not r.values.get("department") and ok(r, "ask", "department"):
            err(
                r,
                "department",
                f"is empty, but the item asks something; name the department it asks: {', '.join(DEPARTMENTS)}",
            )

    # dot budget per person, session and vote
    budget = ds.dot_budget
    for name in ("swot_votes", "kpi_votes"):
        spent, told = defaultdict(int), set()
        for r in T.get(name, []):
            if not ok(r, "session_id", "voter_id", "dots"):
                continue
            k = (r.values["session_id"], r.values["voter_id"])
            spent[k] += r.values["dots"]
            if spent[k] > budget and k not in told:
                told.add(k)
                err(
                    r,
                    "dots",
                    f"brings {k[1]}'s dots in session {k[0]} to more than {budget}, the dot budget "
                    "per person and vote (dot_budget in engagement.yaml)",
                )

    # role plays against their rubric
    rubrics = ds.rubrics
    for r in T.get("roleplay", []):
        v = r.values
        rubric = rubrics.get(v["rubric_id"])
        if rubric is None:
            if ok(r, "rubric_id") and v["rubric_id"] not in ds.bad_rubrics:
                err(
                    r,
                    "rubric_id",
                    f"is not a rubric; valid: {_sorted_list(rubrics)} "
                    "(or add rubrics/<rubric_id>.yaml to the engagement folder)",
                )
        else:
            crits = [c["id"] for c in rubric["criteria"]]
            if ok(r, "criterion_id") and v["criterion_id"] not in crits:
                err(r, "criterion_id", f"is not a criterion of rubric {v['rubric_id']}; valid: {', '.join(crits)}")
            lo, hi = rubric["scale"]["min"], rubric["scale"]["max"]
            if ok(r, "score") and v["score"] is not None and not lo <= v["score"] <= hi:
                err(r, "score", f"is outside rubric {v['rubric_id']}'s scale; write a score from {lo} to {hi}")
        if ok(r, "rater_role", "rater_id", "seller_id"):
            if v["rater_role"] == "self" and v["rater_id"] != v["seller_id"]:
                err(
                    r,
                    "rater_id",
                    f"must equal seller_id ({v['seller_id']}) for a self rating; or set rater_role "
                    "to peer, manager or expert",
                )
            elif v["rater_role"] != "self" and v["rater_id"] == v["seller_id"]:
                err(r, "rater_role", "must be self when the rater is the seller")
            elif (
                v["rater_role"] == "manager"
                and v["rater_id"] in members
                and members[v["rater_id"]].values["role"] != "manager"
            ):
                err(r, "rater_role", f"says manager, but {v['rater_id']} is a seller; use peer")

    if advice:
        out += _advice(ds, teams, members, sessions)
    return out


def _advice(ds, teams, members, sessions):
    """The method's advice: warnings, never fatal."""
    out = []
    T = ds.tables

    def warn(where, msg):
        out.append(Problem(where, msg, severity="warning"))

    by_session = defaultdict(lambda: defaultdict(int))
    for r in T.get("goals", []):
        by_session[r.values["session_id"]][r.values["member_id"]] += 1
    for sid, counts in sorted(by_session.items()):
        s = sessions.get(sid)
        if s is None or s.values["kind"] != "kickoff":
            continue
        for mid, m in sorted(members.items()):
            if m.values["team_id"] == s.values["team_id"] and m.values["role"] == "seller":
                n = counts.get(mid, 0)
                if not GOAL_ADVICE[0] <= n <= GOAL_ADVICE[1]:
                    warn(
                        T["goals"][0].where,
                        f"{m.values['name']} ({mid}) has {n} personal goal{'s' * (n != 1)} "
                        f"in kickoff session {sid}; the method asks for "
                        f"{span_words(GOAL_ADVICE).replace(' to ', ' or ')}",
                    )
    scopes = defaultdict(int)
    for r in T.get("kpis", []):
        scopes[(r.values["session_id"], r.values["scope"])] += 1
    for (sid, scope), n in sorted(scopes.items()):
        if not KPI_ADVICE[0] <= n <= KPI_ADVICE[1]:
            warn(
                T["kpis"][0].where,
                f"session {sid}, scope {scope}: {n} KPI{'s' * (n != 1)} selected; "
                f"the method advises {span_words(KPI_ADVICE)}",
            )
    totals = defaultdict(float)
    for r in T.get("commitments", []):
        m = members.get(r.values["member_id"])
        if m is not None and m.values["role"] == "manager":
            warn(
                r.where,
                f"row {r.line}: {r.values['member_id']} is a manager; a manager's commitment is not "
                "counted in the team's commitment total",
            )
        elif r.values["annual_commitment"] is not None:
            totals[r.values["session_id"]] += r.values["annual_commitment"]
            commits, quota = r.values["annual_commitment"], m.values["annual_quota"] if m else None
            if quota and commits < quota:  # a blank quota (None) or none at all (0) is not one to fall below
                out.append(
                    Problem(
                        r.where,
                        f"session {r.values['session_id']}: {r.values['member_id']} ({m.values['name']}) commits "
                        f"{commits:,.0f}, {quota - commits:,.0f} below their annual quota of {quota:,.0f}",
                        row=r.line,
                        severity="warning",
                    )
                )
    for sid, total in sorted(totals.items()):
        s = sessions.get(sid)
        team = teams.get(s.values["team_id"]) if s else None
        if team and team.values["annual_target"] is not None and total < team.values["annual_target"]:
            target = team.values["annual_target"]
            warn(
                T["commitments"][0].where,
                f"session {sid}: the sellers' commitments add up to {total:,.0f}, "
                f"{target - total:,.0f} short of team {team.values['team_id']}'s annual_target of {target:,.0f}",
            )
    out += _outside_formula(ds)
    return out


def _outside_formula(ds):
    """Warnings for an actual or a target that its KPI's formula cannot give (``min`` / ``max`` in the catalogue:
    a share above 100%, a negative count)."""
    out, kpis = [], ds.kpis
    for name, col in (("kpis", "target"), ("kpi_actuals", "value")):
        for r in ds.tables.get(name, []):
            spec, v = kpis.get(r.values.get("kpi_id")), r.values.get(col)
            if spec is None or v is None or not isinstance(spec, dict):
                continue
            lo, hi = kpi_range(spec)
            if lo is not None and v < lo:
                side, limit, bound = "below", lo, "least"
            elif hi is not None and v > hi:
                side, limit, bound = "above", hi, "most"
            else:
                continue
            unit, formula = spec.get("unit"), f" ({spec['formula']})" if spec.get("formula") else ""
            out.append(
                Problem(
                    r.where,
                    f"is {_in_unit(v, unit)} for {spec.get('name', r.values['kpi_id'])} ({r.values['kpi_id']}), "
                    f"{side} {_in_unit(limit, unit)}, the {bound} its formula can give{formula}; check the figure",
                    row=r.line,
                    column=col,
                    value=(r.raw or {}).get(col, v),
                    severity="warning",
                )
            )
    return out


def _in_unit(x, unit):
    """A KPI value as its unit says it, exactly as given: 1.026 -> '102.6%', -2 -> '-2 meetings'."""
    from ._format import unit_words

    if unit == "%":
        return f"{format_value(round(x * 100, 2))}%"
    return f"{format_value(x)} {unit_words(unit, x)}".strip()
