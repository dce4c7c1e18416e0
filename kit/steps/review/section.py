"""What a review's documents open with (their first page): progress before anything else.

* the manager's report: praise and address early (with the conversations documented about them), what the manager
  still owes those to address early, time against need, the manager's promises against the coaching log
  (:mod:`.owed`) and the reciprocal ledger;
* the team's report: the open actions, oldest debts first, and the reciprocal ledger;
(A seller's one-pager is laid out by :mod:`.mine`, from the pieces here: their funnel rebuilt in words.)

Every part is built from the session as cut to the document's audience (kit.audience): a team document never sees
a conversation, a coaching note or one person's KPI results.
"""

from ... import _format as fmt
from ..._blocks import empty, section, table, text
from ..._schema import KIND_WORDS, STATUS_WORDS, TOPIC_WORDS
from ..kpis import model as kpis
from ..kpis.section import kpi_result
from . import model as review

__all__ = [
    "opening",
    "on_record",
    "ageing_table",
    "changes_table",
    "ledger_table",
    "to_the_team",
    "funnel_rebuilt",
    "partners_table",
    "praise_and_shortfalls",
    "time_against_need",
    "KIND_WORDS",
    "TOPIC_WORDS",
]


# the questions a review ends with (the leader's agenda and notebook 06 ask them)
QUESTIONS = (
    "How does holding each other accountable feel right now? Where is there friction we should deal with today?",
    "Which win since the last review should the whole team hear about, and what made it work?",
    "Where did we fall short, and what will each of us do differently before the next review?",
    "What does each of us need from the manager, and from each other, to keep our commitments?",
    "Where do we place the team today, from resentment to collaboration, and what would move us one step up?",
)


def _counts(c):
    return f"{c['done']} done, {c['open']} open" + (f", {c['dropped']} dropped" if c["dropped"] else "")


# ---------------------------------------------------------------- parts shared with the agenda


def ageing_table(session):
    """The open actions, most overdue first, with how long each has been carried (None when none are open)."""
    a = review.ageing(session)
    if a.empty:
        return None
    rows = [
        [
            r.owner,
            r.action,
            fmt.date(r.due),
            fmt.plural(r.days_overdue, "day") + " overdue" if r.days_overdue else "not yet due",
            f"since {fmt.date(r.agreed)}" if r.carried else "this session",
        ]
        for r in a.itertuples()
    ]
    return table(["Owner", "Action", "Due", "Overdue", "Carried"], rows)


def changes_table(session):
    """What changed when since the last session (actions done, dropped or reopened, check-ins recorded, asks made
    between sessions), oldest first, each with its note (None when nothing is dated)."""
    c = review.changes(session)
    if c.empty:
        return None
    rows = [
        [fmt.date(r.date), r.who, r.change, r.item + (f" ({r.note})" if isinstance(r.note, str) and r.note else "")]
        for r in c.itertuples()
    ]
    return table(["When", "Who", "What changed", "Action or ask"], rows)


def ledger_table(session):
    """The reciprocal ledger: per seller, their actions and the manager's actions for them, side by side, with
    their asks of the manager (None when nobody committed to anything yet)."""
    led = review.ledger(session)
    if not any(len(x["mine"]) or len(x["manager"]) or len(x["asks"]) for x in led):
        return None
    rows = []
    for x in led:
        mine = "; ".join(f"{r.action} ({_status(session, r)})" for r in x["mine"].itertuples()) or fmt.DASH
        theirs = "; ".join(f"{r.action} ({_status(session, r)})" for r in x["manager"].itertuples()) or fmt.DASH
        asks = "; ".join(f"{r.ask} ({STATUS_WORDS[r.status]})" for r in x["asks"].itertuples()) or fmt.DASH
        rows.append([x["name"], mine, asks, theirs])
    return table(["Seller", "Committed to", "Asked of the manager", "The manager committed to"], rows)


def to_the_team(session):
    """The manager's commitments to the whole team, in one paragraph under the ledger (None without any)."""
    t = review.to_the_team(session)
    if t.empty:
        return None
    return text(f"The manager's commitments to the whole team: {'; '.join(quoted(session, t))}.")


def quoted(session, actions):
    """Each action in its own words with where it stands: “Join Elena's calls in May” (due 31 May 2026)."""
    return [f"“{r.action}” ({_status(session, r)})" for r in actions.itertuples()]


def _status(session, r):
    if r.status == "open" and str(r.due) < str(session.date):
        return f"overdue since {fmt.date(r.due)}"
    return STATUS_WORDS[r.status] if r.status != "open" else f"due {fmt.date(r.due)}"


def ledger_summary(session):
    """One line: how many commitments each side has kept."""
    led = review.ledger(session)
    sellers = {k: sum(x["counts_mine"][k] for x in led) for k in ("open", "done", "dropped")}
    manager = {k: sum(x["counts_manager"][k] for x in led) for k in ("open", "done", "dropped")}
    asks = sum(len(x["asks"]) for x in led)
    answered = sum(x["asks_answered"] for x in led)
    return text(
        f"Since the last session (and older debts still open): the sellers' actions {_counts(sellers)}; the "
        f"manager's actions for them {_counts(manager)}. "
        f"{fmt.plural(asks, 'ask')} of the manager, {answered} answered by a manager's action."
    )


def funnel_rebuilt(session, member_id=None):
    """Each seller's funnel rebuilt from their results to date, beside the kickoff plan and the KPI target (one
    seller's when ``member_id`` is given). Results an audience may not see are not used (the cut removed them)."""
    f = review.rebuilt_funnel(session)
    if member_id is not None:
        f = f[f["member_id"] == member_id]
    if f.empty:
        return None
    cur = session.currency
    rows = []
    for r in f.itertuples():
        kpi = (
            fmt.DASH
            if r.kpi_target is None
            else f"{fmt.num(r.kpi_target, 1)} ({'+' if r.kpi_difference > 0 else ''}{fmt.num(r.kpi_difference, 1)})"
        )
        rows.append(
            [
                r.name,
                fmt.money(r.won, cur) if r.won is not None else "not reported",
                fmt.money(r.remaining, cur),
                f"{fmt.count(r.deals_needed)} deals · {fmt.count(r.opportunities_needed)} opps",
                fmt.num(r.plan_meetings_per_week, 1),
                fmt.num(r.meetings_per_week, 1),
                kpi,
            ]
        )
    cols = ["Seller", "Won so far", "Still to win", "Takes", "Plan / week", "Now / week", "KPI target (diff.)"]
    return table(cols, rows, numeric=cols[1:2] + cols[2:3] + cols[4:])


def funnel_words(session, r):
    """One seller's rebuilt funnel in a sentence (r: a row of review.rebuilt_funnel)."""
    cur = session.currency
    won = (
        f"You have won {fmt.amount(r.won, cur)} of your {fmt.amount(r.annual_commitment, cur)} commitment"
        if r.won is not None
        else f"No bookings of yours are reported yet against your {fmt.amount(r.annual_commitment, cur)} commitment"
    )
    rates = f"at a win rate of {fmt.pct(r.win_rate)} and deals of {fmt.amount(r.deal_size, cur)}"
    line = (
        f"{won}. With {fmt.num(r.weeks_left, 0)} selling weeks left, {rates}, the rest takes "
        f"{fmt.num(r.meetings_per_week, 1)} first meetings a week (the kickoff plan was "
        f"{fmt.num(r.plan_meetings_per_week, 1)}). Your weekly target: {fmt.num(r.meetings_per_week, 1)} first "
        f"meetings. The leader's agenda shows {fmt.num(r.committed_meetings_per_week, 1)} a week for you: your "
        "commitment at the rates you committed to, nothing counted as won."
    )
    if r.kpi_target is not None:
        d = r.kpi_difference
        if abs(d) < 0.05:
            line += f" It matches the team's KPI of {fmt.num(r.kpi_target, 1)} a week."
        elif d > 0:
            line += (
                f" The team's KPI asks {fmt.num(r.kpi_target, 1)} a week: {fmt.num(d, 1)} more than your funnel "
                "needs, a margin for deals that slip."
            )
        else:
            line += (
                f" The team's KPI asks only {fmt.num(r.kpi_target, 1)} a week: meeting the KPI alone leaves you "
                f"{fmt.num(-d, 1)} a week short of your commitment."
            )
    return text(line)


def partners_table(session):
    """The accountability pairs in force and their check-ins (None without pairs)."""
    p = review.partners(session)
    if p.empty:
        return None
    rotated = (p["earlier_id"] != p["partner_id"]).any()
    rows = []
    for r in p.sort_values("name").itertuples():
        ins = f"{r.done} done, {r.open} open" if (r.done or r.open) else "none recorded"
        rows.append([r.name, r.earlier or fmt.DASH, ins, r.partner] if rotated else [r.name, r.partner, ins])
    if rotated:
        return table(["Seller", "Partner until now", "Check-ins", "New partner"], rows)
    return table(["Seller", "Accountability partner", "Check-ins"], rows)


# ---------------------------------------------------------------- the manager's first page


def praise_and_shortfalls(session):
    """Whom to talk to early (each KPI below 80% of target) and whom to praise, by their latest results, with the
    conversation documented about it since the previous session (the manager's audience only: it names
    individual results). Shortfalls first: they cannot wait."""
    latest = session.latest_attainment()
    if latest.empty:
        return [empty("No KPI actuals have been reported against the selected KPIs yet.")]
    conv = session.conversations
    since = session.previous["date"] if session.previous else "0000"

    def said(mid, topic):
        talks = conv[(conv["member_id"] == mid) & (conv["topic"] == topic) & (conv["date"] > since)]
        return f"{TOPIC_WORDS[topic]}, {fmt.date(talks['date'].iloc[-1])}" if len(talks) else "not yet"

    short_rows, praise = [], []
    for (mid, name), g in latest.groupby(["member_id", "name"], sort=True):
        short = g[g["status"] == "shortfall"]
        wins = g[g["status"] == "win"]
        if len(short):
            short_rows.append(
                [
                    name,
                    "; ".join(kpi_result(session, r, brief=True) for r in short.itertuples()),
                    said(mid, "shortfall"),
                ]
            )
        elif len(wins):
            told = said(mid, "praise")
            when = "not yet" if told == "not yet" else told.split(", ")[1]
            praise.append([name, "; ".join(kpi_result(session, r, brief=True) for r in wins.itertuples()), when])
    blocks = []
    if short_rows:
        blocks.append(table(["Address early", f"Below {fmt.pct(kpis.SHORTFALL)} of target", "Documented"], short_rows))
    else:
        blocks.append(text(f"Nobody is below {fmt.pct(kpis.SHORTFALL)} of target on any KPI."))
    if praise:
        blocks.append(table(["Praise", "At or above target", "Praised"], praise))
    return blocks


def time_against_need(session, *, compact=False):
    """Coaching minutes since the previous session beside each seller's need, most in need first; a warning when
    those who need it most got the least (the manager's audience only)."""
    t, flag = review.time_against_need(session)
    if t.empty:
        return []
    blocks = []
    if flag:
        blocks.append(
            text(
                f"⚠ Those who need it most got the least: {' and '.join(flag['most'])} had "
                f"{fmt.num(flag['most_minutes'])} minutes each on average since the last session, the others "
                f"{fmt.num(flag['others_minutes'])}. Move time to them before the next review."
            )
        )
    elif t["minutes"].sum() == 0:
        blocks.append(text("No coaching time is recorded since the last session (coaching.csv, or the notebook)."))
    rows = [
        [r.name, f"{r.need} of 3", (_why(r) if compact else r.reasons) or "none flagged", fmt.count(r.minutes)]
        + ([] if compact else [", ".join(f"{KIND_WORDS[k]} {v}" for k, v in sorted(r.by_kind.items())) or fmt.DASH])
        for r in t.itertuples()
    ]
    cols = ["Seller", "Need", "Why", "Minutes"] + ([] if compact else ["How"])
    blocks.append(table(cols, rows, numeric=["Minutes"]))
    if not compact:
        blocks.append(need_words())
    return blocks


def need_words():
    """What 'need' counts, in one paragraph."""
    return text(
        "Need counts three signals: a KPI below 80% of target; a role-play criterion others scored below "
        f"{fmt.num(review.LOW_CRITERION, 0)} of 5; a commitment at risk (with the bookings reported, the rest "
        f"takes more than {fmt.num(review.AT_RISK_PACE, 1)}× the kickoff's weekly plan, or a goal is marked at "
        "risk)."
    )


def _why(r):
    """A seller's need in a few words (r: a row of review.time_against_need)."""
    parts = []
    if r.shortfalls:
        parts.append(f"{fmt.plural(int(r.shortfalls), 'KPI')} below 80%")
    if r.low_criteria:
        parts.append(f"{fmt.plural(int(r.low_criteria), 'role-play criterion', 'role-play criteria')} below 3")
    if r.at_risk:
        parts.append("commitment at risk")
    return "; ".join(parts)


def ledger_counts(session):
    """The reciprocal ledger in counts, one row per seller (None when nobody committed to anything yet)."""
    led = review.ledger(session)
    if not any(len(x["mine"]) or len(x["manager"]) or len(x["asks"]) for x in led):
        return None

    def c(d):
        return f"{d['done']} done, {d['open']} open"

    rows = [
        [x["name"], c(x["counts_mine"]), f"{len(x['asks'])} ({x['asks_answered']} answered)", c(x["counts_manager"])]
        for x in led
    ]
    return table(["Seller", "Their actions", "Their asks of you", "Your actions for them"], rows)


def on_record(session, policy):
    """The manager's record of one-to-ones: the conversations documented and the coaching notes, with follow-ups
    due (the manager's audience only; None when there is nothing on record)."""
    if not policy.keeps_the_record:
        return None
    conv, coach = session.conversations, session.coaching
    if not len(conv) and not len(coach):
        return None
    blocks = []
    if len(conv):
        due = conv[conv["follow_up"].notna() & (conv["follow_up"] <= session.date)]
        if len(due):
            blocks.append(
                text(
                    "Follow-ups due by this session: "
                    + "; ".join(f"{session.name(r.member_id)} ({fmt.date(r.follow_up)})" for r in due.itertuples())
                    + "."
                )
            )
        blocks.append(
            table(
                ["Date", "Seller", "About", "What was said", "Agreed next step", "Follow-up"],
                [
                    [
                        fmt.date(r.date),
                        session.name(r.member_id),
                        TOPIC_WORDS[r.topic],
                        r.summary,
                        fmt.text_or_dash(r.agreed_next_step),
                        fmt.date(r.follow_up),
                    ]
                    for r in conv.sort_values(["date", "member_id"], ascending=[False, True]).itertuples()
                ],
            )
        )
    noted = coach[coach["note"].notna() & (coach["note"] != "")] if len(coach) else coach
    if len(noted):
        blocks.append(
            table(
                ["Date", "Seller", "Coaching", "Minutes", "Note"],
                [
                    [fmt.date(r.date), session.name(r.member_id), KIND_WORDS[r.kind], fmt.count(r.minutes), r.note]
                    for r in noted.sort_values(["date", "member_id"], ascending=[False, True]).itertuples()
                ],
                numeric=["Minutes"],
            )
        )
    if session.is_review:
        blocks.append(need_words())
    return section(
        "On record: conversations and coaching",
        *blocks,
        intro="Between you and each seller: each seller sees only their own rows, in their one-pager.",
    )


# ---------------------------------------------------------------- the openings


def _manager(session, policy):
    from .owed import coaching_as_rated, failed_them, promise_against_practice

    record = policy.keeps_the_record  # the coaching log is the manager's and each seller's only
    parts = [
        section("Praise and address early", *praise_and_shortfalls(session)),
        failed_them(session) if record else None,
        section("Your time against their need", *time_against_need(session, compact=True)),
        promise_against_practice(session) if record else None,
        coaching_as_rated(session) if record else None,
        section(
            "The reciprocal ledger",
            ledger_counts(session) or empty("Nobody has committed to anything yet."),
            to_the_team(session),
            intro="Since the last session, and older debts still open (in full in the leader's agenda).",
        ),
        _changes(session),
    ]
    return [p for p in parts if p]


def _changes(session):
    """The section 'What changed when' (None when nothing is dated since the last session)."""
    t = changes_table(session)
    if t is None:
        return None
    return section(
        "What changed when, since the last session",
        t,
        intro="Each action done, dropped or reopened, each check-in and each ask recorded between the sessions, on "
        "the day it was.",
    )


def _team(session):
    parts = [
        section(
            "Open actions first",
            ageing_table(session) or empty("No action is open."),
            intro="What was promised and is not done yet, oldest debts first.",
        ),
        _changes(session),
        section("The reciprocal ledger", ledger_summary(session), ledger_table(session), to_the_team(session)),
    ]
    return [p for p in parts if p]


def opening(session, policy):
    """The sections a review's document opens with (none at a first session)."""
    if not session.is_review:
        return []
    return _manager(session, policy) if policy.reads_each_person else _team(session)
