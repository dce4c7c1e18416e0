"""What several sections show the same way: commitments, KPIs with their targets, actions, SWOT ranks."""

from ... import _format as fmt
from ... import accountability, goals, kpis, swot
from .._blocks import figure, table, text

__all__ = [
    "commitments_table",
    "funnel_table",
    "commitment_verdict",
    "kpi_targets",
    "actions_table",
    "ranked_swot",
    "first_tie",
    "comment_on",
    "kpi_value",
    "kpi_goal",
    "kpi_result",
]

NUMERIC = ["Commitment", "Deals needed", "Opportunities needed"]


def commitments_table(session, rows):
    """Commitments, compact: seller, commitment, deals and opportunities needed (None without rows)."""
    if rows.empty:
        return None
    f = goals.funnel(rows)
    return table(
        ["Seller", "Commitment", "Deals needed", "Opportunities needed"],
        [
            [
                session.name(r.member_id),
                fmt.money(r.annual_commitment, session.currency),
                fmt.count(r.deals_needed),
                fmt.count(r.opportunities_needed),
            ]
            for r in f.itertuples()
        ],
        numeric=NUMERIC,
    )


def funnel_table(session, rows):
    """What each commitment takes: win rate, deal size, cycle, weekly opportunities and first meetings, pipeline."""
    if rows.empty:
        return None
    cur = session.currency
    out = [
        [
            session.name(r.member_id),
            fmt.pct(r.win_rate),
            fmt.money(r.avg_deal_size, cur),
            fmt.count(r.sales_cycle_days),
            fmt.num(r.opportunities_per_week, 1),
            fmt.num(r.meetings_per_week, 1),
            fmt.money(r.pipeline_needed, cur),
        ]
        for r in goals.funnel(rows).itertuples()
    ]
    cols = [
        "Seller",
        "Win rate",
        "Avg deal",
        "Cycle (days)",
        "Opportunities / week",
        "First meetings / week",
        "Open pipeline needed",
    ]
    return table(cols, out, numeric=cols[1:])


def commitment_verdict(session):
    """One line: the sellers' commitments against the team's target."""
    cur = session.currency
    total, gap, target = session.commitment_total(), session.commitment_gap(), session.team["annual_target"]
    if gap > 0:
        return text(
            f"The sellers' commitments add up to {fmt.amount(total, cur)}: {fmt.amount(gap, cur)} short "
            f"of the team's target of {fmt.amount(target, cur)}. Close the gap before the next review: who "
            "can stretch, and what would it take?"
        )
    where = "exactly on" if gap == 0 else fmt.amount(-gap, cur) + " above"
    return text(
        f"The sellers' commitments add up to {fmt.amount(total, cur)}, {where} the team's target of "
        f"{fmt.amount(target, cur)}."
    )


def kpi_targets(session, selected, scopes=None):
    """The KPIs in force, one row per scope: 'Follow-up time ≤ 24 hours per week' (None without KPIs)."""
    sel = figure(session, "kpi_selection", selected, lambda rows: kpis.selection(rows, catalog=session.catalog))
    if scopes is not None:
        sel = sel[sel["scope"].isin(scopes)]
    if sel.empty:
        return None
    rows = []
    for scope, g in sel.groupby("scope", sort=False):
        lines = [
            f"{r.name} {'≤' if r.direction == 'lower' else '≥'} "
            f"{fmt.measure(r.target, r.unit, session.currency)} per {r.period}"
            for r in g.itertuples()
        ]
        rows.append([scope, "\n".join(lines)])
    return table(["Scope", "KPIs and targets per seller"], rows)


def kpi_value(session, r):
    """One reported KPI value with its unit and period (:func:`kit.kpis.value_words`)."""
    return kpis.value_words(r, session.catalog, session.currency)


def kpi_goal(session, r):
    """A KPI's target with its direction, unit and period (:func:`kit.kpis.goal_words`)."""
    return kpis.goal_words(r, session.catalog, session.currency)


def kpi_result(session, r, *, brief=False):
    """A result in one phrase, value, target and attainment (:func:`kit.kpis.result_words`)."""
    return kpis.result_words(r, session.catalog, session.currency, brief=brief)


def action_status(session, r):
    """An action's status in a word, as the actions tables show it: open, done, dropped, or overdue (open past due)."""
    if r.status == "open" and not fmt.blank(r.due) and str(r.due) < str(session.date):
        return "overdue"
    return r.status


def actions_table(session, actions):
    """Actions with owner, due date and status ('overdue' when open past due); when the list holds actions agreed
    at earlier sessions, an 'Agreed' column says since when each has been open (None without actions)."""
    if actions.empty:
        return None
    o = accountability.overdue(session.actions("all"), as_of=session.date)
    late = set(zip(o["session_id"], o["action_id"]))
    earlier = bool(actions["carried"].any())
    rows = []
    for r in actions.sort_values(["due", "session_id", "action_id"]).itertuples():
        row = [
            session.name(r.owner_id),
            r.action,
            r.due,
            "overdue" if (r.session_id, r.action_id) in late else r.status,
        ]
        if earlier:
            row.append(
                f"open since {fmt.date(r.agreed)}, {fmt.plural(r.open_days, 'day')}"
                if r.carried and r.status == "open"
                else f"at the session of {fmt.date(r.agreed)}"
                if r.carried
                else "this session"
            )
        rows.append(row)
    return table(["Owner", "Action", "Due", "Status"] + (["Agreed"] if earlier else []), rows)


def ranked_swot(session):
    """The session's SWOT items ranked by dots (ties share a rank), or None when there is no SWOT."""
    items = session.rows["swot"]
    if items.empty:
        return None
    return session.memo("swot_ranked", lambda: swot.priorities(items, votes=session.rows["swot_votes"]))


def comment_on(words):
    """What a role-play comment was written on, as a table cell: 'Next steps', 'The whole call'."""
    return words[:1].upper() + words[1:]


def priorities_words(ranked):
    """The top SWOT priorities in one line, ties said as ties: 'tied for first place, with 6 dots each: A; B' or 'A; B
    (tied); C (tied)' (every item ranked in the top three, so a tie for third leaves none out)."""
    first = swot.top_priorities(ranked)
    if not len(first) or first["votes"].iloc[0] <= 0:
        return "no dots placed yet"
    if len(first) > 1:
        votes = fmt.plural(int(first["votes"].iloc[0]), "dot")
        return f"tied for first place, with {votes} each: " + "; ".join(first["text"])
    top = ranked[ranked["rank"] <= 3]
    return "; ".join(t + (" (tied)" if tied else "") for t, tied in zip(top["text"], top["tied"]))


def first_tie(ranked):
    """'Tied for first place: A; B; C.' when several items share the first rank (None otherwise)."""
    top = swot.top_priorities(ranked)
    if len(top) < 2:
        return None
    return text(
        f"Tied for first place, with {fmt.plural(int(top['votes'].iloc[0]), 'dot')} each: "
        + "; ".join(top["text"])
        + "."
    )
