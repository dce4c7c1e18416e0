"""The trend over every session so far (at a review): the team's commitments against its target, KPI results,
role-play mean and pulse, session by session. Team figures only, each shown only when at least MIN_GROUP people
are in it (``session.history``, computed by the session model)."""

from ... import _format as fmt
from ..._blocks import section, table, text
from ..._schema import MIN_GROUP

__all__ = ["build"]

TITLE = "The trend, session by session"


def build(session, policy):
    h = session.history
    if not session.is_review or h is None or len(h) < 2:
        return None
    cur = session.currency
    rows = []
    for r in h.itertuples():
        commit = (
            f"{fmt.amount(r.commitment_total, cur)} of {fmt.amount(r.annual_target, cur)}"
            if not fmt.blank(r.commitment_total)
            else fmt.DASH
        )
        rows.append(
            [
                f"{fmt.date(r.date)} {r.kind}",
                commit,
                f"{r.kpis_at_target} of {r.kpis}" if r.kpis else fmt.DASH,
                fmt.pct(r.attainment) if not fmt.blank(r.attainment) else fmt.DASH,
                fmt.num(r.roleplay_mean, 2) if not fmt.blank(r.roleplay_mean) else fmt.DASH,
                fmt.num(r.pulse_mean, 1) if not fmt.blank(r.pulse_mean) else fmt.DASH,
            ]
        )
    cols = ["Session", "Commitments vs target", "KPIs at target", "Average attainment", "Role play (of 5)", "Pulse"]
    return section(
        TITLE,
        table(cols, rows, numeric=cols[2:]),
        text(
            "A dash: not recorded at that session, or fewer than "
            f"{MIN_GROUP} people in the figure (so that no figure is one person's own)."
        ),
    )
