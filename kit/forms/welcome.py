"""Step 0, welcome: setting up the engagement, its teams and sessions, and the opening pulse."""

import ipywidgets as w

from ..accountability import PULSE_LEVELS
from ..errors import KitError
from ._form import ANONYMOUS, Message, RowForm, member_options, session_info

__all__ = ["pulse_form", "settings_form", "team_form", "member_form", "session_form"]


def pulse_form(eng, *, session_id):
    """One answer per person: a level from 1 resentment to 5 collaboration, anonymous unless they choose."""
    s = session_info(eng, session_id)
    buttons = w.ToggleButtons(options=[(f"{k} {v}", str(k)) for k, v in PULSE_LEVELS.items()], value="3",
                              description="level", style={"description_width": "180px", "button_width": "130px"})
    buttons.add_class("kit-pulse-score")
    return RowForm(eng, "pulse", fixed={"session_id": session_id}, fields=["respondent_id", "score"], name="pulse",
                   title="Where is our team today?",
                   options={"respondent_id": member_options(eng, s["team_id"], blank=ANONYMOUS)},
                   labels={"respondent_id": "who answers", "score": "level (1-5)"},
                   listing=lambda df: df.assign(
                       who=df["respondent_id"].fillna("anonymous"),
                       level=df["score"].map(PULSE_LEVELS))[["who", "score", "level"]],
                   widgets={"score": buttons})


def settings_form(eng):
    """The engagement's name, client, currency, facilitator and dot budget."""
    s = eng.settings
    style = {"description_width": "140px"}
    fields = {k: w.Text(value="" if s.get(k) is None else str(s[k]), description=k.replace("_", " "), style=style)
              for k in ("name", "client", "currency", "facilitator", "dot_budget")}
    fields["dot_budget"].value = fields["dot_budget"].value or "5"
    message = Message()
    button = w.Button(description="Save settings", button_style="primary", icon="check")

    def save(_=None):
        try:
            eng.set_settings(**{k: (v.value or None) for k, v in fields.items()})
        except KitError as e:
            message.error(e)
            return
        message.ok("Settings saved.")
    button.on_click(save)
    return w.VBox(list(fields.values()) + [button, message])


def team_form(eng):
    """A new team and its manager, in one step (each refers to the other)."""
    style = {"description_width": "140px"}
    f = {k: w.Text(description=label, style=style) for k, label in (
        ("team_id", "team id"), ("name", "team name"), ("annual_target", "annual target"),
        ("manager_id", "manager's id"), ("manager_name", "manager's name"))}
    message = Message()
    button = w.Button(description="Add team", button_style="primary", icon="plus")

    def save(_=None):
        v = {k: x.value or None for k, x in f.items()}
        try:
            eng.add_many({"teams": [dict(team_id=v["team_id"], name=v["name"], manager_id=v["manager_id"],
                                         annual_target=v["annual_target"])],
                          "members": [dict(member_id=v["manager_id"], team_id=v["team_id"], name=v["manager_name"],
                                           role="manager", territory=None, annual_quota=0)]})
        except KitError as e:
            message.error(e)
            return
        message.ok(f"Team {v['name']} added; now add its sellers and a session.")
    button.on_click(save)
    return w.VBox(list(f.values()) + [button, message])


def member_form(eng, *, team_id):
    """The team's members: id, name, role, territory, annual quota."""
    return RowForm(eng, "members", fixed={"team_id": team_id}, name="member", title="Team members",
                   labels={"member_id": "id (letters, digits, - _)", "annual_quota": "annual quota"})


def session_form(eng, *, team_id):
    """The team's sessions: id, date, kickoff or review, and who leads it (blank: the kit proposes)."""
    return RowForm(eng, "sessions", fixed={"team_id": team_id}, name="session", title="Sessions",
                   options={"leader_id": member_options(eng, team_id, blank="(let the kit propose)")},
                   labels={"session_id": "id", "date": "date (YYYY-MM-DD)", "leader_id": "leader"})
