"""The KPI vote: dots per KPI, the strength of consensus, and whether each scope keeps to three to five KPIs."""

from ... import _format as fmt
from ..._blocks import bars, empty, figure, section, table, text
from ..._format import span_words
from ..._schema import KPI_ADVICE
from . import model as kpis

__all__ = ["build", "votes_chart", "attainment_chart", "kpi_targets", "kpi_value", "kpi_goal", "kpi_result"]
__all__ += ["results_from"]

TITLE = "KPI selection"


_TONE = {"win": "good", "shortfall": "bad", "on the way": "mid"}


def votes_chart(t):
    """The KPIs that got dots (the ten with most), leading ones apart from lagging ones, from a tally
    (:func:`kit.steps.kpis.model.tally`): the report's chart, the notebook's and the wall's."""
    return bars(
        kpis.lead_words(t),
        [
            {
                "label": r.name,
                "value": r.dots,
                "text": f"{r.dots} dots from {r.voters} people ({r.kind})",
                "tone": "a" if r.kind == "leading" else "b",
            }
            for r in t.head(10).itertuples()
        ],
        scale=[0, t["dots"].max()],
        legend=[("a", "leading"), ("b", "lagging")],
    )


def attainment_chart(session):
    """The team's attainment per KPI (its sellers' mean, against a target of 100%), or, where too few sellers report
    a KPI for a team figure, the sentence that says so: the report's chart, the notebook's and the wall's."""
    by, few = session.team_attainment()
    if by.empty:
        return text(fmt.sentence(kpis.no_team_figure_words(few)))
    by = by.sort_values()
    judged = {k: kpis.status(a) for k, a in by.items()}
    statuses = list(judged.values())
    return bars(
        f"{statuses.count('win')} of {fmt.plural(len(by), 'KPI')} at or above target as a team; "
        f"{statuses.count('shortfall')} below {fmt.pct(kpis.SHORTFALL)}"
        + (f" ({kpis.too_few_words(few)})" if few else ""),
        [
            {"label": k, "value": a * 100, "ref": 100, "text": fmt.pct(a), "tone": _TONE[judged[k]]}
            for k, a in by.items()
        ],
        scale=[0, max(by.max() * 100, 100) * 1.05],
        ref_label="target (100%)",
    )


def build(session, policy):
    votes = session.rows["kpi_votes"]
    if votes.empty:
        return section(TITLE, empty("No KPI vote was held in this session."))
    t = kpis.tally(votes, catalog=session.catalog)
    selected = session.rows["kpis"]
    blocks = [
        votes_chart(t),
        table(
            ["KPI", "Kind", "Dots", "People", "Share"],
            [[r.name, r.kind, fmt.count(r.dots), fmt.count(r.voters), fmt.pct(r.share)] for r in t.itertuples()],
            numeric=["Dots", "People", "Share"],
        ),
    ]
    if len(selected):
        adv = kpis.selection_advice(selected, catalog=session.catalog)
        blocks.append(
            table(
                ["Scope", "KPIs", "Leading", "Lagging", f"{span_words(KPI_ADVICE).capitalize()}?"],
                [
                    [
                        r.scope,
                        fmt.count(r.kpis),
                        fmt.count(r.leading),
                        fmt.count(r.lagging),
                        "yes" if r.within_advice else "no — revisit",
                    ]
                    for r in adv.itertuples()
                ],
                numeric=["KPIs", "Leading", "Lagging"],
            )
        )
    return section(TITLE, *blocks)


def kpi_targets(session, selected, scopes=None):
    """The KPIs in force, one row per scope: 'Follow-up time ≤ 24 hours per week' (None without KPIs)."""
    sel = figure(session, "kpi_selection", selected, lambda rows: kpis.selection(rows, catalog=session.catalog))
    if scopes is not None:
        sel = sel[sel["scope"].isin(scopes)]
    if sel.empty:
        return None
    rows = []
    for scope, g in sel.groupby("scope", sort=False):
        lines = [
            f"{r.name} {'≤' if r.direction == 'lower' else '≥'} "
            f"{fmt.measure(r.target, r.unit, session.currency)} per {r.period}"
            for r in g.itertuples()
        ]
        rows.append([scope, "\n".join(lines)])
    return table(["Scope", "KPIs and targets per seller"], rows)


def kpi_value(session, r):
    """One reported KPI value with its unit and period (:func:`kit.steps.kpis.model.value_words`)."""
    return kpis.value_words(r, session.catalog, session.currency)


def kpi_goal(session, r):
    """A KPI's target with its direction, unit and period (:func:`kit.steps.kpis.model.goal_words`)."""
    return kpis.goal_words(r, session.catalog, session.currency)


def kpi_result(session, r, *, brief=False):
    """A result in one phrase, value, target and attainment (:func:`kit.steps.kpis.model.result_words`)."""
    return kpis.result_words(r, session.catalog, session.currency, brief=brief)


def results_from(session, *, brief=False):
    """Where the results come from, said wherever they are shown: the CRM export(s) and the date each runs to
    (None when every result was typed). ``brief``: the files and dates only, for a one-page document."""
    if not session.results_from:
        return None
    if brief:  # a source reads "file, kind, through date"
        said = "; ".join(f"{s.split(', ')[0]}, through {s.rsplit('through ', 1)[-1]}" for s in session.results_from)
        return f"Your results from the CRM: {said}."
    from ...crm import CRM_WORDS

    return text(f"Results from the CRM ({CRM_WORDS}): {'; '.join(session.results_from)}. Other results as reported.")
