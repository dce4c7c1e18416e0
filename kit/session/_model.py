"""The Session: one team-session's rows (its own and what it shows), its history and the figures every view
shares, as numbers."""

from dataclasses import dataclass, field

import pandas as pd

from .._schema import MIN_GROUP, PULSE_DIMENSIONS, PULSE_PHASES
from ..audience import shows_group
from ..errors import KitError
from ..steps.accounts.model import same_account
from ..steps.actions import model as accountability

# Tables whose rows an earlier session's agreement carries into a later session that has none of its own
# (with the tables that belong to them). Goals carry person by person: a seller who revisits their goals at a
# review (with a progress) replaces their own, and the others' earlier goals still stand.
CARRIED = {"goals": (), "accounts": (), "commitments": (), "swot": ("swot_votes", "strategies"), "partners": ()}
# carried person by person (goals, commitments: whoever revisits theirs replaces only their own) or row by row
# (target accounts: an account a seller names again, with its progress, replaces only that account): the columns that
# say which earlier rows a session's own rows replace
PER_PERSON = {"goals": ("member_id",), "accounts": ("member_id", "account"), "commitments": ("member_id",)}
# how a key column is compared when carrying: an account named again is the same account however it was typed
SAME = {"account": same_account}
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
    results_from : tuple
        The CRM exports (kit.crm) the team's results up to the session's date were computed from, each as "file,
        format, through date", latest first (empty: every result was typed); said beside the results.
    attainment : DataFrame
        Each seller's latest actual against target on the KPIs in force (numbers; see
        :func:`kit.steps.kpis.model.attainment`).
    leader, next_leader : str or None
        Who leads this session, and the team's next one: the leader recorded on it, else the fair rotation's
        proposal (:func:`kit.steps.actions.model.rotation`); None for a team without members.
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
    as_of : str or None
        The day the figures stand at when it is not the session's own (the hub between sessions: today); see
        ``today``.
    changes : DataFrame
        The dated status changes (``history``) of the actions and asks it shows, after the previous session up to
        ``today``, oldest first: what changed when.
    sharing : dict
        {member_id: whom that seller shows their KPI results to, as chosen on or before the session's date} (kit
        .audience's cut reads it; no entry: the manager only).
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
    results_from: tuple = ()
    sharing: dict = field(default_factory=dict)
    changes: pd.DataFrame = field(repr=False, default=None)
    as_of: str | None = None
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
    def today(self):
        """The day the session's figures stand at: its own date, or ``as_of`` (what is overdue, promised or
        reported is counted to it)."""
        return self.as_of or self.info["date"]

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

    def pulse_withheld(self, phase="opening", dimension="team", *, before=False):
        """How many answers of one pulse the audience's cut left out as too few to show (0: none were): a view
        says "2 answers so far: shown from 3" instead of their figures (:func:`kit.audience.cut`)."""
        return int(self.withheld.get("pulse_before" if before else "pulse", {}).get((phase, dimension), 0))

    def pulse_answers(self, phase="opening", dimension="team"):
        """How many answered one pulse, shown or not (a count says who answered nothing)."""
        return len(self.pulse(phase, dimension)) + self.pulse_withheld(phase, dimension)

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
        return by[shows_group(people)], int((~shows_group(people)).sum()) + withheld


def _pulse(p, phase, dimension):
    dims = p["dimension"].fillna(PULSE_DIMENSIONS[0]) if "dimension" in p else PULSE_DIMENSIONS[0]
    return p[(p["phase"].fillna(PULSE_PHASES[0]) == phase) & (dims == dimension)]
