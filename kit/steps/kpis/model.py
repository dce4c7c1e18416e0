"""Step 3, KPIs the team chooses: the vote tally, the selection per scope, and attainment at reviews."""

import pandas as pd

from ..._schema import KPI_ADVICE, SHORTFALL, WIN

__all__ = [
    "tally",
    "selection",
    "selection_advice",
    "in_force",
    "attainment",
    "status",
    "shown",
    "SHORTFALL",
    "WIN",
    "catalog_frame",
]


def shown(attainment):
    """An attainment as people read it: rounded to a whole percent (0.7999999 is shown, and judged, as 80%)."""
    return round(float(attainment) * 100) / 100


def value_words(r, catalog, currency):
    """One reported value with its unit and period: '3.7 meetings (week to 31 Mar 2026)' (r: a row of
    :func:`attainment`, or anything with kpi_id, value, period and period_end)."""
    from ... import _format as fmt

    return f"{fmt.measure(r.value, catalog[r.kpi_id]['unit'], currency)} ({r.period} to {fmt.date(r.period_end)})"


def goal_words(r, catalog, currency):
    """A target with its direction, unit and period: '≥ 5 meetings per week', '≤ 24 hours per week'."""
    from ... import _format as fmt

    entry = catalog[r.kpi_id]
    sign = "≤" if entry.get("direction") == "lower" else "≥"
    return f"{sign} {fmt.measure(r.target, entry['unit'], currency)} per {r.period}"


def result_words(r, catalog, currency, *, brief=False):
    """A result in one phrase, with the attainment a status is decided on: 'new first meetings 3.7 meetings (week
    to 31 Mar 2026) against ≥ 5 meetings per week: 74% of target'; ``brief`` (a first page's list): 'new first
    meetings 3.7 meetings per week: 74% of target'."""
    from ... import _format as fmt

    name, share = lower_name(r.kpi), f"{fmt.pct(shown(r.attainment))} of target"
    if brief:
        return f"{name} {fmt.measure(r.value, catalog[r.kpi_id]['unit'], currency)} per {r.period}: {share}"
    return f"{name} {value_words(r, catalog, currency)} against {goal_words(r, catalog, currency)}: {share}"


def status(attainment):
    """'win' at or above target, 'shortfall' below 80% of it, 'on the way' between; judged on the value as shown,
    so a value shown as 80% is never a shortfall. NaN (no value) counts as a shortfall."""
    a = 0.0 if attainment != attainment else shown(attainment)
    return "win" if a >= WIN else "shortfall" if a < SHORTFALL else "on the way"


def catalog_frame(catalog):
    """The catalogue ({id: spec}) as a DataFrame indexed by kpi_id."""
    rows = [
        dict(kpi_id=k, **{f: spec.get(f) for f in ("name", "definition", "formula", "unit", "direction", "kind")})
        for k, spec in catalog.items()
    ]
    return pd.DataFrame(rows).set_index("kpi_id")


def tally(votes, *, catalog):
    """Dots per KPI, how many people voted for it, and its share of all dots (the strength of consensus).

    Returns KPIs best first (dots, then voters, then kpi_id); ``share`` adds up to 1.
    """
    if votes.empty:
        return pd.DataFrame(columns=["kpi_id", "name", "kind", "dots", "voters", "share"])
    g = votes.groupby("kpi_id").agg(dots=("dots", "sum"), voters=("voter_id", "nunique")).reset_index()
    g["share"] = g["dots"] / g["dots"].sum()
    cat = catalog_frame(catalog)
    g["name"] = g["kpi_id"].map(cat["name"])
    g["kind"] = g["kpi_id"].map(cat["kind"])
    g = g.sort_values(["dots", "voters", "kpi_id"], ascending=[False, False, True]).reset_index(drop=True)
    return g[["kpi_id", "name", "kind", "dots", "voters", "share"]]


def selection(kpis, *, catalog):
    """The selected KPIs with their catalogue name, unit, direction and kind, ordered by scope ('team' first)."""
    cat = catalog_frame(catalog)
    out = kpis.merge(cat[["name", "unit", "direction", "kind"]], left_on="kpi_id", right_index=True, how="left")
    out["scope_order"] = (out["scope"] != "team").astype(int)
    out = out.sort_values(["scope_order", "scope", "kpi_id"]).drop(columns="scope_order")
    return out.reset_index(drop=True)


def selection_advice(kpis, *, catalog):
    """Per scope: how many KPIs, how many leading and lagging, and whether it follows the advice (KPI_ADVICE)."""
    sel = selection(kpis, catalog=catalog)
    rows = []
    for scope, g in sel.groupby("scope", sort=False):
        n = len(g)
        rows.append(
            dict(
                scope=scope,
                kpis=n,
                leading=int((g["kind"] == "leading").sum()),
                lagging=int((g["kind"] == "lagging").sum()),
                within_advice=KPI_ADVICE[0] <= n <= KPI_ADVICE[1],
            )
        )
    return pd.DataFrame(rows, columns=["scope", "kpis", "leading", "lagging", "within_advice"])


def in_force(kpis, sessions, *, team_id, as_of):
    """The team's latest KPI selection made in a session on or before ``as_of`` (reviews measure against it)."""
    past = sessions[(sessions["team_id"] == team_id) & (sessions["date"] <= as_of)]
    chosen = kpis[kpis["session_id"].isin(past["session_id"])]
    if chosen.empty:
        return chosen
    latest = past[past["session_id"].isin(chosen["session_id"])].sort_values(["date", "session_id"]).iloc[-1]
    return chosen[chosen["session_id"] == latest["session_id"]]


def attainment(actuals, selected, members, *, catalog):
    """Each seller's actual against the target of their KPIs (team scope and their territory's).

    Attainment is direction-aware: value / target where higher is better, target / value where lower is
    better. ``status`` is 'win' at or above target, 'shortfall' below 80% of it, 'on the way' between.
    """
    cols = ["member_id", "name", "kpi_id", "kpi", "period_end", "value", "target", "period", "attainment", "status"]
    if actuals.empty or selected.empty:
        return pd.DataFrame(columns=cols)
    sellers = members[members["role"] == "seller"][["member_id", "name", "territory"]]
    team = selected[selected["scope"] == "team"].merge(sellers, how="cross")
    terr = selected[selected["scope"] != "team"].merge(sellers, left_on="scope", right_on="territory")
    targets = pd.concat([team, terr]).drop_duplicates(["member_id", "kpi_id"], keep="last")
    out = actuals.merge(targets[["member_id", "name", "kpi_id", "target", "period"]], on=["member_id", "kpi_id"])
    cat = catalog_frame(catalog)
    out["kpi"] = out["kpi_id"].map(cat["name"])
    lower = out["kpi_id"].map(cat["direction"]).eq("lower")
    ratio = out["value"] / out["target"]
    inverse = out["target"] / out["value"].where(out["value"] != 0)
    out["attainment"] = ratio.where(~lower, inverse)
    out["status"] = [status(a) for a in out["attainment"]]
    return out.sort_values(["member_id", "kpi_id", "period_end"])[cols].reset_index(drop=True)


def lower_name(name):
    """A KPI's name inside a sentence: 'win rate', but 'CRM hygiene' (a first word in capitals keeps them)."""
    first = str(name).split(" ", 1)[0]
    return name if len(first) > 1 and first[:2].isupper() else name[:1].lower() + name[1:]


def no_team_figure_words(n):
    """What is said where KPIs have results but none from MIN_GROUP sellers or more (so no team figure)."""
    from ..._schema import MIN_GROUP

    return (
        f"no team figure yet: {n} {'KPI has' if n == 1 else 'KPIs have'} results, "
        f"{'it' if n == 1 else 'each'} from fewer than {MIN_GROUP} sellers"
    )


def too_few_words(n):
    """What is said of the KPIs left out of the team's results because fewer than MIN_GROUP sellers report them."""
    from ..._schema import MIN_GROUP

    return (
        f"{n} more {'KPI is' if n == 1 else 'KPIs are'} reported by fewer than {MIN_GROUP} sellers, "
        "so not a team figure"
    )


def lead_words(tallied):
    """The KPI vote's lead in one sentence, a tie said as a tie: 'Forecast accuracy led with 29% of the dots; the
    top three took 70%' or 'Forecast accuracy and Follow-up time tied for first place, with 10 dots each (29% each);
    ...' (``tallied``: :func:`tally`)."""
    from ... import _format as fmt

    if tallied.empty or tallied["dots"].iloc[0] <= 0:
        return "No dots placed yet"
    best = tallied[tallied["dots"] == tallied["dots"].iloc[0]]
    if len(best) == 1:
        lead = f"{best['name'].iloc[0]} led with {fmt.pct(best['share'].iloc[0])} of the dots"
    else:
        lead = (
            f"{fmt.and_list(best['name'])} tied for first place, with {fmt.plural(int(best['dots'].iloc[0]), 'dot')} "
            f"each ({fmt.pct(best['share'].iloc[0])} each)"
        )
    if len(best) >= 3:
        return f"{lead}; together they took {fmt.pct(best['share'].sum())}"
    return f"{lead}; the top three took {fmt.pct(tallied.head(3)['share'].sum())}"
