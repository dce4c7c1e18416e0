"""The sales SWOT: items ranked by dots (a tie shown as a tie), who named them where the audience sees authors,
and candidate strategies pairing the quadrants."""

from ... import _format as fmt
from ... import review, swot
from .._blocks import chart, empty, items, section, table, text
from ._common import first_tie, ranked_swot

__all__ = ["build"]

TITLE = "Sales SWOT"


def build(session, policy):
    ranked = ranked_swot(session)
    if ranked is None:
        return section(TITLE, empty("No SWOT was built in this session."))
    if "swot" in session.carried:  # agreed earlier and not changed: one line, then the strategies as they stand
        was = session.carried["swot"]["date"]
        return section(
            TITLE,
            text(
                f"The SWOT agreed at the session of {fmt.date(was)} stands (not revisited since): "
                f"{fmt.plural(len(ranked), 'item')}, {fmt.plural(int(ranked['votes'].sum()), 'dot')}; it is in full "
                f"in that session's report."
            ),
            *_strategies(session, ranked),
        )
    cols = ["#", "Quadrant", "Item", "Dots", "In whose control"] + (["Named by"] if policy.authors else [])
    rows = []
    for r in ranked.itertuples():
        row = [swot.rank_label(r.rank, r.tied), swot.QUADRANTS[r.quadrant], r.text, fmt.count(r.votes), r.control]
        if policy.authors:
            row.append(session.name(r.author_id) if isinstance(r.author_id, str) else "anonymous")
        rows.append(row)
    return section(
        TITLE,
        chart(session, "SWOT items by dots", "swot_votes", ranked[["text", "quadrant", "votes"]]),
        first_tie(ranked),
        table(cols, rows, numeric=["#", "Dots"]),
        *_strategies(session, ranked),
    )


def _strategies(session, ranked):
    """The strategies the team wrote, with the items they pair and their action; without any, the pairings to
    consider (questions, not answers)."""
    written = review.strategies(session)
    if len(written):
        return [
            text("The team's strategies:"),
            table(
                ["Strategy", "Pairs", "Action"],
                [
                    [
                        r.text,
                        " + ".join(r.items),
                        f"{r.action} ({r.owner}, {r.status})" if r.action else "no action yet",
                    ]
                    for r in written.itertuples()
                ],
            ),
        ]
    pairs = swot.strategies(ranked).head(4)
    if pairs.empty:
        return []
    return [
        text("No strategy is written yet. Pairings to consider (the top items of each quadrant, side by side):"),
        items(pairs["strategy"]),
    ]
