"""The sales SWOT: items ranked by dots (a tie shown as a tie), who named them where the audience sees authors,
and candidate strategies pairing the quadrants."""

from ... import _format as fmt
from ..._blocks import bars, empty, items, section, table, text
from . import model as swot

__all__ = ["build", "chart", "ranked_swot", "priorities_words", "first_tie"]

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
    cols = ["#", "Quadrant", "Item", "Dots", "In whose control"] + (["Named by"] if policy.names_who_said else [])
    rows = []
    for r in ranked.itertuples():
        row = [swot.rank_label(r.rank, r.tied), swot.QUADRANTS[r.quadrant], r.text, fmt.count(r.votes), r.control]
        if policy.names_who_said:
            row.append(session.name(r.author_id) if isinstance(r.author_id, str) else "anonymous")
        rows.append(row)
    return section(
        TITLE,
        chart(ranked),
        first_tie(ranked),
        table(cols, rows, numeric=["#", "Dots"]),
        *_strategies(session, ranked),
    )


# one palette (the report's colour-blind-safe tones), one per quadrant; the legend names them
QUADRANT_TONES = {"S": "a", "W": "mid", "O": "good", "T": "b"}
TOP = 8


def chart(ranked):
    """The items that got dots, most first (at most TOP; an item without dots is not drawn), coloured by
    quadrant, each label in full."""
    voted = ranked[ranked["votes"] > 0].head(TOP)
    if voted.empty:
        return empty("No dots were placed on the SWOT.")
    first = voted.iloc[0]
    tied = int((ranked["votes"] == first["votes"]).sum())
    title = (
        f"Top priority: a {tied}-way tie at {fmt.plural(int(first['votes']), 'dot')} each"
        if tied > 1
        else f"Top priority: {first['text']} ({fmt.plural(int(first['votes']), 'dot')})"
    )
    return bars(
        title,
        [
            {
                "label": r.text,
                "value": float(r.votes),
                "text": f"{swot.QUADRANTS[r.quadrant]} · {fmt.plural(int(r.votes), 'dot')}",
                "tone": QUADRANT_TONES[r.quadrant],
            }
            for r in voted.itertuples()
        ],
        scale=[0, float(voted["votes"].max())],
        legend=[(QUADRANT_TONES[q], name) for q, name in swot.QUADRANTS.items()],
    )


def _strategies(session, ranked):
    """The strategies the team wrote, with the items they pair and their action; without any, the pairings to
    consider (questions, not answers)."""
    written = swot.written_strategies(session)
    if len(written):
        return [
            text("The team's strategies:", lead=True),
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
        text(
            "No strategy is written yet. Pairings to consider (the top items of each quadrant, side by side):",
            lead=True,
        ),
        items(pairs["strategy"]),
    ]


def ranked_swot(session):
    """The session's SWOT items ranked by dots (ties share a rank), or None when there is no SWOT."""
    items = session.rows["swot"]
    if items.empty:
        return None
    return session.memo("swot_ranked", lambda: swot.priorities(items, votes=session.rows["swot_votes"]))


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
