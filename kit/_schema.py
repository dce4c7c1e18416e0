"""The engagement folder contract (v1) as data: tables, columns, kinds, keys."""

from dataclasses import dataclass, field

ID_PATTERN = r"^[A-Za-z0-9_-]+$"
CONTRACT_VERSION = 1


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


@dataclass(frozen=True)
class Table:
    """One CSV file of the engagement folder."""

    name: str
    columns: tuple
    key: tuple = ()
    required: bool = False

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


_QUADRANTS = {"strength": "S", "strengths": "S", "weakness": "W", "weaknesses": "W",
              "opportunity": "O", "opportunities": "O", "threat": "T", "threats": "T"}

TABLES = {t.name: t for t in [
    Table("teams", (
        _id("team_id"), Col("name", "text"), _id("manager_id"),
        Col("annual_target", "number", low=0),
    ), key=("team_id",), required=True),
    Table("members", (
        _id("member_id"), _id("team_id"), Col("name", "text"),
        Col("role", "enum", choices=("seller", "manager")),
        Col("territory", "label", blank=True), Col("annual_quota", "number", low=0),
    ), key=("member_id",), required=True),
    Table("sessions", (
        _id("session_id"), _id("team_id"), Col("date", "date"),
        Col("kind", "enum", choices=("kickoff", "review")), _id("leader_id", blank=True),
    ), key=("session_id",), required=True),
    Table("goals", (
        _id("session_id"), _id("member_id"), Col("goal", "text"),
        Col("category", "enum", choices=("financial", "career", "personal", "learning", "other")),
        Col("visibility", "enum", choices=("team", "manager", "private")),
    )),
    Table("commitments", (
        _id("session_id"), _id("member_id"), Col("annual_commitment", "number", low=0),
        Col("avg_deal_size", "number", positive=True), Col("win_rate", "rate"),
        Col("sales_cycle_days", "int", low=1),
    ), key=("session_id", "member_id")),
    Table("swot", (
        _id("session_id"), _id("item_id"),
        Col("quadrant", "enum", choices=("S", "W", "O", "T"), aliases=_QUADRANTS),
        Col("text", "text"), _id("author_id", blank=True),
        Col("control", "enum", choices=("team", "individual", "external")),
    ), key=("session_id", "item_id")),
    Table("swot_votes", (
        _id("session_id"), _id("item_id"), _id("voter_id"), Col("dots", "int", low=1),
    ), key=("session_id", "item_id", "voter_id")),
    Table("kpi_votes", (
        _id("session_id"), _id("kpi_id"), _id("voter_id"), Col("dots", "int", low=1),
    ), key=("session_id", "kpi_id", "voter_id")),
    Table("kpis", (
        _id("session_id"), Col("scope", "label"), _id("kpi_id"), Col("target", "measure"),
        Col("period", "enum", choices=("week", "month", "quarter", "year")),
    ), key=("session_id", "scope", "kpi_id")),
    Table("kpi_actuals", (
        _id("member_id"), _id("kpi_id"), Col("period_end", "date"), Col("value", "measure"),
    ), key=("member_id", "kpi_id", "period_end")),
    Table("roleplay", (
        _id("session_id"), Col("scenario", "label"), _id("rubric_id"), _id("seller_id"),
        _id("rater_id"), Col("rater_role", "enum", choices=("self", "peer", "manager", "expert")),
        _id("criterion_id"), Col("score", "number"),
        Col("comment", "text", required=False, blank=True),
    ), key=("session_id", "scenario", "seller_id", "rater_id", "criterion_id")),
    Table("actions", (
        _id("session_id"), _id("action_id"), _id("owner_id"), Col("action", "text"),
        Col("due", "date"), _id("kpi_id", required=False, blank=True),
        Col("status", "enum", choices=("open", "done", "dropped")),
    ), key=("session_id", "action_id")),
    Table("pulse", (
        _id("session_id"), _id("respondent_id", blank=True), Col("score", "int", low=1, high=5),
    )),
]}

# Tables in the order they must be written (referenced tables first).
ORDER = list(TABLES)
# Tables whose rows belong to a session (and so to that session's team).
SESSION_TABLES = [n for n, t in TABLES.items() if "session_id" in t.names and n != "sessions"]
# Keyless tables: on import, a session's rows in the folder replace that session's rows in the store.
KEYLESS = [n for n, t in TABLES.items() if not t.key]

ENGAGEMENT_FIELDS = ("name", "client", "currency", "facilitator", "dot_budget")
DEFAULT_DOT_BUDGET = 5

PULSE_LEVELS = {1: "resentment", 2: "resistance", 3: "compliance", 4: "cooperation", 5: "collaboration"}

# Active ISO 4217 currency codes.
CURRENCIES = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN
BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW
KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD
NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD
SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES
VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
""".split())
