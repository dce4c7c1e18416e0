"""The review loop's figures: what a review starts from, computed from a session (cut or not) as numbers.

* :func:`ageing`: open actions, most overdue first, with how long each has been carried;
* :func:`rebuilt_funnel`: each seller's funnel rebuilt from their actuals to date, beside the kickoff plan and the
  weekly KPI target;
* :func:`ledger`: the reciprocal ledger: per seller, what they committed to and what the manager committed to them;
  :func:`to_the_team`: what the manager committed to the whole team;
* :func:`need` and :func:`time_against_need`: where the manager's coaching time went against who needs it;
* :func:`partners` and :func:`propose_partners`: peer accountability pairs and their check-ins;
* :func:`promises` and :func:`failed_them`: the manager's recurring promises against the coaching log, and what the
  manager still owes each seller flagged to address early.

The SWOT's asks of other departments and the team's written strategies are the SWOT step's figures
(:mod:`kit.steps.swot.model`).

The views (report sections, notebooks, the agenda) format these at display time; what an audience may see was cut
from the rows before (:func:`kit.audience.cut`).
"""

from ._funnel import rebuilt_funnel, takes
from ._ledger import ageing, changes, ledger, need, time_against_need, to_the_team
from ._pace import AT_RISK_PACE, LOW_CRITERION, per_week, weeks_left
from ._peers import goal_progress, partners, propose_partners
from ._promise import coaching_rated, failed_them, promises

__all__ = [
    "ageing",
    "changes",
    "rebuilt_funnel",
    "takes",
    "ledger",
    "to_the_team",
    "need",
    "time_against_need",
    "partners",
    "propose_partners",
    "goal_progress",
    "promises",
    "failed_them",
    "coaching_rated",
    "weeks_left",
    "per_week",
    "AT_RISK_PACE",
    "LOW_CRITERION",
]
