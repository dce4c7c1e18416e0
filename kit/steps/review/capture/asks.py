"""Asks of the manager: each seller's asks, and the manager's action that answers one."""

import pandas as pd

from .... import _format as fmt
from ...._capture import RowForm, _names, member_options, session_info
from ...._schema import STATUS_WORDS
from ._parts import _earlier_open, _team_ids

__all__ = ["ask_form"]

# ---------------------------------------------------------------- asks of the manager


def _offer_asks(eng, team_id):
    """After an ask is saved: the action forms open on this team offer it under "answers the ask" (an action form
    builds that list once, when it is made)."""
    from ...._capture import _LIVE
    from ...actions.capture import _ask_options

    options = None
    for f in list(_LIVE):
        inputs = getattr(f, "inputs", {})
        if getattr(f, "table", None) != "actions" or "ask_id" not in inputs:
            continue
        if str(f.eng.path) != str(eng.path) or session_info(eng, f.fixed["session_id"])["team_id"] != team_id:
            continue
        options = options or [("(none)", "")] + _ask_options(eng, team_id, _names(eng, team_id))
        keep = inputs["ask_id"].value
        inputs["ask_id"].options = options
        inputs["ask_id"].value = keep if keep in [v for _, v in options] else ""


def ask_form(eng, *, session_id, audience="wall", on_change=None, member_id=None):
    """What a seller needs from their manager: one ask per row, with its status. The asks still open from earlier
    sessions are listed too; their status is changed with Edit. With ``member_id``: that seller's own asks."""
    s = session_info(eng, session_id)
    names = _names(eng, s["team_id"])

    def listing(df):
        if df.empty:
            return df
        return pd.DataFrame(
            {
                "Seller": df["member_id"].map(names),
                "Ask": df["ask"],
                "Status": df["status"].map(STATUS_WORDS),
                "Asked": [
                    f"at the session of {fmt.date(a)}" if c else "this session"
                    for a, c in zip(df["agreed"], df["carried"])
                ],
            }
        )

    def earlier():
        e = _earlier_open(eng, s, "asks")
        return e[e["member_id"] == member_id].reset_index(drop=True) if member_id else e

    def after():
        _offer_asks(eng, s["team_id"])
        if on_change is not None:
            on_change()

    return RowForm(
        eng,
        "asks",
        fixed={"session_id": session_id, **({"member_id": member_id} if member_id else {})},
        name="ask",
        title="Asks of the manager" if member_id is None else "What I need from my manager",
        fields=[c for c in ("member_id", "ask", "status") if c != "member_id" or member_id is None],
        make_id=_team_ids(eng, s["team_id"], "asks", "ask_id"),
        options={"member_id": member_options(eng, s["team_id"], roles=("seller",))},
        labels={"member_id": "seller", "ask": "what they need"},
        listing=listing,
        earlier=earlier,
        earlier_fields=("status",),
        audience=audience,
        on_change=after,
    )
