"""One team-session as every view sees it: read once from the store, used by the notebooks, the forms, the reports
and ``summary`` alike.

The session model decides, in one place,

* what carries into a review: each person's goals and commitment, as agreed at the latest earlier session where
  they recorded any (a seller who revisits theirs replaces only their own), and the SWOT (with its votes) agreed
  at the latest earlier session that has them, each marked with the date it was agreed; the actions still open
  from earlier sessions, with how long they have been open; the KPI selection in force;
* what "this session's" rows are (``own``), as opposed to what the session shows (``rows``, carried rows included);
* the previous session to compare with (``previous`` and ``before``).

Figures stay numbers here; views format them at display time (``kit._format``). What an audience may see is cut
by :func:`kit.audience.cut`, before anything is built from the rows.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field, replace

import pandas as pd

from . import accountability, kpis
from ._schema import MIN_GROUP, PULSE_DIMENSIONS, PULSE_PHASES, SESSION_MEMBER_REFS, SESSION_TABLES
from ._store import Engagement
from .errors import KitError, NotFoundError

__all__ = ["Session", "load", "CARRIED"]

# Tables whose rows an earlier session's agreement carries into a later session that has none of its own
# (with the tables that belong to them). Goals carry person by person: a seller who revisits their goals at a
# review (with a progress) replaces their own, and the others' earlier goals still stand.
CARRIED = {"goals": (), "commitments": (), "swot": ("swot_votes", "strategies"), "partners": ()}
PER_PERSON = ("goals", "commitments")  # carried person by person: whoever revisits theirs replaces only their own
# Tables whose open rows from earlier sessions stay in view until done or dropped (with when they were agreed).
CARRIED_OPEN = ("actions", "asks")


@dataclass
class Session:
    """Everything one team-session shows (before any audience cut, unless ``policy`` says otherwise).

    Attributes
    ----------
    settings : dict
        The engagement's name, client, currency, facilitator, dot budget.
    team : dict
        The team's row.
    members : DataFrame
        The team's members.
    info : dict
        The session's row: session_id, team_id, date, kind, leader_id.
    sessions : DataFrame
        The team's sessions, oldest first.
    previous : dict or None
        The team's session before this one (what reviews compare with).
    own : dict of DataFrame
        This session's own rows, per session table (what its forms add to and edit).
    rows : dict of DataFrame
        What the session shows, per session table: its own rows, with goals and SWOT carried from the latest
        earlier session when it has none of its own, and the actions agreed at earlier sessions (every status;
        ``agreed`` says when, ``carried`` whether it was an earlier session, ``open_days`` how long it has been
        open as of this session); the asks likewise; each goal's and commitment's ``agreed`` date (carried person by
        person).
    carried : dict
        table -> {"session_id", "date"} of the session its rows were carried from (goals, swot, kpis).
    before : dict of DataFrame
        The previous session's own rows, per session table.
    kpis_in_force : DataFrame
        The KPI selection in force (chosen here, or at the latest earlier session that chose).
    actuals : DataFrame
        The team's KPI actuals reported up to the session's date.
    attainment : DataFrame
        Each seller's latest actual against target on the KPIs in force (numbers; see :func:`kit.kpis.attainment`).
    leader, next_leader : str or None
        Who leads this session, and the team's next one: the leader recorded on it, else the fair rotation's
        proposal (:func:`kit.accountability.rotation`); None for a team without members.
    leader_recorded, next_leader_recorded : bool
        Whether that leader is recorded (False: only the rotation's proposal, to be said as such).
    next_session : dict or None
        The team's next session after this one, when the store has it.
    coaching, conversations : DataFrame
        The manager's coaching time and documented conversations with the team's sellers up to the session's date
        (each row is that manager's and that seller's only: :mod:`kit.audience` cuts them for everyone else).
    attendees : DataFrame
        Who took part (members named by the session's rows or leading it), the manager first, then by name. Who
        took part is shown to every audience, so it is taken before any cut (a cut hides who rated or voted).
    catalog, rubrics : dict
        The KPI catalogue and the rubrics in force.
    policy : kit.audience.Policy or None
        The audience this session has been cut to (None: not cut, the store's view).
    """

    settings: dict
    team: dict
    members: pd.DataFrame
    info: dict
    sessions: pd.DataFrame
    previous: dict | None
    own: dict
    rows: dict
    carried: dict
    before: dict
    kpis_in_force: pd.DataFrame
    actuals: pd.DataFrame
    attainment: pd.DataFrame
    next_leader: str | None
    leader: str | None = None
    leader_recorded: bool = False
    next_leader_recorded: bool = False
    next_session: dict | None = None
    coaching: pd.DataFrame = field(repr=False, default=None)
    conversations: pd.DataFrame = field(repr=False, default=None)
    catalog: dict = field(repr=False, default_factory=dict)
    rubrics: dict = field(repr=False, default_factory=dict)
    attendees: pd.DataFrame = field(repr=False, default=None)
    history_of: object = field(repr=False, default=None)  # makes :attr:`history`, once, when first asked
    policy: object = None
    withheld: dict = field(repr=False, default_factory=dict)
    pseudonyms: dict = field(repr=False, default_factory=dict)
    shared: dict = field(repr=False, default_factory=dict)
    _memo: dict = field(repr=False, default_factory=dict)

    @property
    def history(self):
        """The team's figures at every session up to this one (see :func:`_history`): computed when first asked
        (the reports' trends ask; a form reading what is carried does not), once for every cut of the session."""
        return self.history_of() if self.history_of is not None else None

    # ------------------------------------------------------------ identity
    @property
    def session_id(self):
        return self.info["session_id"]

    @property
    def team_id(self):
        return self.team["team_id"]

    @property
    def date(self):
        return self.info["date"]

    @property
    def kind(self):
        return self.info["kind"]

    @property
    def is_review(self):
        return self.info["kind"] == "review" or self.previous is not None

    @property
    def currency(self):
        return self.settings.get("currency") or ""

    @property
    def sellers(self):
        return self.members[self.members["role"] == "seller"]

    @property
    def manager_id(self):
        return self.team.get("manager_id")

    def name(self, member_id):
        """A member's name; 'a colleague' for a pseudonym an audience cut put in place of a person."""
        if member_id in self.pseudonyms:
            return self.pseudonyms[member_id]
        names = dict(zip(self.members["member_id"], self.members["name"]))
        if member_id in names:
            return names[member_id]
        return "an outside expert" if member_id == "expert" else str(member_id)

    def names(self):
        """{member_id: name} of the team."""
        return dict(zip(self.members["member_id"], self.members["name"]))

    def memo(self, key, make):
        """Compute once what several views of this session (as cut) share (a figure, a chart)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def cache(self, name):
        """A cache shared by every audience's cut of this session, for what names nobody (a picture of team
        figures): the caller keys it by the data it is made from."""
        return self.shared.setdefault(name, {})

    def __repr__(self):
        cut = f" · cut to {self.policy.name}" if self.policy is not None else ""
        return f"<Session {self.team.get('name')} · {self.kind} {self.date} · {self.session_id}{cut}>"

    # ------------------------------------------------------------ figures (numbers)
    def commitments(self):
        """The sellers' commitments shown at this session (a manager's own commitment is not counted)."""
        c = self.rows["commitments"]
        return c[c["member_id"].isin(self.sellers["member_id"])]

    def commitment_total(self):
        return float(self.commitments()["annual_commitment"].sum())

    def even_share(self):
        """The team's target split evenly over all its sellers (whether they have committed yet or not)."""
        return float(self.team["annual_target"]) / max(len(self.sellers), 1)

    def commitment_gap(self):
        """The team's target minus the sellers' commitments: above 0 the commitments fall short."""
        return float(self.team["annual_target"]) - self.commitment_total()

    def actions(self, which="all"):
        """Actions at this session: ``all`` (agreed here or earlier), ``this`` (agreed here), ``earlier``, or
        ``in_view`` (agreed here, plus the earlier ones still open: the list a review goes through)."""
        a = self.rows["actions"]
        if which == "this":
            return a[~a["carried"]]
        if which == "earlier":
            return a[a["carried"]]
        if which == "in_view":
            return a[~a["carried"] | (a["status"] == "open")]
        if which == "all":
            return a
        raise KitError(f"unknown action set {which!r}; valid: all, this, earlier, in_view")

    def action_counts(self, which="all"):
        """{'open', 'done', 'dropped', 'overdue'}: overdue is open and due before this session's date."""
        a = self.actions(which)
        counts = accountability.action_counts(a)
        counts["overdue"] = len(accountability.overdue(a, as_of=self.date))
        return counts

    def pulse(self, phase="opening", dimension="team"):
        """The pulse answers of one phase (opening: the mean and trend; closing: how the session ended) about one
        dimension (team: how the team works together; manager; other_departments)."""
        if phase not in PULSE_PHASES:
            raise KitError(f"unknown pulse phase {phase!r}; valid: {', '.join(PULSE_PHASES)}")
        if dimension not in PULSE_DIMENSIONS:
            raise KitError(f"unknown pulse dimension {dimension!r}; valid: {', '.join(PULSE_DIMENSIONS)}")
        return _pulse(self.rows["pulse"], phase, dimension)

    def pulse_before(self, dimension="team"):
        return _pulse(self.before["pulse"], PULSE_PHASES[0], dimension)

    def withheld_note(self, table):
        """What to say where an audience's cut left out a group too small to show (None when nothing was)."""
        if not self.withheld.get(table):
            return None
        what = {"roleplay": "Role-play results", "attainment": "KPI results"}.get(table, "Results")
        return (
            f"{what} where fewer than {MIN_GROUP} people took part are not shown here, so that no figure is "
            "one person's own: they are in the manager's report and in each seller's one-pager."
        )

    def latest_attainment(self):
        """Each seller's latest period per KPI (attainment is a number: 0.8 is 80%)."""
        a = self.attainment
        if a.empty:
            return a
        return a[a["period_end"] == a.groupby(["member_id", "kpi_id"])["period_end"].transform("max")]

    def team_attainment(self):
        """The team's result per KPI, the same in every document and for every audience: the mean attainment of the
        sellers' latest results, for each KPI that at least MIN_GROUP sellers report (a 'team' figure of fewer would
        be one person's own). Returns (a Series by KPI name, how many KPIs with results were left out as too few)."""
        latest = self.latest_attainment()
        withheld = int(self.withheld.get("attainment_kpis", 0))  # left out by the audience's cut already
        if latest.empty:
            return pd.Series(dtype=float), withheld
        people = latest.groupby("kpi")["member_id"].nunique()
        by = latest.groupby("kpi")["attainment"].mean()
        return by[people >= MIN_GROUP], int((people < MIN_GROUP).sum()) + withheld


def _history(by_table, sessions, upto, members, all_kpis, all_sessions, team_id, actuals, catalog, rubrics, target):
    """The team's figures at each of its sessions up to this one, oldest first (team figures only, each shown only
    when at least MIN_GROUP people are in it): commitment total against the target, the KPIs' average attainment
    and how many are at target, the role-play mean, the opening pulse."""
    from . import roleplay

    sellers = set(members.loc[members["role"] == "seller", "member_id"])
    out = []
    for r in sessions[sessions["session_id"].isin(upto)].itertuples():
        sid = r.session_id

        def own(t, sid=sid):
            return by_table[t][by_table[t]["session_id"] == sid]

        c = own("commitments")
        c = c[c["member_id"].isin(sellers)]
        rp = own("roleplay")
        rated = rp.loc[rp["rater_role"] != "self", "seller_id"].nunique() if len(rp) else 0
        p = _pulse(own("pulse"), PULSE_PHASES[0], "team")
        sel = kpis.in_force(all_kpis, all_sessions, team_id=team_id, as_of=r.date)
        att = kpis.attainment(actuals[actuals["period_end"] <= r.date], sel, members, catalog=catalog)
        if len(att):
            att = att[att["period_end"] == att.groupby(["member_id", "kpi_id"])["period_end"].transform("max")]
            enough = att.groupby("kpi_id")["member_id"].transform("nunique") >= MIN_GROUP
            by = att[enough].groupby("kpi")["attainment"].mean()
        else:
            by = pd.Series(dtype=float)
        out.append(
            dict(
                session_id=sid,
                date=r.date,
                kind=r.kind,
                commitment_total=float(c["annual_commitment"].sum()) if len(c) else None,
                annual_target=target,
                kpis=len(by),
                kpis_at_target=int(sum(kpis.status(a) == "win" for a in by)),
                attainment=float(by.mean()) if len(by) else None,
                roleplay_mean=roleplay.team_mean(rp, rubrics=rubrics) if rated >= MIN_GROUP else None,
                pulse_mean=float(p["score"].mean()) if len(p) >= MIN_GROUP else None,
            )
        )
    return pd.DataFrame(out)


def _pulse(p, phase, dimension):
    dims = p["dimension"].fillna(PULSE_DIMENSIONS[0]) if "dimension" in p else PULSE_DIMENSIONS[0]
    return p[(p["phase"].fillna(PULSE_PHASES[0]) == phase) & (dims == dimension)]


def _per_person(table, own, earlier, dates):
    """The goals (or commitments) a session shows: each person's own rows of this session, or else their rows of
    the latest earlier session that has any; with the date each was agreed. Returns (rows, the session carried
    from)."""
    parts, was = [own.assign(agreed=own["session_id"].map(dates))], None
    have = set(own["member_id"])
    for sid in reversed(earlier):
        found = table[(table["session_id"] == sid) & ~table["member_id"].isin(have)]
        if len(found):
            parts.append(found.assign(agreed=dates[sid]))
            have |= set(found["member_id"])
            was = was or sid
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return out.reset_index(drop=True), was


def _before(all_sessions, info):
    """The team's sessions (oldest first) and those before the session ``info`` (by date, then by id)."""
    sessions = all_sessions[all_sessions["team_id"] == info["team_id"]].sort_values(["date", "session_id"])
    sessions = sessions.reset_index(drop=True)
    earlier = sessions[
        (sessions["date"] < info["date"])
        | ((sessions["date"] == info["date"]) & (sessions["session_id"] < info["session_id"]))
    ]
    return sessions, earlier


def carried_rows(eng, table, *, session_id):
    """The rows of ``table`` (goals or commitments: carried person by person) that a session shows from earlier
    sessions, each with ``agreed``, its date: what :func:`load` carries, read without loading the whole session (a
    form reads it again after every save)."""
    if table not in PER_PERSON:
        raise KitError(f"{table} does not carry person by person; valid: {', '.join(PER_PERSON)}")
    match = eng.sessions(session_id=session_id)
    if match.empty:
        raise NotFoundError(f"no session {session_id!r}")
    info = _row(match.iloc[0])
    sessions, earlier = _before(eng.sessions(team_id=info["team_id"]), info)
    rows = eng.table(table, team_id=info["team_id"])
    own = rows[rows["session_id"] == session_id]
    dates = dict(zip(sessions["session_id"], sessions["date"]))
    out, _ = _per_person(rows, own, list(earlier["session_id"]), dates)
    return out[out["session_id"] != session_id].reset_index(drop=True)


def _days(a, b):
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def load(store, *, team_id, session_id):
    """Read one team-session from a store (a path or an open :class:`kit.Engagement`).

    Raises :class:`kit.errors.NotFoundError` naming the valid team/session pairs when there is no such session.
    """
    eng = store if isinstance(store, Engagement) else Engagement(store)
    try:
        all_sessions = eng.sessions(team_id=team_id)  # only the team's: a session's cost must not grow with others
        match = all_sessions[all_sessions["session_id"] == session_id]
        if match.empty:
            every = eng.sessions()
            valid = ", ".join(f"{t}/{s}" for t, s in zip(every["team_id"], every["session_id"]))
            raise NotFoundError(f"no session {session_id!r} for team {team_id!r}; valid: {valid or '(none yet)'}")
        info = _row(match.iloc[0])
        sessions, earlier = _before(all_sessions, info)
        previous = _row(earlier.iloc[-1]) if len(earlier) else None
        upto = list(earlier["session_id"]) + [session_id]
        dates = dict(zip(sessions["session_id"], sessions["date"]))

        by_table = {t: eng.table(t, team_id=team_id) for t in SESSION_TABLES}
        own = {t: df[df["session_id"] == session_id].reset_index(drop=True) for t, df in by_table.items()}
        before = {
            t: (df[df["session_id"] == previous["session_id"]] if previous else df.iloc[0:0]).reset_index(drop=True)
            for t, df in by_table.items()
        }
        rows, carried = dict(own), {}
        for table, extra in CARRIED.items():
            if table in PER_PERSON:
                rows[table], was = _per_person(by_table[table], own[table], list(earlier["session_id"]), dates)
                if was:
                    carried[table] = {"session_id": was, "date": dates[was]}
                continue
            if len(own[table]):
                continue
            for sid in reversed(list(earlier["session_id"])):
                found = by_table[table][by_table[table]["session_id"] == sid]
                if len(found):
                    rows[table] = found.reset_index(drop=True)
                    for t in extra:  # what belongs to the carried rows, beside what this session added to it
                        earlier_rows = by_table[t][by_table[t]["session_id"] == sid]
                        rows[t] = (
                            pd.concat([own[t], earlier_rows], ignore_index=True)
                            if len(own[t])
                            else (earlier_rows.reset_index(drop=True))
                        )
                    carried[table] = {"session_id": sid, "date": dates[sid]}
                    break

        for table in CARRIED_OPEN:
            acts = by_table[table]
            acts = acts[acts["session_id"].isin(upto)].copy()
            acts["agreed"] = acts["session_id"].map(dates)
            acts["carried"] = acts["session_id"] != session_id
            acts["open_days"] = [
                _days(a, info["date"]) if c and s == "open" else 0
                for a, c, s in zip(acts["agreed"], acts["carried"], acts["status"])
            ]
            order = ["carried", "due", "session_id", "action_id"] if table == "actions" else ["carried", "agreed"]
            rows[table] = acts.sort_values(order + ([] if table == "actions" else ["ask_id"])).reset_index(drop=True)

        members = eng.members(team_id=team_id).reset_index(drop=True)
        catalog, rubrics = eng.kpi_catalog(), eng.rubrics()
        team_kpis, team_actuals = eng.kpis(team_id=team_id), eng.kpi_actuals(team_id=team_id)
        in_force = kpis.in_force(team_kpis, all_sessions, team_id=team_id, as_of=info["date"])
        if len(in_force) and in_force["session_id"].iloc[0] != session_id:
            sid = in_force["session_id"].iloc[0]
            carried["kpis"] = {"session_id": sid, "date": dates.get(sid)}
        actuals = team_actuals[
            team_actuals["member_id"].isin(members["member_id"]) & (team_actuals["period_end"] <= info["date"])
        ].reset_index(drop=True)
        attainment = kpis.attainment(actuals, in_force, members, catalog=catalog)
        target = float(eng.teams(team_id=team_id).iloc[0]["annual_target"])
        # the trend reads only these (no goal text, no comment, no later actual): the closure keeps nothing more
        so_far = team_actuals[team_actuals["period_end"] <= info["date"]]
        figures = {
            t: by_table[t][by_table[t]["session_id"].isin(upto)].drop(columns=["comment"], errors="ignore")
            for t in ("commitments", "roleplay", "pulse")
        }
        history_of = functools.cache(
            lambda: _history(
                figures,
                sessions,
                upto,
                members,
                team_kpis,
                all_sessions,
                team_id,
                so_far,
                catalog,
                rubrics,
                target,
            )
        )
        one_to_one = {
            t: df[df["date"] <= info["date"]].sort_values(["date", "member_id"]).reset_index(drop=True)
            for t in ("coaching", "conversations")
            for df in [eng.table(t, team_id=team_id)]
        }
        return Session(
            history_of=history_of,
            coaching=one_to_one["coaching"],
            conversations=one_to_one["conversations"],
            attendees=_attendees(rows, members, info),
            settings=eng.settings,
            team=eng.teams(team_id=team_id).iloc[0].to_dict(),
            members=members,
            info=info,
            sessions=sessions,
            previous=previous,
            own=own,
            rows=rows,
            carried=carried,
            before=before,
            kpis_in_force=in_force.reset_index(drop=True),
            actuals=actuals,
            attainment=attainment,
            **_leaders(sessions, members, info),
            catalog=catalog,
            rubrics=rubrics,
        )
    finally:
        if eng is not store:
            eng.close()


def _row(series):
    """A table row as a dict, a blank cell as None (the store's blanks arrive as NaN, and NaN counts as true)."""
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in series.to_dict().items()}


def _leaders(sessions, members, info):
    """Who leads this session and the next: recorded on the session, else the rotation's proposal."""
    rot, proposed = accountability.rotation(sessions, members, team_id=info["team_id"])
    mine = rot.index[rot["session_id"] == info["session_id"]][0]
    this = rot.loc[mine]
    later = rot.loc[mine + 1] if mine + 1 < len(rot) else None
    return dict(
        leader=this["leader_id"],
        leader_recorded=bool(this["recorded"]),
        next_leader=later["leader_id"] if later is not None else proposed,
        next_leader_recorded=bool(later["recorded"]) if later is not None else False,
        next_session=_row(sessions.iloc[mine + 1]) if later is not None else None,
    )


def _attendees(rows, members, info):
    """The members the session's rows name (carried goals and SWOT included; this session's actions only) or who
    lead it: the manager first, then by name."""
    ids = {info["leader_id"]} if info.get("leader_id") else set()
    for table, cols in SESSION_MEMBER_REFS.items():
        df = rows[table] if table != "actions" else rows[table][~rows[table]["carried"]]
        for c in cols:
            ids |= set(df[c].dropna())
    present = members[members["member_id"].isin(ids)]
    return present.sort_values(["role", "name"], ascending=[False, True]).reset_index(drop=True)


def derive(session, **changes):
    """A copy of ``session`` with some attributes replaced (its memo starts empty; its shared caches stay)."""
    return replace(session, _memo={}, **changes)
