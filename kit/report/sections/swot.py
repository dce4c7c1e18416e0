"""The sales SWOT: items ranked by dots (a tie shown as a tie), who named them where the audience sees authors,
and candidate strategies pairing the quadrants."""

from ... import _format as fmt
from ... import swot
from .._blocks import carried, chart, empty, items, section, table, text
from ._common import first_tie, ranked_swot

__all__ = ["build"]

TITLE = "Sales SWOT"


def build(session, policy):
    ranked = ranked_swot(session)
    if ranked is None:
        return section(TITLE, empty("No SWOT was built in this session."))
    cols = ["#", "Quadrant", "Item", "Dots", "In whose control"] + (["Named by"] if policy.authors else [])
    rows = []
    for r in ranked.itertuples():
        row = [swot.rank_label(r.rank, r.tied), swot.QUADRANTS[r.quadrant], r.text, fmt.count(r.votes), r.control]
        if policy.authors:
            row.append(session.name(r.author_id) if isinstance(r.author_id, str) else "anonymous")
        rows.append(row)
    strategies = swot.strategies(ranked).head(4)
    return section(
        TITLE,
        carried(session, "swot"),
        chart(session, "SWOT items by dots", "swot_votes", ranked[["text", "quadrant", "votes"]]),
        first_tie(ranked),
        table(cols, rows, numeric=["#", "Dots"]),
        text("Candidate strategies (pairing the top items of each quadrant):"),
        items(strategies["strategy"]),
    )
