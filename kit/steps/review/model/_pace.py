"""The calendar of a review: selling weeks left in the year, a KPI target per week, and the constants of pace."""

import datetime as dt

from ...goals import model as goals_

# A commitment is at risk when what it now takes each week is more than this many times the kickoff's plan.
AT_RISK_PACE = 1.2
# A role-play criterion others scored below this (of 5) is a coaching need.
LOW_CRITERION = 3.0
# Periods of a KPI target, in selling weeks (of goals.WEEKS_PER_YEAR a year).
_WEEKS = {"week": 1.0, "month": goals_.WEEKS_PER_YEAR / 12, "quarter": goals_.WEEKS_PER_YEAR / 4}
_WEEKS["year"] = float(goals_.WEEKS_PER_YEAR)


def _date(d):
    return dt.date.fromisoformat(str(d))


def weeks_left(as_of):
    """Selling weeks left in the calendar year after ``as_of`` (YYYY-MM-DD), in proportion to the year's days."""
    d = _date(as_of)
    year_days = (dt.date(d.year + 1, 1, 1) - dt.date(d.year, 1, 1)).days
    return goals_.WEEKS_PER_YEAR * (dt.date(d.year, 12, 31) - d).days / year_days


def per_week(target, period):
    """A KPI target per ``period`` as a number per selling week."""
    return float(target) / _WEEKS[period]
