"""One row of headline figures per team and session: what summary.csv and the demo's screen show.

Every row is built from the session model (:func:`kit.session.load`) cut to the manager's audience
(:data:`kit.audience.MANAGER`; the figures name nobody): the same rows the notebooks, forms and reports use.
The figures are defined in docs/format.md ("Figures with one meaning everywhere")."""

import math

import pandas as pd

from . import audience, session
from .audience import shows_group
from .steps.goals import model as goals
from .steps.pulse import model as pulse_
from .steps.roleplay import model as roleplay
from .steps.swot import model as swot

__all__ = ["summary", "COLUMNS", "SURPLUS", "ROUNDING", "top_swot_item"]

# The commitment total less the team's target: above 0 a surplus, below 0 the commitments fall short (the header
# says so, for whoever opens the file without docs/format.md).
SURPLUS = "commitment_surplus_or_gap(+surplus/-short)"

COLUMNS = [
    "team_id",
    "team_name",
    "session_id",
    "date",
    "kind",
    "sellers",
    "annual_target",
    "commitment_total",
    SURPLUS,
    "top_swot_item",
    "kpis_selected",
    "roleplay_mean",
    "roleplay_alpha",
    "pulse_mean",
    "actions_open",
    "actions_done",
    "next_leader",
    "next_leader_name",
    "actions_overdue",
    "pulse_closing",
    "next_leader_status",
]

# Figures rounded as the reports show them: money to the unit, role-play figures to two decimals, the pulse to one.
ROUNDING = {
    "annual_target": 0,
    "commitment_total": 0,
    SURPLUS: 0,
    "roleplay_mean": 2,
    "roleplay_alpha": 2,
    "pulse_mean": 1,
    "pulse_closing": 1,
}


def _blank_nan(x):
    return None if isinstance(x, float) and math.isnan(x) else x


def top_swot_item(ranked):
    """The top priority's text; when several items share the first rank, 'tied: A; B; C' (in ``item_id``
    order)."""
    top = swot.top_priorities(ranked)
    if len(top) == 1:
        return top["text"].iloc[0]
    return "tied: " + "; ".join(top["text"])


def row(s):
    """The headline figures of one session (a :class:`kit.session.Session` cut to the MANAGER audience).

    Commitments, SWOT, KPI selection, role play and pulse are the session's own (blank when that step was not run
    in it); actions are every action agreed up to this session, by its current status.
    """
    out = dict(
        team_id=s.team_id,
        team_name=s.team["name"],
        session_id=s.session_id,
        date=s.date,
        kind=s.kind,
        sellers=len(s.sellers),
        annual_target=float(s.team["annual_target"]),
        next_leader=s.next_leader,
        next_leader_name=s.name(s.next_leader) if s.next_leader else None,
        # recorded on the team's next session, or only the rotation's proposal until someone records it
        next_leader_status=("recorded" if s.next_leader_recorded else "proposed") if s.next_leader else None,
    )
    own = s.own
    if len(own["commitments"]):
        out["commitment_total"] = goals.commitment_total(own["commitments"], members=s.members)
        out[SURPLUS] = out["commitment_total"] - out["annual_target"]
    if len(own["swot"]):
        out["top_swot_item"] = top_swot_item(swot.priorities(own["swot"], votes=own["swot_votes"]))
    if len(own["kpis"]):
        out["kpis_selected"] = len(own["kpis"])
    if len(own["roleplay"]):
        out["roleplay_mean"] = _blank_nan(roleplay.team_mean(own["roleplay"], rubrics=s.rubrics))
        out["roleplay_alpha"] = _blank_nan(roleplay.alpha(own["roleplay"]))
    opening, closing = s.pulse("opening"), s.pulse("closing")
    if shows_group(len(opening)):  # anonymous answers: fewer than three would be someone's own
        out["pulse_mean"] = pulse_.pulse_mean(opening)
    if shows_group(len(closing)):
        out["pulse_closing"] = pulse_.pulse_mean(closing)
    if len(s.actions("all")):
        counts = s.action_counts("all")
        out["actions_open"], out["actions_done"] = counts["open"], counts["done"]
        out["actions_overdue"] = counts["overdue"]
    return out


def summary(eng, *, teams=None, sessions=None):
    """Headline figures per team and session, as defined in the format contract (blank: step not run).

    Parameters
    ----------
    eng : Engagement
        An open store.
    teams, sessions : list of str, optional
        Limit to these team_ids / session_ids.

    Returns
    -------
    DataFrame with :data:`COLUMNS`, one row per session (by team, date, session_id).
    """
    chosen = eng.sessions().sort_values(["team_id", "date", "session_id"])
    rows = []
    for t, sid in zip(chosen["team_id"], chosen["session_id"]):
        if (teams and t not in teams) or (sessions and sid not in sessions):
            continue
        # the consultant's figures: team figures that name nobody, over every rating and result (a small group
        # that a team document leaves out still counts here)
        rows.append(row(audience.cut(session.load(eng, team_id=t, session_id=sid), audience.MANAGER)))
    out = pd.DataFrame(rows, columns=COLUMNS)
    for col, digits in ROUNDING.items():  # as shown: a figure means the same in the file and on the page
        out[col] = pd.to_numeric(out[col]).round(digits)
    return out
