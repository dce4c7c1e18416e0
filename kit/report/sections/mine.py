"""One seller's one-pager (the ``member:<id>`` audience): their commitment, KPIs and actions (what they agreed),
their own goals (private ones included), their role play with the comments on it, and their progress, each set
against team figures; nothing about another seller individually (the rows arrive cut to the seller's policy)."""

from ... import _format as fmt
from ... import roleplay as rp_
from ..._schema import MIN_GROUP
from ...audience import visible_goals
from .._blocks import bars, carried, empty, section, table, text
from . import progress
from . import roleplay as team_roleplay
from ._common import actions_table, comment_on, commitments_table, funnel_table, kpi_targets

__all__ = ["agreed", "goals", "roleplay", "progress_section"]

_SHARED_WITH = {"team": "the team", "manager": "your manager", "private": "only you"}


def agreed(session, policy):
    """'What we agreed', for one seller: their commitment, their KPIs and their actions."""
    me = policy.member_id
    c = session.commitments()
    mine = c[c["member_id"] == me]
    if mine.empty:
        commitment = [empty("You recorded no commitment in this session.")]
    else:
        cur = session.currency
        commitment = [
            commitments_table(session, mine),
            funnel_table(session, mine),
            text(
                f"The team's commitments add up to {fmt.amount(session.commitment_total(), cur)} against "
                f"a target of {fmt.amount(session.team['annual_target'], cur)}."
            ),
        ]
    territory = session.members.set_index("member_id").loc[me, "territory"]
    actions = session.actions("in_view")
    parts = [
        ("Your commitment", commitment),
        (
            "Your KPIs",
            [
                carried(session, "kpis") if len(session.kpis_in_force) else None,
                kpi_targets(session, session.kpis_in_force, scopes=["team", territory])
                or empty("No KPIs have been selected for you yet."),
            ],
        ),
        (
            "Your actions",
            [
                actions_table(session, actions[actions["owner_id"] == me])
                or empty("You took no actions in this session.")
            ],
        ),
    ]
    return [{"title": t, "blocks": [b for b in blocks if b]} for t, blocks in parts]


def goals(session, policy):
    g = visible_goals(session.rows["goals"])
    g = g[g["member_id"] == policy.member_id]
    return section(
        "Your personal goals",
        carried(session, "goals"),
        table(
            ["Goal", "Category", "Shared with"],
            [[r.goal, r.category, _SHARED_WITH[r.visibility]] for r in g.itertuples()],
        )
        if len(g)
        else empty("You recorded no personal goals in this session."),
        intro="Why the commitment matters: the goals it funds. This page is for you alone.",
    )


def roleplay(session, policy):
    me = policy.member_id
    title = "Your role play"
    rp = session.rows["roleplay"]
    mine = rp[rp["seller_id"] == me]
    if mine.empty:
        return section(title, empty("You were not scored in a role play in this session."))
    team_means = team_roleplay.criterion_means(session)
    own = mine[mine["rater_role"] != "self"].groupby("criterion_id", as_index=False)["score"].mean()
    own_self = mine[mine["rater_role"] == "self"].groupby("criterion_id")["score"].mean()
    score = team_roleplay.seller_scores(session).set_index("seller_id").loc[me]
    merged = team_means.merge(own, on="criterion_id", how="left")
    lowest = merged.sort_values("score").iloc[0]
    blocks = [
        text(
            f"Your score from others: {fmt.num(score['score'], 2)} of 5 (team mean "
            f"{fmt.num(team_roleplay.team_mean(session), 2)}). "
            + (
                f"You rated yourself {fmt.num(score['self_score'], 2)}: a self gap of {fmt.signed(score['self_gap'])}."
                if not fmt.blank(score["self_score"])
                else "You did not rate yourself."
            )
            + f" Your coaching focus: {lowest['criterion'].lower()} ({lowest['score']:.1f} of 5)."
        ),
        bars(
            "Your scores from others, criterion by criterion (the dashed mark is the team mean)",
            [
                {
                    "label": r.criterion,
                    "value": r.score,
                    "ref": r.others,
                    "tone": "a",
                    "text": f"{fmt.num(r.score, 1)} (you on you {fmt.num(own_self.get(r.criterion_id), 1)}, "
                    f"team {fmt.num(r.others, 1)})",
                }
                for r in merged.itertuples()
            ],
            scale=[1, 5],
            ref_label="team mean",
        ),
    ]
    others = mine[mine["rater_role"] != "self"]
    said = rp_.comments(others, rubrics=session.rubrics) if others["comment"].notna().any() else others.iloc[0:0]
    if len(said):
        blocks.append(
            table(
                ["On", "From", "Comment"],
                [
                    [comment_on(r.on), r.rater_role, r.comment]
                    for r in said.sort_values(["on", "rater_role"]).itertuples()
                ],
            )
        )
    before = session.before["roleplay"]
    before = before[before["seller_id"] == me]
    if len(before):
        b = team_roleplay.seller_scores(session, "before").set_index("seller_id").loc[me, "score"]
        blocks.append(
            text(f"At the previous session you scored {fmt.num(b, 2)}: {fmt.signed(score['score'] - b)} since.")
        )
    return section(title, *blocks)


def progress_section(session, policy):
    if not progress.applies(session):
        return None
    me = policy.member_id
    latest = session.latest_attainment()
    blocks = []
    if latest.empty:
        blocks.append(empty("No KPI actuals have been reported yet."))
    else:
        by_kpi = latest.groupby("kpi_id")["attainment"]
        team_avg = by_kpi.mean().where(by_kpi.size() >= MIN_GROUP)  # never an average of one or two people
        mine = latest[latest["member_id"] == me]

        def unit(kpi_id):
            return session.catalog[kpi_id]["unit"]

        blocks.append(
            table(
                ["KPI", "Your latest", "Target", "Attainment", "Team average", "Status"],
                [
                    [
                        r.kpi,
                        f"{fmt.measure(r.value, unit(r.kpi_id), session.currency)} ({r.period} to "
                        f"{fmt.date(r.period_end)})",
                        f"{'≤' if session.catalog[r.kpi_id].get('direction') == 'lower' else '≥'} "
                        f"{fmt.measure(r.target, unit(r.kpi_id), session.currency)} per {r.period}",
                        fmt.pct(r.attainment),
                        fmt.pct(team_avg.get(r.kpi_id)),
                        r.status,
                    ]
                    for r in mine.itertuples()
                ],
                numeric=["Your latest", "Target", "Attainment", "Team average"],
            )
            if len(mine)
            else empty("No actuals of yours have been reported yet.")
        )
    earlier = session.actions("earlier")
    earlier = earlier[earlier["owner_id"] == me]
    if len(earlier):
        blocks.append(actions_table(session, earlier))
    return section(progress.title(session, "Your progress"), *blocks)
