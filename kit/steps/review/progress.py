"""Progress since the previous session (reviews): KPI attainment against the targets in force, the actions agreed
earlier (done, open, overdue, dropped), the role-play change; by person only for an audience that sees
individuals."""

from ... import _format as fmt
from ..._blocks import empty, section, table, text
from ..actions import model as accountability
from ..kpis import model as kpis
from ..kpis import section as kpi_section
from ..roleplay import model as roleplay
from ..roleplay import section as team_roleplay

__all__ = ["build", "applies", "title"]


def applies(session):
    """Progress is shown at a review (or any session with a previous one)."""
    return session.is_review


def title(session, lead="Progress"):
    return f"{lead} since {session.previous['date']}" if session.previous else lead


def _attainment(session, policy):
    latest = session.latest_attainment()
    if latest.empty:
        return [
            empty(
                session.withheld_note("attainment")
                or "No KPI actuals have been reported against the selected KPIs yet."
            )
        ]
    by, few = session.team_attainment()
    note = session.withheld_note("attainment")
    blocks = [text(note)] if note else []
    blocks.append(kpi_section.attainment_chart(session))
    blocks.append(kpi_section.results_from(session))
    by_kpi = (
        latest.groupby("kpi")
        .agg(
            att=("attainment", "mean"),
            wins=("status", lambda s: (s == "win").sum()),
            short=("status", lambda s: (s == "shortfall").sum()),
            n=("status", "size"),
        )
        .reset_index()
    )
    by_kpi = by_kpi[by_kpi["kpi"].isin(by.index)]  # team figures only: a KPI of fewer sellers is said above
    if len(by_kpi):
        blocks.append(
            table(
                ["KPI", "Team attainment", "At or above target", f"Below {fmt.pct(kpis.SHORTFALL)}"],
                [[r.kpi, fmt.pct(r.att), f"{r.wins} of {r.n}", f"{r.short} of {r.n}"] for r in by_kpi.itertuples()],
                numeric=["Team attainment"],
            )
        )
    if policy.reads_each_person:
        blocks.append(text("Who to praise and whom to talk to early, person by person, opens this report."))
    else:
        blocks.append(text("Wins and shortfalls by person are discussed one-to-one; this is the team's view."))
    return blocks


def _actions(session):
    earlier = session.actions("earlier")
    if earlier.empty:
        return []
    c = session.action_counts("earlier")
    blocks = [
        text(
            f"Actions from earlier sessions: {c['done']} done, {c['open']} open ({c['overdue']} overdue), "
            f"{c['dropped']} dropped."
        )
    ]
    late = accountability.overdue(earlier, as_of=session.date)
    if len(late):
        blocks.append(
            table(
                ["Owner", "Action", "Was due"], [[session.name(r.owner_id), r.action, r.due] for r in late.itertuples()]
            )
        )
    return blocks


def _roleplay(session, policy):
    before, now = session.before["roleplay"], session.rows["roleplay"]
    if before.empty or now.empty:
        return []
    b, n = team_roleplay.team_mean(session, "before"), team_roleplay.team_mean(session)
    blocks = [text(f"Role-play mean: {fmt.num(b, 2)} then, {fmt.num(n, 2)} now ({fmt.signed(n - b)}).")]
    if policy.reads_each_person:
        ch = roleplay.change(now, before, rubrics=session.rubrics).sort_values("change", ascending=False)
        blocks.append(
            table(
                ["Seller", "Before", "Now", "Change"],
                [
                    [session.name(r.seller_id), fmt.num(r.score_before, 2), fmt.num(r.score, 2), fmt.signed(r.change)]
                    for r in ch.itertuples()
                ],
                numeric=["Before", "Now", "Change"],
            )
        )
    return blocks


def build(session, policy):
    if not applies(session):
        return None
    return section(title(session), *_attainment(session, policy), *_actions(session), *_roleplay(session, policy))
