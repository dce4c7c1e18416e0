"""The leader's agenda for a review (``agenda.html``): what the rotating leader walks the team through, in order,
before anything new is agreed. Team audience only: the session arrives cut to TEAM, so nothing here can name one
person's KPI results, a private goal, a coaching note or a conversation.

1. Open actions, oldest debts first (ageing: overdue by how many days, carried since when).
2. Results against the commitments and KPIs: wins to celebrate first, then shortfalls, as team figures.
3. What each commitment takes now, per seller (with the weeks left; their own results are in their one-pager).
4. The reciprocal ledger: what each seller and the manager committed to, side by side.
5. Partner check-ins.
6. Asks to other departments and their answers.
7. Questions for the team.
"""

from ... import _format as fmt
from ..._blocks import empty, items, section, table, text
from ..._schema import DEPARTMENT_WORDS
from ...steps.kpis import model as kpis
from ...steps.kpis.section import results_from
from ...steps.review import model as review
from ...steps.review.section import (
    QUESTIONS,
    ageing_table,
    changes_table,
    ledger_summary,
    ledger_table,
    partners_table,
    to_the_team,
)
from ...steps.swot import model as swot
from . import head

__all__ = ["document"]


# The questions the method asks a team to discuss at every review, in the leader's words.
def _results(session):
    """Wins first, then shortfalls: the team's commitments against its target and the KPIs as team figures."""
    cur = session.currency
    blocks = []
    total, target = session.commitment_total(), float(session.team["annual_target"])
    if total:
        gap = target - total
        blocks.append(
            text(
                f"Commitments: {fmt.amount(total, cur)} against the team's target of {fmt.amount(target, cur)} "
                + (f"({fmt.amount(gap, cur)} short)." if gap > 0 else "(covered).")
            )
        )
    latest = session.latest_attainment()
    if latest.empty:
        blocks.append(
            empty(session.withheld_note("attainment") or "No KPI results are reported yet: ask each seller for theirs.")
        )
        return blocks
    by, few = session.team_attainment()
    wins = [(k, a) for k, a in by.sort_values(ascending=False).items() if kpis.status(a) == "win"]
    short = [(k, a) for k, a in by.sort_values().items() if kpis.status(a) == "shortfall"]
    middle = [(k, a) for k, a in by.items() if kpis.status(a) == "on the way"]
    if wins:
        blocks += [
            text("Celebrate first — at or above target as a team:", lead=True),
            items(f"{k}: {fmt.pct(kpis.shown(a))} of target" for k, a in wins),
        ]
    if short:
        blocks += [
            text(f"Then the shortfalls — below {fmt.pct(kpis.SHORTFALL)} of target as a team:", lead=True),
            items(f"{k}: {fmt.pct(kpis.shown(a))} of target" for k, a in short),
        ]
    if middle:
        blocks.append(
            text("On the way: " + "; ".join(f"{k} {fmt.pct(kpis.shown(a))}" for k, a in sorted(middle)) + ".")
        )
    note = session.withheld_note("attainment")
    if note:
        blocks.append(text(note))
    elif few:
        blocks.append(text(fmt.sentence(kpis.too_few_words(few))))
    blocks.append(text("Each seller's own results are in their one-pager: invite them to share what they choose."))
    blocks.append(results_from(session))
    return blocks


def _funnels(session):
    """What each commitment takes now, from what the team may see: the commitment at its own rates and the weeks
    left, nothing counted as won (a seller's bookings and rates are theirs: their one-pager rebuilds from them)."""
    f = review.rebuilt_funnel(session)
    if f.empty:
        return [empty("No commitments are recorded yet.")]
    cur = session.currency
    weeks = f["weeks_left"].iloc[0]
    rows = [
        [
            r.name,
            fmt.money(r.annual_commitment, cur),
            fmt.num(r.plan_meetings_per_week, 1),
            fmt.num(r.committed_meetings_per_week, 1),
            fmt.DASH if r.kpi_target is None else fmt.num(r.kpi_target, 1),
        ]
        for r in f.itertuples()
    ]
    cols = ["Seller", "Commitment", "Planned at kickoff", "Now, at the committed rates", "KPI target"]
    return [
        text(
            f"First meetings a week each commitment takes, with {fmt.num(weeks, 0)} selling weeks left in the year, "
            "at the win rate and deal size each seller committed to, counting nothing as won yet: the team's "
            "figures, from the commitments alone. It is not a ceiling: a seller winning less often or smaller deals "
            "than committed needs more, one who has already won needs less. Each seller's one-pager gives their own "
            "figure, rebuilt from their results, beside this one: ask each to say theirs."
        ),
        table(cols, rows, numeric=cols[1:]),
    ]


def _departments(session):
    asks = swot.department_asks(session)
    if not asks:
        return [empty("No SWOT item is addressed to another department yet.")]
    rows = []
    for d, g in asks.items():
        for r in g.itertuples():
            if not r.ask:
                continue
            rows.append([DEPARTMENT_WORDS[d], r.text, r.ask, r.answer or "no answer yet"])
    if not rows:
        return [empty("SWOT items name departments, but no ask is written yet.")]
    return [table(["Department", "SWOT item", "Our ask", "Their answer"], rows)]


def document(session, policy):
    """The agenda as a document (a dict for the report template); ``session`` is cut to ``policy`` (TEAM)."""
    if policy.personal:
        raise ValueError("the leader's agenda is a team document: cut the session to the team audience")
    v = head.build(session, policy)
    if session.leader_recorded:
        led = f"Led by {session.name(session.leader)}."
    elif session.leader:
        led = (
            f"No leader recorded for this review: the rotation proposes {session.name(session.leader)} (who has led "
            "least, then longest ago); the team may choose someone else."
        )
    else:
        led = "No leader recorded for this review: the team chooses one."
    if not session.next_leader:
        nxt = "who leads the next review"
    elif session.next_leader_recorded:
        nxt = f"who leads the next review ({session.name(session.next_leader)} is recorded)"
    else:
        nxt = f"who leads the next review (proposed: {session.name(session.next_leader)})"
    v.update(
        title="Leader's agenda",
        doc_title=head._plain(f"Leader's agenda · {session.team['name']} · {session.info['date']}"),
        footer=head._plain(f"{session.team['name']} · {session.info['date']} · Leader's agenda"),
        note="For the review's leader and the whole team: team figures only, nothing private.",
        agreed=[],
        opening=[],
        next_leader=None,
        attendees=None,
    )
    c = session.action_counts("earlier")
    v["sections"] = [
        section(
            "How to run this review",
            text(
                f"{led} Keep to the order below: what we owe each other first, results second, new "
                "commitments last. Praise in front of the team; take individual shortfalls to a one-to-one."
            ),
            items(
                [
                    "10 min — open actions (1)",
                    "15 min — results: wins first, then shortfalls (2, 3)",
                    "15 min — the reciprocal ledger and partner check-ins (4, 5)",
                    "10 min — asks to other departments (6)",
                    f"10 min — questions for the team (7), then new actions and {nxt}",
                ]
            ),
        ),
        section(
            "1. Open actions, oldest first",
            text(
                f"From earlier sessions: {c['done']} done, {c['open']} open ({c['overdue']} overdue), "
                f"{c['dropped']} dropped."
            )
            if len(session.actions("earlier"))
            else None,
            ageing_table(session) or empty("No action is open."),
            changes_table(session),
        ),
        section("2. Results against commitments and KPIs", *_results(session)),
        section("3. What each commitment takes now", *_funnels(session)),
        section("4. The reciprocal ledger", ledger_summary(session), ledger_table(session), to_the_team(session)),
        section(
            "5. Partner check-ins",
            partners_table(session) or empty("No accountability partners are set yet: pair up today."),
        ),
        section("6. Asks to other departments", *_departments(session)),
        section("7. Questions for the team", items(QUESTIONS)),
    ]
    return v
