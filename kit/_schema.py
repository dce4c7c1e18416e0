"""The engagement folder contract (v5) as data: tables, columns, kinds, keys.

Version 2 added, all optional (a v1 folder is a valid v2 folder): asks, coaching, conversations, partners and
strategies; goals.implication and goals.progress; swot.department, swot.ask and swot.answer; actions.ask_id and
actions.for_id; pulse.dimension. Version 3 added accounts (each seller's target accounts), optional too. Version 4
added kpi_actuals.source (the CRM export a figure was computed from; blank: typed by hand), and actions.every_days and
actions.minutes (a recurring commitment: the manager's promised coaching time), optional too. Version 5 added history
(every status change of an action or an ask, dated: a session's documents show each as it stood on that session's
date) and sharing (whom each seller shows their KPI results to), and coaching_ratings (the sellers' anonymous
ratings of their manager's coaching), optional too.
"""

from dataclasses import dataclass, field

from ._currencies import CURRENCIES as CURRENCIES  # active ISO 4217 codes: a long list of its own

ID_PATTERN = r"^[A-Za-z0-9_-]+$"
CONTRACT_VERSION = 5


@dataclass(frozen=True)
class Col:
    """One column: its kind decides how a cell is parsed and what is valid."""

    name: str
    kind: str  # id, text (kept as typed), label (text, trimmed), enum, number, measure, int, rate, date
    required: bool = True  # must the column be in the header?
    blank: bool = False  # may a cell be empty?
    choices: tuple = ()
    low: float | None = None  # inclusive lower bound
    high: float | None = None  # inclusive upper bound
    positive: bool = False  # strictly greater than zero
    aliases: dict = field(default_factory=dict)  # accepted spellings -> canonical value
    default: object = None  # the value of an empty cell (or a column missing from an older file)
    ref: str | None = None  # "members": the cell names a member of the session's team
    outsider: bool = False  # with ref: an outside person (an expert rater) need not be a member
    money: bool = False  # an amount in the engagement's currency (a form says so when it cannot read one)


@dataclass(frozen=True)
class Table:
    """One CSV file of the engagement folder."""

    name: str
    columns: tuple
    key: tuple = ()
    required: bool = False
    # rows that may be anonymous (a pulse answer, an unsigned SWOT item): stored at a random place and exported by
    # key, so neither the store's file nor an export tells in which order, so by whom, they were written
    shuffled: bool = False

    @property
    def file(self):
        return f"{self.name}.csv"

    @property
    def names(self):
        return [c.name for c in self.columns]

    def col(self, name):
        return next(c for c in self.columns if c.name == name)


def _id(name, **kw):
    return Col(name, "id", **kw)


def _member(name, **kw):
    """A column naming a member of the team (a foreign key to members.member_id)."""
    return Col(name, "id", ref="members", **kw)


# When in a session the pulse was taken: the opening answers make the mean and the trend.
PULSE_PHASES = ("opening", "closing")
# What the pulse asks about (the method's co-elevation map: how the team relates to its peers, to its manager, to
# other departments); an answer without one is about the team.
PULSE_DIMENSIONS = ("team", "manager", "other_departments")
# The status of an action and of an ask (code: the words every page shows).
STATUS_WORDS = {"open": "open", "done": "done", "dropped": "dropped"}
STATUSES = tuple(STATUS_WORDS)
# Whose control a SWOT item is within (code: the words a form offers).
CONTROL_WORDS = {
    "team": "within the team's control",
    "individual": "within one person's control",
    "external": "outside our control",
}
# The tables whose status is kept with its history (kit/_store records each change in `history`), and their ids.
HISTORY_OF = {"actions": "action_id", "asks": "ask_id"}
# Whom a seller shows their own KPI results and funnel to, between sessions and in the team's documents (code: the
# words a page shows); the manager sees them whatever is chosen.
SHARE_WORDS = {
    "manager": "my manager only",
    "partner": "my accountability partner (and my manager)",
    "team": "the whole team",
}
SHARES = tuple(SHARE_WORDS)
# What the pulse asks, at the start and at the end of a session.
PULSE_QUESTION = {"opening": "Where is our team today?", "closing": "Where is our team now, at the end of the session?"}
# The kinds of session (code: what a page calls it).
SESSION_KIND_WORDS = {"kickoff": "Kickoff workshop", "review": "Review meeting"}
# Who may see a goal or a target account, as its owner chose (code: how a page says what it is).
VISIBILITY_WORDS = {"team": "shared with the team", "manager": "shared with the manager only", "private": "private"}
VISIBILITIES = tuple(VISIBILITY_WORDS)
SHARED_WITH_WORDS = {"team": "team", "manager": "manager only"}  # a list's 'Shared with' column
# How a target account stands at a review (code: the words every page shows).
ACCOUNT_PROGRESS_WORDS = {
    "meeting": "meeting held",
    "opportunity": "opportunity open",
    "won": "won",
    "dropped": "dropped",
}
# How a goal stands at a review (code: the words every page shows).
PROGRESS_WORDS = {"on_track": "on track", "at_risk": "at risk", "achieved": "achieved", "dropped": "dropped"}
GOAL_PROGRESS = tuple(PROGRESS_WORDS)
# The departments a SWOT item can ask for support from.
DEPARTMENT_WORDS = {
    "product": "Product",
    "marketing": "Marketing",
    "sales_ops": "Sales Operations",
    "finance": "Finance",
    "other": "Other departments",
}
DEPARTMENTS = tuple(DEPARTMENT_WORDS)
# The manager's coaching time, by kind, and what a documented conversation is about (code: words).
KIND_WORDS = {
    "one_to_one": "one-to-one",
    "joint_call": "joint call",
    "role_play": "role play",
    "debrief": "debrief",
    "pipeline_review": "pipeline review",
}
COACHING_KINDS = tuple(KIND_WORDS)
TOPIC_WORDS = {"praise": "praise", "shortfall": "shortfall", "development": "development", "other": "other"}
CONVERSATION_TOPICS = tuple(TOPIC_WORDS)
# Who scored a role play, as the scorer offers it (code: the words a form shows).
RATER_ROLE_WORDS = {"self": "the seller", "peer": "a peer", "manager": "the manager", "expert": "an outside expert"}
RATER_ROLES = tuple(RATER_ROLE_WORDS)

# the SWOT quadrants as people write them in a spreadsheet (singular or plural) -> their letter
_QUADRANTS = {"strength": "S", "strengths": "S", "weakness": "W", "weaknesses": "W"}
_QUADRANTS |= {"opportunity": "O", "opportunities": "O", "threat": "T", "threats": "T"}

TABLES = {
    t.name: t
    for t in [
        Table(
            "teams",
            (
                _id("team_id"),
                Col("name", "text"),
                _member("manager_id"),
                Col("annual_target", "number", low=0),
            ),
            key=("team_id",),
            required=True,
        ),
        Table(
            "members",
            (
                _id("member_id"),
                _id("team_id"),
                Col("name", "text"),
                Col("role", "enum", choices=("seller", "manager")),
                Col("territory", "label", blank=True),
                Col("annual_quota", "number", low=0),
            ),
            key=("member_id",),
            required=True,
        ),
        Table(
            "sessions",
            (
                _id("session_id"),
                _id("team_id"),
                Col("date", "date"),
                Col("kind", "enum", choices=tuple(SESSION_KIND_WORDS)),
                _member("leader_id", blank=True),
            ),
            key=("session_id",),
            required=True,
        ),
        Table(
            "goals",
            (
                _id("session_id"),
                _member("member_id"),
                Col("goal", "text"),
                Col("category", "enum", choices=("financial", "career", "personal", "learning", "other")),
                Col("visibility", "enum", choices=VISIBILITIES),
                Col("implication", "text", required=False, blank=True),  # what achieving / missing it would mean
                Col("progress", "enum", choices=GOAL_PROGRESS, required=False, blank=True),  # at a review
            ),
        ),
        Table(  # v3: each seller's target accounts, carried account by account (kit.session PER_PERSON)
            "accounts",
            (
                _id("session_id"),
                _member("member_id"),
                Col("account", "label"),
                Col("why", "text", blank=True),
                Col("visibility", "enum", choices=VISIBILITIES),
                Col("progress", "enum", choices=tuple(ACCOUNT_PROGRESS_WORDS), required=False, blank=True),  # a review
                Col("won", "number", low=0, required=False, blank=True, money=True),  # what was won from it so far
            ),
            key=("session_id", "member_id", "account"),
        ),
        Table(
            "commitments",
            (
                _id("session_id"),
                _member("member_id"),
                Col("annual_commitment", "number", low=0, money=True),
                Col("avg_deal_size", "number", positive=True, money=True),
                Col("win_rate", "rate"),
                Col("sales_cycle_days", "int", low=1),
            ),
            key=("session_id", "member_id"),
        ),
        Table(
            "swot",
            (
                _id("session_id"),
                _id("item_id"),
                Col("quadrant", "enum", choices=("S", "W", "O", "T"), aliases=_QUADRANTS),
                Col("text", "text"),
                _member("author_id", blank=True),
                Col("control", "enum", choices=tuple(CONTROL_WORDS)),
                Col("department", "enum", choices=DEPARTMENTS, required=False, blank=True),
                Col("ask", "text", required=False, blank=True),  # what the team asks of that department
                Col("answer", "text", required=False, blank=True),  # the department's answer, when it comes
            ),
            key=("session_id", "item_id"),
            shuffled=True,
        ),
        Table(
            "swot_votes",
            (
                _id("session_id"),
                _id("item_id"),
                _member("voter_id"),
                Col("dots", "int", low=1),
            ),
            key=("session_id", "item_id", "voter_id"),
        ),
        Table(
            "kpi_votes",
            (
                _id("session_id"),
                _id("kpi_id"),
                _member("voter_id"),
                Col("dots", "int", low=1),
            ),
            key=("session_id", "kpi_id", "voter_id"),
        ),
        Table(
            "kpis",
            (
                _id("session_id"),
                Col("scope", "label"),
                _id("kpi_id"),
                Col("target", "measure"),
                Col("period", "enum", choices=("week", "month", "quarter", "year")),
            ),
            key=("session_id", "scope", "kpi_id"),
        ),
        Table(
            "kpi_actuals",
            (
                _member("member_id"),
                _id("kpi_id"),
                Col("period_end", "date"),
                Col("value", "measure"),
                Col("source", "text", required=False, blank=True),  # v4: the CRM export it came from (kit.crm)
            ),
            key=("member_id", "kpi_id", "period_end"),
        ),
        Table(
            "roleplay",
            (
                _id("session_id"),
                Col("scenario", "label"),
                _id("rubric_id"),
                _member("seller_id"),
                _member("rater_id", outsider=True),
                Col("rater_role", "enum", choices=RATER_ROLES),
                _id("criterion_id"),
                Col("score", "number"),
                Col("comment", "text", required=False, blank=True),
            ),
            key=("session_id", "scenario", "seller_id", "rater_id", "criterion_id"),
        ),
        Table(
            "actions",
            (
                _id("session_id"),
                _id("action_id"),
                _member("owner_id"),
                Col("action", "text"),
                Col("due", "date"),
                _id("kpi_id", required=False, blank=True),
                Col("status", "enum", choices=STATUSES),
                _id("ask_id", required=False, blank=True),  # the seller's ask this (manager's) action answers
                _member("for_id", required=False, blank=True),  # the colleague it is for (a seller, a partner)
                Col("every_days", "int", low=1, high=366, required=False, blank=True),  # v4: it recurs, every n days
                Col("minutes", "int", low=1, high=24 * 60, required=False, blank=True),  # v4: ... that long each time
            ),
            key=("session_id", "action_id"),
        ),
        Table(
            "asks",
            (
                _id("session_id"),
                _id("ask_id"),
                _member("member_id"),
                Col("ask", "text"),
                Col("status", "enum", choices=STATUSES),
            ),
            key=("session_id", "ask_id"),
        ),
        Table(
            "partners",
            (
                _id("session_id"),
                _member("member_id"),
                _member("partner_id"),
            ),
            key=("session_id", "member_id"),
        ),
        Table(
            "strategies",
            (
                _id("session_id"),
                _id("strategy_id"),
                Col("text", "text"),
                Col("item_ids", "label"),  # the SWOT items it pairs, separated by spaces or '+'
                _id("action_id", required=False, blank=True),
            ),
            key=("session_id", "strategy_id"),
        ),
        Table(  # v5: each status change of an action or an ask, dated (was blank: the row was added that day)
            "history",
            (
                Col("date", "date"),
                _id("session_id"),
                Col("record", "enum", choices=tuple(HISTORY_OF)),
                _id("item_id"),
                Col("was", "enum", choices=STATUSES, blank=True),
                Col("became", "enum", choices=STATUSES),
                Col("note", "text", required=False, blank=True),
            ),
            key=("session_id", "record", "item_id", "date"),
        ),
        Table(  # v5: whom a seller shows their KPI results to, from a date (no row in force: the manager only)
            "sharing",
            (
                _member("member_id"),
                Col("since", "date"),
                Col("kpis", "enum", choices=SHARES),
            ),
            key=("member_id", "since"),
        ),
        Table(  # v5: how sellers rate their manager's coaching (templates/coaching_rubric.yaml), anonymously
            "coaching_ratings",
            (
                _id("session_id"),  # the session in force when it was rated: the period it belongs to
                _id("rating"),  # a random id shared by one rating's criteria: it counts ratings, names nobody
                _id("criterion_id"),
                Col("score", "int", low=1, high=5),
            ),
            shuffled=True,
        ),
        Table(
            "pulse",
            (
                _id("session_id"),
                _member("respondent_id", blank=True),
                Col("score", "int", low=1, high=5),
                Col("phase", "enum", choices=PULSE_PHASES, required=False, blank=True, default=PULSE_PHASES[0]),
                Col("dimension", "enum", choices=PULSE_DIMENSIONS, required=False, blank=True, default="team"),
            ),
            shuffled=True,
        ),
        Table(
            "coaching",
            (
                Col("date", "date"),
                _member("manager_id"),
                _member("member_id"),
                Col("minutes", "int", low=1, high=24 * 60),
                Col("kind", "enum", choices=COACHING_KINDS),
                Col("note", "text", required=False, blank=True),  # the manager's and that seller's only
            ),
            key=("date", "manager_id", "member_id", "kind"),
        ),
        Table(
            "conversations",
            (
                Col("date", "date"),
                _member("manager_id"),
                _member("member_id"),
                Col("topic", "enum", choices=CONVERSATION_TOPICS),
                Col("summary", "text"),
                Col("agreed_next_step", "text", required=False, blank=True),
                Col("follow_up", "date", required=False, blank=True),
            ),
            key=("date", "manager_id", "member_id", "topic"),
        ),
    ]
}

# Tables in the order they must be written (referenced tables first).
ORDER = list(TABLES)
# Tables of a team's people, not of a session: the rows of the named member (and their manager).
PERSON_TABLES = {
    "kpi_actuals": "member_id",
    "coaching": "member_id",
    "conversations": "member_id",
    "sharing": "member_id",
}
# Tables only the member they are about and their manager may read (kit.audience).
ONE_TO_ONE = ("coaching", "conversations")
# Tables whose rows belong to a session (and so to that session's team).
SESSION_TABLES = [n for n, t in TABLES.items() if "session_id" in t.names and n != "sessions"]
# Keyless tables: on import, a session's rows in the folder replace that session's rows in the store.
KEYLESS = [n for n, t in TABLES.items() if not t.key]

# Columns that name a member, per table (members.team_id / teams.manager_id included).
MEMBER_REFS = {
    n: tuple(c.name for c in t.columns if c.ref == "members")
    for n, t in TABLES.items()
    if any(c.ref == "members" for c in t.columns)
}
# ... of those, the ones in rows that belong to a session (each must be a member of that session's team).
SESSION_MEMBER_REFS = {n: cols for n, cols in MEMBER_REFS.items() if n in SESSION_TABLES}

ENGAGEMENT_FIELDS = ("name", "client", "currency", "facilitator", "dot_budget", "brand")  # brand: kit/brand.py

# Numbers the figures can divide by and print: any number column holds at most LARGEST in size, a column that
# must be above 0 at least SMALLEST, and a rate at least SMALLEST_RATE (0.1%).
LARGEST = 1e15
SMALLEST = 0.01
SMALLEST_RATE = 0.001
DEFAULT_DOT_BUDGET = 5  # dots each person may place per vote, unless engagement.yaml says otherwise

# The method's thresholds and advice, used by validation, figures, forms and reports alike.
WIN = 1.0  # attainment at or above target: praise it
SHORTFALL = 0.8  # attainment below 80% of target: address it early
KPI_ADVICE = (3, 5)  # KPIs per scope (the whole team, each territory)
GOAL_ADVICE = (2, 3)  # personal goals per seller at a kickoff
# A team figure (a role-play rubric's scores, a KPI's attainment) is shown to those who may not see individuals
# only when at least this many people are in it: with fewer, one person's own result could be read from it.
MIN_GROUP = 3

PULSE_LEVELS = {1: "resentment", 2: "resistance", 3: "compliance", 4: "cooperation", 5: "collaboration"}
