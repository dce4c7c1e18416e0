"""Personal goals and what they take: the goals this audience may read, and the goal-funding funnel."""

from ... import _format as fmt
from ..._blocks import bars, carried, empty, section, table, text
from ..._schema import SHARED_WITH_WORDS
from ...audience import readable
from . import model as goals
from .model import progress_words

__all__ = ["build", "commitments_table", "funnel_table", "commitment_verdict", "for_seller", "GOALS_LISTED"]

TITLE = "Personal goals and what they take"


def _goals(session, policy):
    g = session.rows["goals"]
    if g.empty:
        return [empty("No personal goals were recorded in this session.")]
    wider = policy.reads_beyond_team
    intro = (
        "Goals shared with the team or with you as their manager (marked 'manager only'). Private goals are not shown."
        if wider
        else "Goals their owners chose to share with the team."
    )
    shown = readable(g).sort_values(["member_id"], kind="stable")
    progress = "progress" in shown and shown["progress"].notna().any()
    meaning = "implication" in shown and shown["implication"].fillna("").astype(bool).any()
    rows = [
        [session.name(r.member_id), r.goal, r.category]
        + ([progress_words(r.progress)] if progress else [])
        + ([fmt.text_or_dash(r.implication)] if meaning else [])
        + ([SHARED_WITH_WORDS.get(r.visibility, r.visibility)] if wider else [])
        for r in shown.itertuples()
    ]
    cols = (
        ["Seller", "Goal", "Category"]
        + (["Progress"] if progress else [])
        + (["What it would mean"] if meaning else [])
        + (["Shared with"] if wider else [])
    )
    if "goals" in session.carried and not (g["agreed"] == session.date).any():
        # agreed earlier and nobody revisited theirs: one line with its date, not the table again
        return [
            text(
                f"The goals agreed at the session of {fmt.date(session.carried['goals']['date'])} stand (not "
                f"revisited since): {fmt.plural(len(shown), 'goal')} of "
                f"{fmt.plural(shown['member_id'].nunique(), 'seller')} shown to this audience; they are in full in "
                "that session's report."
            )
        ]
    return [text(intro), table(cols, rows) if rows else empty("No goals were shared at this level.")]


def commitments_chart(session, c):
    """Each seller's commitment (green at or above an even share of the team's target, orange below), under what
    they add up to against the target: the report's chart, the notebook's and the wall's."""
    cur = session.currency
    target = float(session.team["annual_target"])
    share = session.even_share()
    total = session.commitment_total()
    verdict = (
        f"{fmt.amount(total - target, cur)} above"
        if total > target
        else f"{fmt.amount(target - total, cur)} short of"
        if total < target
        else "exactly on"
    )
    return bars(
        f"Commitments add up to {fmt.amount(total, cur)}: {verdict} the target",
        [
            {
                "label": session.name(r.member_id),
                "value": r.annual_commitment,
                "ref": share,
                "text": fmt.money(r.annual_commitment, cur),
                "tone": "good" if r.annual_commitment >= share else "bad",
            }
            for r in c.sort_values("annual_commitment", ascending=False).itertuples()
        ],
        scale=[0, max(c["annual_commitment"].max(), share) * 1.05],
        ref_label=f"even share of the target ({fmt.money(share, cur)})",
    )


def _funnel(session):
    c = session.commitments()
    if c.empty:
        return []
    if "commitments" in session.carried and not (c["agreed"] == session.date).any():
        return [
            text(
                f"The commitments agreed at the session of {fmt.date(session.carried['commitments']['date'])} stand "
                "(not revisited since); what each takes is in that session's report"
                + (
                    "; each seller's one-pager rebuilds their funnel from their results so far."
                    if session.is_review
                    else "."
                )
            )
        ]
    fn = goals.funnel(c).sort_values("meetings_per_week", ascending=False)
    shown = fn["meetings_per_week"].round(1)
    most = [session.name(m) for m in fn.loc[shown == shown.iloc[0], "member_id"]]  # a tie, as shown, is a tie
    return [
        text("What each commitment takes (the goal-funding funnel):", lead=True),
        funnel_table(session, c),
        bars(
            (
                f"{most[0]}'s commitment takes the most activity: "
                if len(most) == 1
                else f"{fmt.and_list(most)} are tied for the most activity: "
            )
            + f"{fmt.num(shown.iloc[0], 1)} first meetings a week"
            + (" each" if len(most) > 1 else ""),
            [
                {
                    "label": session.name(r.member_id),
                    "value": r.meetings_per_week,
                    "text": f"{fmt.num(r.meetings_per_week, 1)} first meetings / week",
                    "tone": "a",
                }
                for r in fn.itertuples()
            ],
            scale=[0, fn["meetings_per_week"].max() or 1],
        ),
        text(
            f"Assumes {goals.WEEKS_PER_YEAR} selling weeks and two first meetings per qualified opportunity; "
            "pipeline needed is what must be open at any time over the stated sales cycle."
        ),
        commitments_chart(session, c),
    ]


def build(session, policy):
    return section(TITLE, *_goals(session, policy), *_funnel(session))


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


# ---------------------------------------------------------------- on a seller's one-pager

GOALS_LISTED = 3  # the goals a page keeps under the one-pager's 'goals' shortening
_SHARED_WITH_ME = {"team": "the team", "manager": "your manager", "private": "only you"}


def for_seller(session, me, cut):
    """A seller's own one-pager part (:mod:`kit.report.sections.mine`): their goals, private ones included, and at
    a review where each stands; ``cut`` names the one-pager's shortenings applied."""
    g = readable(session.rows["goals"])
    g = g[g["member_id"] == me]
    if g.empty:
        return section("Your personal goals", empty("You recorded no personal goals yet."))
    shown = g.head(GOALS_LISTED) if "goals" in cut else g
    if session.is_review:
        notes = "goal_notes" not in cut
        rows = [
            [r.goal, progress_words(r.progress)] + ([fmt.text_or_dash(r.implication)] if notes else [])
            for r in shown.itertuples()
        ]
        body = table(["Goal", "Where it stands"] + (["What it means to you"] if notes else []), rows)
    else:
        body = table(
            ["Goal", "Category", "Shared with"],
            [[r.goal, r.category, _SHARED_WITH_ME[r.visibility]] for r in shown.itertuples()],
        )
    more = len(g) - len(shown)
    return section(
        "Your personal goals",
        carried(session, "goals"),
        body,
        text(f"{fmt.plural(more, 'more goal')} not listed: your goal form (step 1 of the workshop) has them all.")
        if more
        else None,
        intro="Why the commitment matters: the goals it funds. Shown to you alone, whoever else you shared them with.",
    )
