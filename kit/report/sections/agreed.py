"""'What we agreed' (the first page of the team's and the manager's documents): commitments against the target,
the SWOT priorities, the KPIs tracked, the actions (with those still open from earlier sessions)."""

from ... import _format as fmt
from ... import swot
from .._blocks import carried, empty, table
from ._common import actions_table, commitment_verdict, commitments_table, first_tie, kpi_targets, ranked_swot

__all__ = ["build"]


def _priorities(session):
    ranked = ranked_swot(session)
    if ranked is None:
        return [empty("No SWOT was built in this session.")]
    top = ranked.head(5)
    return [
        carried(session, "swot"),
        first_tie(ranked),
        table(
            ["#", "Quadrant", "Priority", "Dots"],
            [
                [swot.rank_label(r.rank, r.tied), swot.QUADRANTS[r.quadrant], r.text, fmt.count(r.votes)]
                for r in top.itertuples()
            ],
            numeric=["#", "Dots"],
        ),
    ]


def build(session, policy):
    """The parts of 'What we agreed': a list of {title, blocks}."""
    c = session.commitments()
    parts = [
        (
            "Commitments",
            [commitment_verdict(session), commitments_table(session, c)]
            if len(c)
            else [empty("No commitments were recorded in this session.")],
        ),
        ("SWOT priorities", _priorities(session)),
        (
            "KPIs we track",
            [carried(session, "kpis"), kpi_targets(session, session.kpis_in_force)]
            if len(session.kpis_in_force)
            else [empty("No KPIs have been selected yet.")],
        ),
        (
            "Actions",
            [actions_table(session, session.actions("in_view")) or empty("No actions were recorded in this session.")],
        ),
    ]
    return [{"title": t, "blocks": [b for b in blocks if b]} for t, blocks in parts]
