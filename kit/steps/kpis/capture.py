"""Step 3, KPIs the team chooses: the catalogue with definitions, dot voting, and the selection with targets."""

import html

import ipywidgets as w
import pandas as pd

from ... import _format as fmt
from ..._capture import DotVote, RowForm, member_options, session_info
from ..._schema import KPI_ADVICE
from .model import selection, selection_advice, tally

__all__ = ["catalogue_browser", "vote_form", "selection_form"]


def _card(spec):
    better = "lower is better" if spec.get("direction") == "lower" else "higher is better"
    return (
        f"<div class='kit-kpi-card' style='font-size:16px;border-left:4px solid #0173b2;padding:4px 10px'>"
        f"<b>{html.escape(str(spec.get('name')))}</b> <i>({html.escape(str(spec.get('kind')))}, {better}, "
        f"in {html.escape(str(spec.get('unit')))})</i><br>{html.escape(str(spec.get('definition')))}<br>"
        f"<span style='color:#5b6675'>Formula: {html.escape(str(spec.get('formula') or '–'))}</span></div>"
    )


def catalogue_browser(eng, *, audience="wall", on_change=None):
    """Pick a KPI to read its definition, formula, unit, direction and kind (it writes nothing, so ``audience``
    and ``on_change`` are accepted for a uniform call and not used)."""
    cat = eng.kpi_catalog()
    pick = w.Dropdown(
        options=[(spec["name"], k) for k, spec in cat.items()], description="KPI", layout=w.Layout(width="60%")
    )
    pick.add_class("kit-kpi-browse")
    card = w.HTML(_card(cat[pick.value]))
    pick.observe(lambda ch: setattr(card, "value", _card(cat[ch["new"]])), names="value")
    return w.VBox([pick, card])


def vote_form(eng, *, session_id, audience="wall", on_change=None, member_id=None, name="kpivote"):
    """Dot voting on the catalogue's KPIs, each with its definition. ``member_id``: the person voting (their own
    phone: no tally under it); without it, the form enters the vote of the person chosen."""
    cat = eng.kpi_catalog()

    def show(votes):
        t = tally(votes, catalog=cat)
        if t.empty:
            return t
        return pd.DataFrame(
            {
                "KPI": t["name"],
                "Kind": t["kind"],
                "Dots": t["dots"],
                "Voters": t["voters"],
                "Share of the dots": [fmt.pct(x) for x in t["share"]],
            }
        )

    return DotVote(
        eng,
        "kpi_votes",
        session_id=session_id,
        choices=[(f"{spec['name']}: {spec.get('definition', '')}".rstrip(": "), k) for k, spec in cat.items()],
        what="the KPIs",
        name=name,
        voter=member_id,
        voters=None if member_id else member_options(eng, session_info(eng, session_id)["team_id"]),
        tally=None if member_id else show,
        audience=audience,
        on_change=on_change,
    )


def selection_form(eng, *, session_id, audience="wall", on_change=None):
    """The KPIs the team settles on, per territory and for the team, with a target per seller and period."""
    s = session_info(eng, session_id)
    cat = eng.kpi_catalog()
    currency = eng.settings.get("currency") or ""
    territories = sorted(t for t in eng.members(team_id=s["team_id"])["territory"].dropna().unique() if t)
    card = w.HTML()
    lo, hi = KPI_ADVICE

    def listing(df):
        if df.empty:
            return df
        sel = selection(df, catalog=cat)
        advice = selection_advice(df, catalog=cat).set_index("scope")
        return pd.DataFrame(
            {
                "Scope": sel["scope"].map(lambda sc: "the whole team" if sc == "team" else sc),
                "KPI": sel["name"],
                "Target per seller": [fmt.measure(v, u, currency) for v, u in zip(sel["target"], sel["unit"])],
                "Period": sel["period"],
                "Kind": sel["kind"],
                "Advice": sel["scope"].map(
                    lambda sc: (
                        f"{lo}-{hi} ✔"
                        if advice.loc[sc, "within_advice"]
                        else f"{advice.loc[sc, 'kpis']} (aim for {lo}-{hi})"
                    )
                ),
            }
        )

    def label(r):
        spec = cat.get(r["kpi_id"], {})
        scope = "the whole team" if r["scope"] == "team" else r["scope"]
        return (
            f"{scope} · {spec.get('name', r['kpi_id'])} · "
            f"{fmt.measure(r['target'], spec.get('unit'), currency)} a {r['period']}"
        )

    form = RowForm(
        eng,
        "kpis",
        fixed={"session_id": session_id},
        name="kpi",
        upsert=True,
        title="Our KPIs and targets",
        fields=["scope", "kpi_id", "target", "period"],
        options={
            "scope": [("the whole team", "team")] + [(t, t) for t in territories],
            "kpi_id": [(spec["name"], k) for k, spec in cat.items()],
        },
        labels={"kpi_id": "KPI", "target": "target per seller"},
        listing=listing,
        label=label,
        audience=audience,
        on_change=on_change,
    )
    picker = form.inputs["kpi_id"]
    card.value = _card(cat[picker.value])
    picker.observe(lambda ch: setattr(card, "value", _card(cat[ch["new"]])), names="value")
    children = list(form.widget.children)
    children.insert(3, card)
    form.widget.children = children
    return form
