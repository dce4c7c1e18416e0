"""Step 5, commitments and accountability: actions, the next meeting leader, and the team pulse."""

import pandas as pd

from ._schema import PULSE_LEVELS

__all__ = ["action_counts", "next_leader", "pulse_mean", "overdue", "pulse_distribution", "pulse_words", "PULSE_LEVELS"]


def action_counts(actions):
    """How many actions are open, done and dropped."""
    counts = actions["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in ("open", "done", "dropped")}


def next_leader(sessions, members, *, team_id, as_of=None):
    """Who leads the next meeting in a fair rotation: whoever has led least, then longest ago, then by id.

    Parameters
    ----------
    sessions, members : DataFrame
        The store's tables (any teams; only ``team_id``'s rows count).
    as_of : str, optional
        A date (YYYY-MM-DD): only sessions up to this date count.
    """
    team = members[members["team_id"] == team_id].sort_values("member_id")
    if team.empty:
        return None
    past = sessions[(sessions["team_id"] == team_id) & sessions["leader_id"].notna()]
    if as_of is not None:
        past = past[past["date"] <= as_of]
    led = past.groupby("leader_id")["date"].agg(["size", "max"])
    order = [(int(led["size"].get(m, 0)), str(led["max"].get(m, "")), m) for m in team["member_id"]]
    return min(order)[2]


def pulse_mean(pulse):
    """Mean of the pulse scores (1 resentment ... 5 collaboration); NaN with no answers."""
    return float(pulse["score"].mean()) if len(pulse) else float("nan")


def overdue(actions, *, as_of):
    """Open actions whose due date is before ``as_of`` (YYYY-MM-DD)."""
    return actions[(actions["status"] == "open") & (actions["due"] < as_of)].sort_values(["due", "action_id"])


def pulse_distribution(pulse):
    """How many answers at each level, 1 resentment to 5 collaboration."""
    counts = pulse["score"].value_counts().reindex(list(PULSE_LEVELS), fill_value=0)
    return pd.DataFrame(dict(score=list(PULSE_LEVELS), level=list(PULSE_LEVELS.values()), answers=counts.values))


def pulse_words(mean):
    """A pulse mean in the method's words: 2.9 -> 'between resistance and compliance'."""
    if mean != mean:
        return "no answers"
    low, high = int(mean), min(5, int(mean) + 1)
    if mean - low < 0.25:
        return PULSE_LEVELS[max(1, low)]
    if high - mean < 0.25:
        return PULSE_LEVELS[high]
    return f"between {PULSE_LEVELS[max(1, low)]} and {PULSE_LEVELS[high]}"
