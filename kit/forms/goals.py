"""Step 1, personal goals: each seller's goals (with who may see them) and the commitment that funds them,
with the pipeline that commitment takes shown as they type."""

import ipywidgets as w
import pandas as pd

from ..goals import funnel
from ..validate import parse_cell
from .._schema import TABLES
from ._form import RowForm, member_options, session_info

__all__ = ["goal_form", "commitment_form"]

_VISIBILITY = [("the team", "team"), ("my manager only", "manager"), ("only me (private)", "private")]


def goal_form(eng, *, session_id):
    """Personal goals: seller, goal, category and who may see it (team, manager only, private)."""
    s = session_info(eng, session_id)
    return RowForm(eng, "goals", fixed={"session_id": session_id}, name="goal", title="Personal goals",
                   options={"member_id": member_options(eng, s["team_id"], roles=("seller",)),
                            "visibility": _VISIBILITY},
                   labels={"member_id": "seller", "goal": "personal goal", "visibility": "who may see it"},
                   listing=lambda df: _goal_listing(eng, df))


def _goal_listing(eng, df):
    names = dict(zip(eng.members()["member_id"], eng.members()["name"]))
    # this list is projected to the room: only goals shared with the team show their text
    hidden = {"manager": "(shared with the manager only)", "private": "(private)"}
    out = df.assign(seller=df["member_id"].map(names),
                    goal=[hidden.get(v, g) for g, v in zip(df["goal"], df["visibility"])])
    return out[["seller", "goal", "category", "visibility"]]


def commitment_form(eng, *, session_id):
    """The annual commitment and funnel assumptions; the deals, opportunities and weekly meetings it takes
    appear under the form as the numbers are typed."""
    s = session_info(eng, session_id)
    names = dict(zip(eng.members()["member_id"], eng.members()["name"]))
    form = RowForm(eng, "commitments", fixed={"session_id": session_id}, name="commitment", upsert=True,
                   title="Annual commitment and what it takes",
                   options={"member_id": member_options(eng, s["team_id"], roles=("seller",))},
                   labels={"member_id": "seller", "annual_commitment": "annual commitment",
                           "avg_deal_size": "average deal size", "win_rate": "win rate", "sales_cycle_days":
                           "sales cycle (days)"},
                   listing=lambda df: funnel(df).assign(seller=lambda f: f["member_id"].map(names))[
                       ["seller", "annual_commitment", "deals_needed", "opportunities_needed", "meetings_per_week"]
                   ].round({"meetings_per_week": 1}))
    preview = w.HTML()
    preview.add_class("kit-commitment-preview")

    def update(_=None):
        row = form.values()
        parsed = {}
        for col in ("annual_commitment", "avg_deal_size", "win_rate", "sales_cycle_days"):
            value, msg = parse_cell(TABLES["commitments"].col(col), row.get(col))
            if msg or value is None:
                preview.value = "<i>Type the commitment, deal size, win rate and cycle to see what it takes.</i>"
                return
            parsed[col] = value
        f = funnel(pd.DataFrame([dict(member_id=row["member_id"], **parsed)])).iloc[0]
        preview.value = (f"<div style='font-size:17px'>It takes <b>{f['deals_needed']}</b> deals, "
                         f"<b>{f['opportunities_needed']}</b> qualified opportunities a year — about "
                         f"<b>{f['opportunities_per_week']:.1f}</b> new opportunities and "
                         f"<b>{f['meetings_per_week']:.1f}</b> first meetings every week, with "
                         f"<b>{f['pipeline_needed']:,.0f}</b> of pipeline open at any time.</div>")
    for widget in form.inputs.values():
        widget.observe(update, names="value")
    update()
    children = list(form.widget.children)
    children.insert(len(form.inputs) + 1, preview)
    form.widget.children = children
    form.preview = preview
    return form
