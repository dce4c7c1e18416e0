"""The method's advice: warnings about what a team may have left out, never fatal."""

from collections import defaultdict

from .._format import span_words
from .._io import format_value
from .._schema import GOAL_ADVICE, KPI_ADVICE
from ..catalog import kpi_range
from ..errors import Problem


def _advice(ds, teams, members, sessions):
    """The method's advice: warnings, never fatal."""
    out = []
    T = ds.tables

    def warn(where, msg):
        out.append(Problem(where, msg, severity="warning"))

    by_session = defaultdict(lambda: defaultdict(int))
    for r in T.get("goals", []):
        by_session[r.values["session_id"]][r.values["member_id"]] += 1
    for sid, counts in sorted(by_session.items()):
        s = sessions.get(sid)
        if s is None or s.values["kind"] != "kickoff":
            continue
        for mid, m in sorted(members.items()):
            if m.values["team_id"] == s.values["team_id"] and m.values["role"] == "seller":
                n = counts.get(mid, 0)
                if not GOAL_ADVICE[0] <= n <= GOAL_ADVICE[1]:
                    warn(
                        T["goals"][0].where,
                        f"{m.values['name']} ({mid}) has {n} personal goal{'s' * (n != 1)} "
                        f"in kickoff session {sid}; the method asks for "
                        f"{span_words(GOAL_ADVICE).replace(' to ', ' or ')}",
                    )
    scopes = defaultdict(int)
    for r in T.get("kpis", []):
        scopes[(r.values["session_id"], r.values["scope"])] += 1
    for (sid, scope), n in sorted(scopes.items()):
        if not KPI_ADVICE[0] <= n <= KPI_ADVICE[1]:
            warn(
                T["kpis"][0].where,
                f"session {sid}, scope {scope}: {n} KPI{'s' * (n != 1)} selected; "
                f"the method advises {span_words(KPI_ADVICE)}",
            )
    totals = defaultdict(float)
    for r in T.get("commitments", []):
        m = members.get(r.values["member_id"])
        if m is not None and m.values["role"] == "manager":
            warn(
                r.where,
                f"row {r.line}: {r.values['member_id']} is a manager; a manager's commitment is not "
                "counted in the team's commitment total",
            )
        elif r.values["annual_commitment"] is not None:
            totals[r.values["session_id"]] += r.values["annual_commitment"]
            commits, quota = r.values["annual_commitment"], m.values["annual_quota"] if m else None
            if quota and commits < quota:  # a blank quota (None) or none at all (0) is not one to fall below
                out.append(
                    Problem(
                        r.where,
                        f"session {r.values['session_id']}: {r.values['member_id']} ({m.values['name']}) commits "
                        f"{commits:,.0f}, {quota - commits:,.0f} below their annual quota of {quota:,.0f}",
                        row=r.line,
                        severity="warning",
                    )
                )
    for sid, total in sorted(totals.items()):
        s = sessions.get(sid)
        team = teams.get(s.values["team_id"]) if s else None
        if team and team.values["annual_target"] is not None and total < team.values["annual_target"]:
            target = team.values["annual_target"]
            warn(
                T["commitments"][0].where,
                f"session {sid}: the sellers' commitments add up to {total:,.0f}, "
                f"{target - total:,.0f} short of team {team.values['team_id']}'s annual_target of {target:,.0f}",
            )
    out += _outside_formula(ds)
    return out


def _outside_formula(ds):
    """Warnings for an actual or a target that its KPI's formula cannot give (``min`` / ``max`` in the catalogue:
    a share above 100%, a negative count)."""
    out, kpis = [], ds.kpis
    for name, col in (("kpis", "target"), ("kpi_actuals", "value")):
        for r in ds.tables.get(name, []):
            spec, v = kpis.get(r.values.get("kpi_id")), r.values.get(col)
            if spec is None or v is None or not isinstance(spec, dict):
                continue
            lo, hi = kpi_range(spec)
            if lo is not None and v < lo:
                side, limit, bound = "below", lo, "least"
            elif hi is not None and v > hi:
                side, limit, bound = "above", hi, "most"
            else:
                continue
            unit, formula = spec.get("unit"), f" ({spec['formula']})" if spec.get("formula") else ""
            out.append(
                Problem(
                    r.where,
                    f"is {_in_unit(v, unit)} for {spec.get('name', r.values['kpi_id'])} ({r.values['kpi_id']}), "
                    f"{side} {_in_unit(limit, unit)}, the {bound} its formula can give{formula}; check the figure",
                    row=r.line,
                    column=col,
                    value=(r.raw or {}).get(col, v),
                    severity="warning",
                )
            )
    return out


def _in_unit(x, unit):
    """A KPI value as its unit says it, exactly as given: 1.026 -> '102.6%', -2 -> '-2 meetings'."""
    from .._format import unit_words

    if unit == "%":
        return f"{format_value(round(x * 100, 2))}%"
    return f"{format_value(x)} {unit_words(unit, x)}".strip()
