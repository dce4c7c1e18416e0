"""Step 2, the sales SWOT: priorities by dot votes, control, and the strategies that pair quadrants."""

import pandas as pd

from ..._schema import DEPARTMENT_WORDS, DEPARTMENTS
from ...validate import split_ids

__all__ = [
    "priorities",
    "top_priorities",
    "rank_label",
    "control_split",
    "strategies",
    "written_strategies",
    "department_asks",
    "DEPARTMENT_NAMES",
    "QUADRANTS",
]

QUADRANTS = {"S": "Strength", "W": "Weakness", "O": "Opportunity", "T": "Threat"}
DEPARTMENT_NAMES = DEPARTMENT_WORDS  # the contract's words (kit._schema)


def priorities(items, *, votes=None, top=None):
    """SWOT items ranked by votes (the sum of their dots), best first (listed by ``item_id`` within a tie).

    Returns the items with a ``votes`` column, ``rank`` (1 = highest; items with the same dots share a rank,
    as in "1, 1, 1, 4") and ``tied`` (True when another item has the same rank).
    """
    out = items.copy()
    if votes is not None and len(votes):
        tally = votes.groupby(["session_id", "item_id"], as_index=False)["dots"].sum()
        out = out.merge(tally, on=["session_id", "item_id"], how="left")
        out["votes"] = out.pop("dots").fillna(0).astype(int)
    else:
        out["votes"] = 0
    out = out.sort_values(["votes", "item_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out["rank"] = out["votes"].rank(method="min", ascending=False).astype(int) if len(out) else []
    out["tied"] = out.duplicated("rank", keep=False) if len(out) else []
    return out.head(top) if top else out


def top_priorities(ranked):
    """The items ranked first (several when tied): what a summary names as the top priority."""
    return ranked[ranked["rank"] == 1] if len(ranked) else ranked


def rank_label(rank, tied):
    """'1' or '1=' (tied), as a ranking is written."""
    return f"{rank}=" if tied else str(rank)


def control_split(items):
    """How many items are within the team's control, an individual's, or external, per quadrant."""
    t = pd.crosstab(items["quadrant"], items["control"]).reindex(index=list(QUADRANTS), fill_value=0)
    return t.reindex(columns=["team", "individual", "external"], fill_value=0)


def strategies(ranked, *, top=2):
    """Pairings to consider: the top ``top`` items of each quadrant paired across (SO, WO, ST, WT), each as the
    question the team answers in its own strategy (``strategies.csv``), not as the strategy itself.

    SO uses a strength on an opportunity, WO shores up a weakness to seize one, ST uses a strength
    against a threat, WT reduces a weakness that a threat exploits. Each pair can become an action.
    """
    best = {q: ranked[ranked["quadrant"] == q].head(top) for q in QUADRANTS}
    verbs = {
        "SO": "How can we use '{a}' to win '{b}'?",
        "WO": "What would fixing '{a}' let us seize in '{b}'?",
        "ST": "How can '{a}' counter '{b}'?",
        "WT": "How do we reduce '{a}' before '{b}' hits?",
    }
    rows = []
    for kind, template in verbs.items():
        for _, a in best[kind[0]].iterrows():
            for _, b in best[kind[1]].iterrows():
                rows.append(
                    dict(
                        kind=kind,
                        first=a["item_id"],
                        second=b["item_id"],
                        votes=a["votes"] + b["votes"],
                        strategy=template.format(a=a["text"], b=b["text"]),
                    )
                )
    out = pd.DataFrame(rows, columns=["kind", "first", "second", "votes", "strategy"])
    return out.sort_values(
        ["votes", "kind", "first", "second"], ascending=[False, True, True, True], kind="stable"
    ).reset_index(drop=True)


# ---------------------------------------------------------------- what the SWOT asks of others, and does


def department_asks(session):
    """The SWOT items in force that name a department, with their votes, ask and answer, by department in the
    order of DEPARTMENTS, most voted first: {department: DataFrame}."""
    items = priorities(session.rows["swot"], votes=session.rows["swot_votes"])
    if "department" not in items:
        return {}
    for c in ("ask", "answer"):  # an empty cell is None, never NaN
        items[c] = pd.Series([v if isinstance(v, str) and v.strip() else None for v in items[c]], dtype=object)
    out = {}
    for d in DEPARTMENTS:
        rows = items[items["department"] == d]
        if len(rows):
            out[d] = rows.reset_index(drop=True)
    return out


def written_strategies(session):
    """The team's strategies in force, with the text of the SWOT items each pairs and its action's owner and
    status (None when it names no action)."""
    s = session.rows["strategies"]
    items = dict(zip(session.rows["swot"]["item_id"], session.rows["swot"]["text"]))
    acts = session.actions("all").set_index("action_id") if len(session.actions("all")) else None
    rows = []
    for r in s.itertuples():
        act = acts.loc[r.action_id] if acts is not None and r.action_id and r.action_id in acts.index else None
        if isinstance(act, pd.DataFrame):
            act = act.iloc[-1]
        rows.append(
            dict(
                strategy_id=r.strategy_id,
                text=r.text,
                items=[items.get(i, i) for i in split_ids(r.item_ids)],
                action=None if act is None else act["action"],
                owner=None if act is None else session.name(act["owner_id"]),
                status=None if act is None else act["status"],
            )
        )
    return pd.DataFrame(rows, columns=["strategy_id", "text", "items", "action", "owner", "status"])
