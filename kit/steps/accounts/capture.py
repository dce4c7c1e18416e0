"""Target accounts: each seller names the few accounts they will focus on this year, why, and who may see them; at a
review, how far each has come and what was won from it."""

import pandas as pd

from ... import _format as fmt
from ..._capture import RowForm, _mine, _names, _own, member_options, not_shared, session_info
from ..._schema import ACCOUNT_PROGRESS_WORDS, TABLES, VISIBILITY_WORDS
from .model import progress_words

__all__ = ["account_form"]

# who may see an account, as a seller chooses it (the most private first: nothing is shared by accident)
_VISIBILITY = [("only me (private)", "private"), ("my manager only", "manager"), ("the team", "team")]


def _earlier_accounts(eng, s):
    """The accounts named at earlier sessions that this session still shows (carried account by account)."""
    from ...session import carried_rows

    return carried_rows(eng, "accounts", session_id=s["session_id"])


def account_form(eng, *, session_id, audience="wall", on_change=None, member_id=None):
    """Target accounts: seller, account, why it matters and who may see it; at a review also where it stands and
    what was won from it.

    With ``member_id`` (a participant's own page in the room) the form holds that seller's accounts only. The list
    shows each account as the audience may read it: one kept private or for the manager is listed as "(private)" /
    "(manager only)" with its seller, and cannot be opened or removed there."""
    s = session_info(eng, session_id)
    names = _names(eng, s["team_id"])
    currency = eng.settings.get("currency") or ""

    def label(r):
        parts = ([] if member_id else [names.get(r["member_id"], "a colleague")]) + [str(r["account"])]
        if r.get("carried"):
            parts.append(f"named {fmt.date(r.get('agreed'))}")
        return " · ".join(parts)

    def listing(df):
        if df.empty:
            return df
        out = pd.DataFrame(
            {
                "Seller": df["member_id"].map(names).fillna("a colleague"),
                "Account": df["account"],
                "Why": [fmt.text_or_dash(w) for w in df["why"]],
                "Who may see it": df["visibility"].map(VISIBILITY_WORDS),
            }
        )
        if review:
            read = df["shared"] if "shared" in df else [True] * len(df)  # not readable here: nothing said of it
            out["Where it stands"] = [
                fmt.DASH if ok is False else progress_words(p) for p, ok in zip(df["progress"], read)
            ]
            out["Won"] = [fmt.DASH if fmt.blank(v) else fmt.amount(v, currency) for v in df["won"]]
        if member_id is not None:  # a participant's own page: every account listed is theirs
            out = out.drop(columns="Seller")
        return out

    fixed = _mine({"session_id": session_id}, "member_id", member_id)
    review = s["kind"] == "review"  # where an account stands is asked at a review only
    return RowForm(
        eng,
        "accounts",
        fixed=fixed,
        fields=[c for c in TABLES["accounts"].names if c not in fixed and (review or c not in ("progress", "won"))],
        name="account",
        title="Target accounts" if member_id is None else "My target accounts",
        options={
            "member_id": member_options(eng, s["team_id"], roles=("seller",)),
            "visibility": _VISIBILITY,
            "progress": [("not reviewed yet", "")] + [(v, k) for k, v in ACCOUNT_PROGRESS_WORDS.items()],
        },
        labels={
            "member_id": "seller",
            "account": "account (company name)",
            "why": "why this account",
            "visibility": "who may see it",
            "progress": "where it stands",
            "won": f"won from it so far ({currency})" if currency else "won from it so far",
        },
        listing=listing if member_id is None else False,  # one's own accounts: the entries say it all
        entries_title="Accounts" if member_id is None else "Your accounts",
        label=label,
        locked=not_shared("account"),
        earlier=lambda: _own(_earlier_accounts(eng, s), "member_id", member_id),
        # at a review a seller revisits an earlier account: it is recorded again here with where it stands
        revisit=("why", "visibility", "progress", "won") if review else (),
        start={"visibility": "private"},  # every new account starts private: nothing is shared by accident
        audience=audience,
        on_change=on_change,
    )
