"""One row of headline figures per team and session: what summary.csv and the demo's screen show."""

import math

import pandas as pd

from . import accountability, goals, roleplay, swot

__all__ = ["summary", "COLUMNS"]

COLUMNS = ["team_id", "session_id", "date", "kind", "sellers", "annual_target", "commitment_total",
           "commitment_gap", "top_swot_item", "kpis_selected", "roleplay_mean", "roleplay_alpha",
           "pulse_mean", "actions_open", "actions_done", "next_leader"]


def _blank_nan(x):
    return None if isinstance(x, float) and math.isnan(x) else x


def summary(eng, *, teams=None, sessions=None):
    """Headline figures per team and session, as defined in the format contract (blank: step not run).

    Parameters
    ----------
    eng : Engagement
        An open store.
    teams, sessions : list of str, optional
        Limit to these team_ids / session_ids.
    """
    T = {name: eng.table(name) for name in ("teams", "members", "sessions", "commitments", "swot",
                                            "swot_votes", "kpis", "roleplay", "actions", "pulse")}
    rubrics = eng.rubrics()
    by = {n: dict(tuple(df.groupby("session_id"))) for n, df in T.items()
          if "session_id" in df and n != "sessions"}
    rows = []
    for s in T["sessions"].sort_values(["team_id", "date", "session_id"]).itertuples():
        if (teams and s.team_id not in teams) or (sessions and s.session_id not in sessions):
            continue
        team = T["teams"].set_index("team_id").loc[s.team_id]
        members = T["members"][T["members"]["team_id"] == s.team_id]
        part = {n: frames.get(s.session_id) for n, frames in by.items()}
        row = dict(team_id=s.team_id, session_id=s.session_id, date=s.date, kind=s.kind,
                   sellers=int((members["role"] == "seller").sum()), annual_target=float(team["annual_target"]))
        c = part["commitments"]
        if c is not None:
            row["commitment_total"] = goals.commitment_total(c, members=members)
            row["commitment_gap"] = row["annual_target"] - row["commitment_total"]
        if part["swot"] is not None:
            row["top_swot_item"] = swot.priorities(part["swot"], votes=part["swot_votes"], top=1)["text"].iloc[0]
        if part["kpis"] is not None:
            row["kpis_selected"] = len(part["kpis"])
        rp = part["roleplay"]
        if rp is not None:
            row["roleplay_mean"] = _blank_nan(roleplay.team_mean(rp, rubrics=rubrics))
            row["roleplay_alpha"] = _blank_nan(roleplay.alpha(rp))
        if part["pulse"] is not None:
            row["pulse_mean"] = accountability.pulse_mean(part["pulse"])
        if part["actions"] is not None:
            counts = accountability.action_counts(part["actions"])
            row["actions_open"], row["actions_done"] = counts["open"], counts["done"]
        row["next_leader"] = accountability.next_leader(T["sessions"], T["members"], team_id=s.team_id,
                                                        as_of=s.date)
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)
