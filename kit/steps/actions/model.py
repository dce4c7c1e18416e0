"""Step 5, commitments and accountability: actions, and who leads the next meeting."""

import pandas as pd

__all__ = [
    "action_counts",
    "next_leader",
    "rotation",
    "overdue",
]


def action_counts(actions):
    """How many actions are open, done and dropped."""
    counts = actions["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in ("open", "done", "dropped")}


def rotation(sessions, members, *, team_id, as_of=None):
    """Who leads each of the team's sessions: its recorded ``leader_id``, else the rotation's proposal for it.

    The rotation proposes whoever in the team has led least, then longest ago, then by ``member_id``. A session with
    no recorded leader counts as led by whoever was proposed for it, so the rotation moves on past them (the same
    seller is never proposed twice in a row because nobody wrote the leader down).

    Parameters
    ----------
    sessions, members : DataFrame
        The store's tables (any teams; only ``team_id``'s rows count).
    as_of : str, optional
        A date (YYYY-MM-DD): only sessions up to this date count.

    Returns
    -------
    (DataFrame, str or None)
        The team's sessions, oldest first, with ``session_id``, ``date``, ``leader_id`` (recorded or proposed; None
        for a team without members) and ``recorded`` (True when the session records its leader); and who the
        rotation proposes after the last of them.
    """
    ids = sorted(members.loc[members["team_id"] == team_id, "member_id"])
    team = sessions[sessions["team_id"] == team_id]
    if as_of is not None:
        team = team[team["date"] <= as_of]
    team = team.sort_values(["date", "session_id"] if "session_id" in team else ["date"])
    led = {}  # member -> (times led, last date)

    def propose():
        return min((*led.get(m, (0, "")), m) for m in ids)[2] if ids else None

    rows = []
    for r in team.to_dict("records"):
        recorded = isinstance(r.get("leader_id"), str) and r["leader_id"] != ""  # a blank is NaN or None, not a name
        leader = r["leader_id"] if recorded else propose()
        if leader is not None:
            led[leader] = (led.get(leader, (0, ""))[0] + 1, r["date"])
        rows.append(dict(session_id=r.get("session_id"), date=r["date"], leader_id=leader, recorded=recorded))
    out = pd.DataFrame(rows, columns=["session_id", "date", "leader_id", "recorded"])
    return out, propose()


def next_leader(sessions, members, *, team_id, as_of=None):
    """Who the rotation proposes to lead the next meeting after the sessions up to ``as_of`` (see :func:`rotation`).

    Parameters
    ----------
    sessions, members : DataFrame
        The store's tables (any teams; only ``team_id``'s rows count).
    as_of : str, optional
        A date (YYYY-MM-DD): only sessions up to this date count.
    """
    return rotation(sessions, members, team_id=team_id, as_of=as_of)[1]


def overdue(actions, *, as_of):
    """Open actions whose due date is before ``as_of`` (YYYY-MM-DD)."""
    return actions[(actions["status"] == "open") & (actions["due"] < as_of)].sort_values(["due", "action_id"])
