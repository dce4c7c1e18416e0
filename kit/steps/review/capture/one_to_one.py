"""The manager's own copy only: coaching time and documented conversations, one seller at a time."""

import ipywidgets as w
import pandas as pd

from .... import _format as fmt
from ...._capture import RowForm, _names, member_options, session_info
from ...._schema import (
    COACHING_KINDS,
    CONVERSATION_TOPICS,
    KIND_WORDS,
    TOPIC_WORDS,
)
from ....audience import policy as as_policy
from ....errors import KitError
from ._parts import _STYLE, _quiet

__all__ = ["coaching_form", "conversation_form"]

# ---------------------------------------------------------------- the manager's own: coaching and conversations


def _manager_only(audience, what):
    pol = as_policy(audience)
    if not pol.keeps_the_record:
        raise KitError(f"{what} is the manager's own record: open this notebook with audience='manager'")
    return pol


def coaching_form(eng, *, session_id, audience="manager", on_change=None):
    """The manager's coaching time with each seller: date, minutes, kind, an optional note (private to the manager
    and that seller). Only under the manager's audience."""
    pol = _manager_only(audience, "coaching time")
    s = session_info(eng, session_id)
    manager = eng.teams(team_id=s["team_id"]).iloc[0]["manager_id"]
    names = _names(eng, s["team_id"])

    def listing(df):
        if df.empty:
            return df
        df = df.sort_values(["date", "member_id"], ascending=[False, True])
        return pd.DataFrame(
            {
                "Date": df["date"].map(fmt.date),
                "Seller": df["member_id"].map(names),
                "Minutes": df["minutes"],
                "How": df["kind"].map(KIND_WORDS),
                "Note": df["note"],
            }
        )

    return RowForm(
        eng,
        "coaching",
        fixed={"manager_id": manager},
        name="coaching",
        title="Log coaching time",
        fields=["date", "member_id", "minutes", "kind", "note"],
        options={
            "member_id": member_options(eng, s["team_id"], roles=("seller",)),
            "kind": [(KIND_WORDS[k], k) for k in COACHING_KINDS],
        },
        labels={
            "member_id": "seller",
            "date": "date",
            "minutes": "minutes",
            "kind": "how",
            "note": "note",
        },
        listing=listing,
        label=lambda r: " · ".join(
            [
                fmt.date(r["date"]),
                names.get(r["member_id"], r["member_id"]),
                f"{int(r['minutes'])} min",
                KIND_WORDS.get(r["kind"], r["kind"]),
            ]
        ),
        rows=lambda: eng.coaching(team_id=s["team_id"], manager_id=manager),
        audience=pol,
        on_change=on_change,
    )


def conversation_form(eng, *, session_id, audience="manager", on_change=None, show_list=True):
    """A documented conversation with one seller: praise, a shortfall, development; what was said, the next step
    agreed, the follow-up date (private to the manager and that seller). Only under the manager's audience."""
    pol = _manager_only(audience, "a documented conversation")
    s = session_info(eng, session_id)
    manager = eng.teams(team_id=s["team_id"]).iloc[0]["manager_id"]
    names = _names(eng, s["team_id"])

    def listing(df):
        if df.empty:
            return df
        df = df.sort_values(["date", "member_id"], ascending=[False, True])
        return pd.DataFrame(
            {
                "Date": df["date"].map(fmt.date),
                "Seller": df["member_id"].map(names),
                "About": df["topic"].map(TOPIC_WORDS),
                "What was said": df["summary"],
                "Next step": df["agreed_next_step"],
                "Follow-up": [fmt.date(d) if not fmt.blank(d) and d else None for d in df["follow_up"]],
            }
        )

    def label(r):
        said = str(r["summary"])
        said = said if len(said) < 40 else said[:38] + "…"
        who = names.get(r["member_id"], r["member_id"])
        return f"{fmt.date(r['date'])} · {who} · {TOPIC_WORDS.get(r['topic'], r['topic'])} · {said}"

    boxes = {}
    for col in ("summary", "agreed_next_step"):
        boxes[col] = w.Textarea(
            description={"summary": "what was said", "agreed_next_step": "next step agreed"}[col],
            style=_STYLE,
            layout=w.Layout(width="95%", height="56px"),
        )
        boxes[col].add_class(f"kit-conversation-{col}")
    form = RowForm(
        eng,
        "conversations",
        fixed={"manager_id": manager},
        name="conversation",
        title="Document a conversation",
        fields=["date", "member_id", "topic", "summary", "agreed_next_step", "follow_up"],
        options={
            "member_id": member_options(eng, s["team_id"], roles=("seller",)),
            "topic": [(TOPIC_WORDS[t], t) for t in CONVERSATION_TOPICS],
        },
        labels={
            "member_id": "seller",
            "date": "date",
            "topic": "about",
            "summary": "what was said",
            "agreed_next_step": "next step agreed",
            "follow_up": "follow-up by",
        },
        widgets=boxes,
        listing=listing,
        label=label,
        rows=lambda: eng.conversations(team_id=s["team_id"], manager_id=manager),
        audience=pol,
        on_change=on_change,
    )
    return _quiet(form, show_list)
