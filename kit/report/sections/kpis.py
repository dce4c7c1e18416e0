"""The KPI vote: dots per KPI, the strength of consensus, and whether each scope keeps to three to five KPIs."""

from ... import _format as fmt
from ... import kpis
from ..._schema import KPI_ADVICE, span_words
from .._blocks import bars, empty, section, table

__all__ = ["build"]

TITLE = "KPI selection"


def build(session, policy):
    votes = session.rows["kpi_votes"]
    if votes.empty:
        return section(TITLE, empty("No KPI vote was held in this session."))
    t = kpis.tally(votes, catalog=session.catalog)
    selected = session.rows["kpis"]
    blocks = [
        bars(
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
        ),
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
