"""Setting up an engagement by hand: its settings, a team and its manager, the members, the sessions (only needed
when nothing was imported)."""

import ipywidgets as w
import pandas as pd

from .. import _format as fmt
from .._capture import Message, RowForm, _names, changed, member_options
from .._schema import DEFAULT_DOT_BUDGET
from ..errors import KitError

__all__ = ["settings_form", "team_form", "member_form", "session_form"]


class _Saved:
    """A plain form's stand-in for :func:`changed`: its store and what runs after a write."""

    def __init__(self, eng, on_change):
        self.eng, self.on_change = eng, on_change


def settings_form(eng, *, audience="wall", on_change=None):
    """The engagement's name, client, currency, facilitator and dot budget."""
    s = eng.settings
    style = {"description_width": "140px"}
    fields = {
        k: w.Text(value="" if s.get(k) is None else str(s[k]), description=k.replace("_", " "), style=style)
        for k in ("name", "client", "currency", "facilitator", "dot_budget")
    }
    fields["dot_budget"].value = fields["dot_budget"].value or str(DEFAULT_DOT_BUDGET)
    message = Message()
    button = w.Button(description="Save settings", button_style="primary", icon="check")

    def save(_=None):
        try:
            eng.set_settings(**{k: (v.value or None) for k, v in fields.items()})
        except KitError as e:
            message.error(e)
            return
        message.ok("Settings saved.")
        changed(_Saved(eng, on_change))

    button.on_click(save)
    return w.VBox(list(fields.values()) + [button, message])


def team_form(eng, *, audience="wall", on_change=None):
    """A new team and its manager, in one step (each refers to the other)."""
    style = {"description_width": "140px"}
    f = {
        k: w.Text(description=label, style=style)
        for k, label in (
            ("team_id", "team id"),
            ("name", "team name"),
            ("annual_target", "annual target"),
            ("manager_id", "manager's id"),
            ("manager_name", "manager's name"),
        )
    }
    message = Message()
    button = w.Button(description="Add team", button_style="primary", icon="plus")

    def save(_=None):
        v = {k: x.value or None for k, x in f.items()}
        try:
            eng.add_many(
                {
                    "teams": [
                        dict(
                            team_id=v["team_id"],
                            name=v["name"],
                            manager_id=v["manager_id"],
                            annual_target=v["annual_target"],
                        )
                    ],
                    "members": [
                        dict(
                            member_id=v["manager_id"],
                            team_id=v["team_id"],
                            name=v["manager_name"],
                            role="manager",
                            territory=None,
                            annual_quota=0,
                        )
                    ],
                }
            )
        except KitError as e:
            message.error(e)
            return
        message.ok(f"Team {v['name']} added; now add its sellers and a session.")
        changed(_Saved(eng, on_change))

    button.on_click(save)
    return w.VBox(list(f.values()) + [button, message])


def member_form(eng, *, team_id, audience="wall", on_change=None):
    """The team's members: id, name, role, territory, annual quota."""
    currency = eng.settings.get("currency") or ""

    def listing(df):
        if df.empty:
            return df
        return pd.DataFrame(
            {
                "Name": df["name"],
                "Id": df["member_id"],
                "Role": df["role"],
                "Territory": df["territory"],
                "Annual quota": [fmt.money(x, currency) for x in df["annual_quota"]],
            }
        )

    return RowForm(
        eng,
        "members",
        fixed={"team_id": team_id},
        name="member",
        title="Team members",
        labels={"member_id": "id (letters, digits, - _)", "annual_quota": "annual quota"},
        listing=listing,
        label=lambda r: f"{r['name']} · {r['role']}",
        audience=audience,
        on_change=on_change,
    )


def session_form(eng, *, team_id, audience="wall", on_change=None):
    """The team's sessions: id, date, kickoff or review, and who leads it (blank: the kit proposes)."""
    names = _names(eng, team_id)

    def listing(df):
        if df.empty:
            return df
        return pd.DataFrame(
            {
                "Date": [fmt.date(d) for d in df["date"]],
                "Kind": df["kind"],
                "Leader": [names.get(m) if not fmt.blank(m) else None for m in df["leader_id"]],
            }
        )

    return RowForm(
        eng,
        "sessions",
        fixed={"team_id": team_id},
        name="session",
        title="Sessions",
        options={"leader_id": member_options(eng, team_id, blank="(let the kit propose)")},
        labels={"session_id": "id", "date": "date", "leader_id": "leader"},
        listing=listing,
        label=lambda r: f"{fmt.date(r['date'])} · {r['kind']} · {r['session_id']}",
        audience=audience,
        on_change=on_change,
    )
