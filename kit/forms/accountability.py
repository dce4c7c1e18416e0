"""Step 5, commitments and accountability: actions with owners and dates (the manager's too), status
updates, and the next meeting leader in a fair rotation."""

import html

import ipywidgets as w

from ..accountability import next_leader
from ..errors import KitError
from ._form import Message, RowForm, member_options, next_id, session_info

__all__ = ["action_form", "leader_form"]


def action_form(eng, *, session_id):
    """Actions: owner (the manager included), what, by when, the KPI it moves, and its status."""
    s = session_info(eng, session_id)
    cat = eng.kpi_catalog()
    names = dict(zip(eng.members()["member_id"], eng.members()["name"]))
    return RowForm(eng, "actions", fixed={"session_id": session_id}, name="action", title="Actions",
                   fields=["owner_id", "action", "due", "kpi_id", "status"], make_id=next_id("a"),
                   options={"owner_id": member_options(eng, s["team_id"]),
                            "kpi_id": [("(none)", "")] + [(spec["name"], k) for k, spec in cat.items()]},
                   labels={"owner_id": "owner", "due": "due (YYYY-MM-DD)", "kpi_id": "KPI it moves"},
                   listing=lambda df: df.assign(owner=df["owner_id"].map(names))[
                       ["action_id", "owner", "action", "due", "status"]])


def leader_form(eng, *, session_id):
    """Propose the next meeting leader (led least, then longest ago) and record it on a later session."""
    s = session_info(eng, session_id)
    message = Message()
    proposal = w.HTML()
    later = w.Dropdown(description="for session", style={"description_width": "120px"})
    who = w.Dropdown(options=member_options(eng, s["team_id"]), description="leader",
                     style={"description_width": "120px"})
    button = w.Button(description="Record leader", button_style="primary", icon="check")
    button.add_class("kit-leader-submit")

    def refresh():
        sessions = eng.sessions(team_id=s["team_id"])
        nxt = next_leader(sessions, eng.members(), team_id=s["team_id"], as_of=s["date"])
        names = dict(zip(eng.members()["member_id"], eng.members()["name"]))
        proposal.value = (f"<div style='font-size:17px'>Next in the rotation: <b>{html.escape(names.get(nxt, '–'))}</b>"
                          " (has led the fewest meetings, and longest ago).</div>")
        if nxt:
            who.value = nxt
        future = sessions[sessions["date"] > s["date"]]
        later.options = [(f"{r.session_id} ({r.date}, led by {names.get(r.leader_id, 'nobody yet')})", r.session_id)
                         for r in future.itertuples()] or [("(add the next session in 00_welcome)", None)]
        later.value = later.options[0][1]

    def record(_=None):
        try:
            if later.value is None:
                raise KitError("there is no later session of this team yet; add it in 00_welcome first")
            eng.update("sessions", {"session_id": later.value}, leader_id=who.value)
        except KitError as e:
            message.error(e)
            return
        message.ok("Leader recorded.")
        refresh()
    button.on_click(record)
    refresh()
    return w.VBox([proposal, later, who, button, message])
