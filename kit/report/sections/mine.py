"""One seller's one-pager (the ``member:<id>`` audience): one printed page, A4 or Letter, that a seller keeps.

It reads in the order a seller acts on it:

1. their numbers: at a first session the commitment and what it takes each week; at a review the funnel rebuilt
   from their results so far;
2. their actions (open ones first, with how long they have been open);
3. their KPIs: the targets, and at a review their latest results against them;
4. their partner and their manager: the partner's check-ins, what the manager committed to them, what they asked,
   their documented conversations and coaching;
5. their role play, named by its scenario (one row per role play when there were several): their score against
   the team's, their coaching focus, what raters said;
6. their own goals (private ones included) and, at a review, where each stands;
7. the team's pulse in one line.

Everything is set against team figures, never against another seller (the rows arrive cut to the seller's policy).

**When the page would overflow, the least important parts are shortened by rule** (:data:`SHORTENINGS`, applied
one after another until the page fits; see :func:`kit.report.fit`): never a table cut in the middle, and each
shortening says in a line what was left out and where the rest is. The page's footer names the shortenings that
changed something on it.
"""

from ... import _format as fmt
from ..._blocks import carried, empty, section, table, text
from ..._schema import STATUS_WORDS
from ...audience import shows_group
from ...steps.accounts import section as accounts_section
from ...steps.actions import model as accountability
from ...steps.actions.section import action_status, actions_table
from ...steps.goals import section as goals_section
from ...steps.goals.section import GOALS_LISTED
from ...steps.kpis import section as kpi_section
from ...steps.kpis.section import kpi_goal, kpi_targets, kpi_value
from ...steps.pulse import section as pulse_section
from ...steps.review import model as review
from ...steps.review.section import KIND_WORDS, TOPIC_WORDS, funnel_words
from ...steps.roleplay import section as roleplay_section

__all__ = ["build", "SHORTENINGS"]

ACTIONS_LISTED = 5  # the actions a page keeps under the 'actions' shortening, open ones due soonest first

# The one-pager's shortenings, least important first, applied in this order until the page fits.
SHORTENINGS = (
    ("comments", "role-play comments on your focus and the whole call only, at most 3"),
    ("earlier_done", "earlier sessions' closed actions counted"),
    ("talks", "only the latest conversation and coaching note"),
    ("pulse", "no team pulse line"),
    ("accounts", "target accounts in a sentence"),
    ("criteria", "role-play criteria in a sentence"),
    ("no_comments", "role-play comments counted"),
    ("no_accounts", "target accounts left out (your account form, step 1b, lists them)"),
    ("manager_done", "only the open commitments of your manager and asks"),
    ("goal_notes", "goals without what each means to you"),
    ("goals", f"the first {GOALS_LISTED} goals only"),
    ("actions", f"the {ACTIONS_LISTED} actions due soonest only"),
)


def build(session, policy, cut=()):
    """The one-pager's sections with the shortenings named in ``cut`` applied (none: everything)."""
    me = policy.member_id
    parts = [
        _numbers(session, me),
        _actions(session, me, cut),
        _kpis(session, me),
        _support(session, me, cut),
        roleplay_section.for_seller(session, me, cut),
        goals_section.for_seller(session, me, cut),
        None if "no_accounts" in cut else accounts_section.for_seller(session, me, brief="accounts" in cut),
        None if "pulse" in cut else pulse_section.for_seller(session),
    ]
    return [p for p in parts if p is not None]


def _numbers(session, me):
    cur = session.currency
    c = session.commitments()
    mine = c[c["member_id"] == me]
    team = (
        f"The team's commitments add up to {fmt.amount(session.commitment_total(), cur)} against a target of "
        f"{fmt.amount(session.team['annual_target'], cur)}."
        if len(c)
        else ""
    )
    if session.is_review:
        f = review.rebuilt_funnel(session)
        f = f[f["member_id"] == me]
        if len(f):
            source = kpi_section.results_from(session, brief=True)
            team = f"{team} {source}".strip() if source else team
            return section("Your funnel, rebuilt from your results", funnel_words(session, f.iloc[0]), text(team))
    if mine.empty:
        return section("Your commitment", empty("You recorded no commitment in this session."), team and text(team))
    from ...steps.goals import model as goals_

    r = next(goals_.funnel(mine).itertuples())
    cols = ["Commitment", "Win rate", "Avg deal", "Deals", "Opportunities", "Opps / week", "Meetings / week"]
    return section(
        "Your commitment",
        table(
            cols + ["Open pipeline"],
            [
                [
                    fmt.money(r.annual_commitment, cur),
                    fmt.pct(r.win_rate),
                    fmt.money(r.avg_deal_size, cur),
                    fmt.count(r.deals_needed),
                    fmt.count(r.opportunities_needed),
                    fmt.num(r.opportunities_per_week, 1),
                    fmt.num(r.meetings_per_week, 1),
                    fmt.money(r.pipeline_needed, cur),
                ]
            ],
            numeric=cols + ["Open pipeline"],
        ),
        text(
            f"Your commitment takes {fmt.num(r.meetings_per_week, 1)} first meetings a week and "
            f"{fmt.amount(r.pipeline_needed, cur)} of open pipeline at any time. {team}"
        ),
    )


def _actions(session, me, cut):
    a = session.actions("all")
    a = a[a["owner_id"] == me]
    earlier_closed = a[a["carried"] & (a["status"] != "open")]
    shown = a if "earlier_done" not in cut else a.drop(earlier_closed.index)
    left = shown.iloc[0:0]
    if "actions" in cut and len(shown) > ACTIONS_LISTED:  # open ones due soonest first, then the closed ones
        order = shown.assign(_closed=shown["status"] != "open").sort_values(
            ["_closed", "due", "session_id", "action_id"]
        )
        shown, left = shown.loc[order.index[:ACTIONS_LISTED]], shown.loc[order.index[ACTIONS_LISTED:]]
    blocks = [_without_owner(actions_table(session, shown)) if len(shown) else empty("You have no open actions.")]
    if "earlier_done" in cut and len(earlier_closed):
        c = accountability.action_counts(earlier_closed)
        blocks.append(
            text(f"From earlier sessions: {fmt.plural(c['done'], 'action')} done, {c['dropped']} dropped (not listed).")
        )
    if len(left):
        c = accountability.action_counts(left)
        which = ", ".join(f"{n} {status}" for status, n in c.items() if n)
        blocks.append(
            text(f"{fmt.plural(len(left), 'more action')} not listed ({which}): the team report lists them all.")
        )
    return section("Your actions", *blocks)


def _without_owner(block):
    """An actions table without its Owner column (every action on a one-pager is the seller's own)."""
    if block is None:
        return None
    i = block["columns"].index("Owner")
    rows = [r[:i] + r[i + 1 :] for r in block["rows"]]
    return table(block["columns"][:i] + block["columns"][i + 1 :], rows)


def _kpis(session, me):
    territory = session.members.set_index("member_id").loc[me, "territory"]
    latest = session.latest_attainment() if session.is_review else None
    mine = latest[latest["member_id"] == me] if latest is not None else None
    if mine is None or mine.empty:
        return section(
            "Your KPIs",
            carried(session, "kpis") if len(session.kpis_in_force) else None,
            kpi_targets(session, session.kpis_in_force, scopes=["team", territory])
            or empty("No KPIs have been selected for you yet."),
            empty("No results of yours have been reported yet.") if session.is_review else None,
        )
    by_kpi = latest.groupby("kpi_id")["attainment"]
    team_avg = by_kpi.mean().where(shows_group(by_kpi.size()))  # never an average of one or two people

    rows = [
        [
            r.kpi,
            kpi_value(session, r),
            kpi_goal(session, r),
            fmt.pct(r.attainment),
            fmt.pct(team_avg.get(r.kpi_id)),
            r.status,
        ]
        for r in mine.itertuples()
    ]
    cols = ["KPI", "Your latest", "Target", "Attainment", "Team average", "Status"]
    return section("Your KPIs: latest results", table(cols, rows, numeric=cols[1:5]))


def _support(session, me, cut):
    blocks = []
    p = review.partners(session)
    p = p[p["member_id"] == me]
    if len(p):
        r = p.iloc[0]
        blocks.append(
            text(
                f"Your accountability partner: {r['partner']}."
                + (
                    f" With {r['earlier']} until now: {r['done']} check-ins done, {r['open']} open."
                    if r["earlier_id"] and r["earlier_id"] != r["partner_id"]
                    else f" Check-ins: {r['done']} done, {r['open']} open."
                )
            )
        )
    led = next((x for x in review.ledger(session) if x["member_id"] == me), None)
    if led is not None:
        for rows, heading in ((led["manager"], "Your manager committed to"), (led["asks"], "You asked your manager")):
            if rows.empty:
                continue
            closed = rows[rows["status"] != "open"] if "manager_done" in cut else rows.iloc[0:0]
            listed = rows.drop(closed.index)
            if len(listed) and "action" in rows:  # the manager's actions: each with its due date and status
                listed = listed.sort_values(["due", "session_id", "action_id"])
                blocks.append(
                    table(
                        [heading, "Due", "Status"],
                        [[r.action, fmt.date(r.due), action_status(session, r)] for r in listed.itertuples()],
                    )
                )
            elif len(listed):  # the seller's asks: a status each (an ask has no due date)
                said = [[r.ask, STATUS_WORDS[r.status]] for r in listed.itertuples()]
                blocks.append(table([heading, "Status"], said))
            if len(closed):
                blocks.append(text(f"{heading}: {fmt.plural(len(closed), 'more')} done or dropped (not listed)."))
    blocks += _talks(session, cut)
    if not blocks:
        return None
    return section("Your partner and your manager", *blocks)


def _talks(session, cut):
    """The seller's own conversations and coaching with their manager."""
    conv, coach = session.conversations, session.coaching
    out = []
    if len(conv):
        conv = conv.sort_values("date", ascending=False)
        shown = conv.head(1) if "talks" in cut else conv
        out.append(
            table(
                ["Date", "About", "What was said", "Next step", "Follow-up"],
                [
                    [
                        fmt.date(r.date),
                        TOPIC_WORDS[r.topic],
                        r.summary,
                        fmt.text_or_dash(r.agreed_next_step),
                        fmt.date(r.follow_up),
                    ]
                    for r in shown.itertuples()
                ],
            )
        )
        if len(conv) > len(shown):
            out.append(text(f"{fmt.plural(len(conv) - len(shown), 'earlier conversation')} not listed."))
    if len(coach):
        since = session.previous["date"] if session.previous else "0000"
        recent = coach[coach["date"] > since]
        minutes = fmt.plural(int(recent["minutes"].sum()), "minute")
        out.append(
            text(
                f"Coaching with your manager since {'the last session' if session.previous else 'the start'}: "
                f"{minutes} ({fmt.plural(len(recent), 'meeting')})."
            )
        )
        noted = coach[coach["note"].notna() & (coach["note"] != "")].sort_values("date", ascending=False)
        shown = noted.head(1) if "talks" in cut else noted
        if len(shown):
            out.append(
                table(
                    ["Date", "Coaching", "Note"],
                    [[fmt.date(r.date), KIND_WORDS[r.kind], r.note] for r in shown.itertuples()],
                )
            )
        if len(noted) > len(shown):
            out.append(text(f"{fmt.plural(len(noted) - len(shown), 'earlier coaching note')} not listed."))
    return out
