"""Step 2, the sales SWOT: priorities by dot votes, control, and the strategies that pair quadrants."""

import pandas as pd

__all__ = ["priorities", "QUADRANTS"]

QUADRANTS = {"S": "Strength", "W": "Weakness", "O": "Opportunity", "T": "Threat"}


def priorities(items, *, votes=None, top=None):
    """SWOT items ranked by votes (the sum of their dots), ties broken by ``item_id``.

    Returns the items with a ``votes`` column and ``rank`` (1 = highest), best first.
    """
    out = items.copy()
    if votes is not None and len(votes):
        tally = votes.groupby(["session_id", "item_id"], as_index=False)["dots"].sum()
        out = out.merge(tally, on=["session_id", "item_id"], how="left")
        out["votes"] = out.pop("dots").fillna(0).astype(int)
    else:
        out["votes"] = 0
    out = out.sort_values(["votes", "item_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    return out.head(top) if top else out
