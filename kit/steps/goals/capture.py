"""Step 1, personal goals: each seller's goals (with who may see them) and the commitment that funds them,
with the pipeline that commitment takes shown as they type."""

import html

import ipywidgets as w
import pandas as pd

from ... import _format as fmt
from ..._capture import RowForm, _mine, _names, _own, member_options, not_shared, session_info
from ..._schema import PROGRESS_WORDS, TABLES
from ...validate import parse_cell
from .model import below_quota, below_quota_words, funnel

__all__ = ["goal_form", "commitment_form"]

_VISIBILITY = [("the team", "team"), ("my manager only", "manager"), ("only me (private)", "private")]


def _earlier(eng, s, table):
    """The goals (or commitments) agreed at earlier sessions that this session still shows (as the session model
    carries them, person by person: a seller who revisited theirs here has replaced them), each with ``agreed``."""
    from ...session import carried_rows

    return carried_rows(eng, table, session_id=s["session_id"])


def goal_form(eng, *, session_id, audience="wall", on_change=None, member_id=None):
    """Personal goals: seller, goal, category and who may see it (team, manager only, private).

    With ``member_id`` (a participant's own page in the room) the form holds that seller's goals only: no seller
    to choose, their own earlier goals, nobody else's.

    The list and the entries show each goal as the audience may read it: on the wall a goal kept private or for
    the manager is listed as "(private)" / "(manager only)" with its owner, and cannot be opened or removed there.
    At a review the goals agreed at the earlier session show too (read-only), with that session's date.
    """
    s = session_info(eng, session_id)
    names = _names(eng, s["team_id"])
    categories = {c: c.capitalize() for c in TABLES["goals"].col("category").choices}
    seen = {"team": "the team", "manager": "the manager only", "private": "private"}

    def label(r):
        # on one's own page a goal is said in full; a list of everyone's shortens each
        parts = [str(r["goal"])] if member_id else [names.get(r["member_id"], "a colleague"), _short(r["goal"])]
        if r.get("shared", True) is not False and not fmt.blank(r.get("category")):
            parts.append(categories.get(r["category"], r["category"]))
        if r.get("carried"):
            parts.append(f"agreed {fmt.date(r.get('agreed'))}")
        return " · ".join(parts)

    def listing(df):
        if df.empty:
            return df
        out = pd.DataFrame(
            {
                "Seller": df["member_id"].map(names).fillna("a colleague"),
                "Goal": df["goal"],
                "Category": [categories.get(c, c) if not fmt.blank(c) else None for c in df["category"]],
                "Who may see it": df["visibility"].map(seen),
                "Agreed": [
                    f"agreed at the session of {fmt.date(a)}" if c else "this session"
                    for a, c in zip(df["agreed"], df["carried"])
                ],
            }
        )
        if member_id is not None:  # a participant's own page: every goal listed is theirs
            out = out.drop(columns="Seller")
        return out if df["carried"].any() else out.drop(columns="Agreed")

    fixed = _mine({"session_id": session_id}, "member_id", member_id)
    review = s["kind"] == "review"  # where a goal stands is asked at a review only
    return RowForm(
        eng,
        "goals",
        fixed=fixed,
        fields=[c for c in TABLES["goals"].names if c not in fixed and (review or c != "progress")],
        name="goal",
        title="Personal goals" if member_id is None else "My personal goals",
        options={
            "member_id": member_options(eng, s["team_id"], roles=("seller",)),
            "visibility": _VISIBILITY,
            "progress": [("not reviewed yet", "")] + [(v, k) for k, v in PROGRESS_WORDS.items()],
        },
        labels={
            "member_id": "seller",
            "goal": "personal goal",
            "visibility": "who may see it",
            "implication": "what hitting or missing it means",
            "progress": "where it stands",
        },
        listing=listing if member_id is None else False,  # one's own goals: the entries say it all
        entries_title="Goals" if member_id is None else "Your goals",
        label=label,
        locked=not_shared("goal"),
        earlier=lambda: _own(_earlier(eng, s, "goals"), "member_id", member_id),
        start={"visibility": "private"},  # every new goal starts private: nothing is shared by accident
        audience=audience,
        on_change=on_change,
    )


def _short(text, n=40):
    text = str(text)
    return text if len(text) < n else text[: n - 2] + "…"


def commitment_form(eng, *, session_id, audience="wall", on_change=None, member_id=None):
    """The annual commitment and funnel assumptions; the deals, opportunities and weekly meetings it takes
    appear under the form as the numbers are typed. With ``member_id``: that seller's own commitment only."""
    s = session_info(eng, session_id)
    names = _names(eng, s["team_id"])
    currency = eng.settings.get("currency") or ""
    quota_note = w.HTML()  # under the list: each seller listed who commits below their annual quota
    quota_note.add_class("kit-commitment-quota")

    def listing(df):
        short = below_quota(df, members=eng.members(team_id=s["team_id"])) if len(df) else df
        note = below_quota_words(short, names=names, currency=currency) if len(df) else None
        quota_note.value = f"<div style='color:#b23c00;font-size:15px'>{html.escape(note)}</div>" if note else ""
        if df.empty:
            return df
        f = funnel(df)
        return pd.DataFrame(
            {
                "Seller": f["member_id"].map(names),
                "Annual commitment": [fmt.money(x, currency) for x in f["annual_commitment"]],
                "Deals needed": [fmt.count(x) for x in f["deals_needed"]],
                "Opportunities needed": [fmt.count(x) for x in f["opportunities_needed"]],
                "First meetings a week": [fmt.num(x, 1) for x in f["meetings_per_week"]],
            }
        )

    form = RowForm(
        eng,
        "commitments",
        fixed=_mine({"session_id": session_id}, "member_id", member_id),
        name="commitment",
        upsert=True,
        title="Annual commitment and what it takes" if member_id is None else "My annual commitment and what it takes",
        options={"member_id": member_options(eng, s["team_id"], roles=("seller",))},
        labels={
            "member_id": "seller",
            "annual_commitment": "annual commitment",
            "avg_deal_size": "average deal size",
            "win_rate": "win rate",
            "sales_cycle_days": "sales cycle (days)",
        },
        listing=listing if member_id is None else False,  # a phone says what it takes in words (the preview)
        # on a seller's phone: the commitment agreed at an earlier session, which this session's starts from
        earlier=None if member_id is None else lambda: _own(_earlier(eng, s, "commitments"), "member_id", member_id),
        audience=audience,
        on_change=on_change if member_id is None else lambda: (prefill(), on_change() if on_change else None),
        entries_title="Commitments" if member_id is None else "Your commitment",
        label=lambda r: (
            (f"{names.get(r['member_id'], 'a colleague')} · " if member_id is None else "Your commitment: ")
            + fmt.money(r["annual_commitment"], currency)
        ),
    )
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
        preview.value = (
            f"<div style='font-size:17px'>It takes <b>{f['deals_needed']}</b> deals, "
            f"<b>{f['opportunities_needed']}</b> qualified opportunities a year — about "
            f"<b>{f['opportunities_per_week']:.1f}</b> new opportunities and "
            f"<b>{f['meetings_per_week']:.1f}</b> first meetings every week, with "
            f"<b>{html.escape(fmt.money(f['pipeline_needed'], currency))}</b> of pipeline open "
            "at any time.</div>"
        )

    def prefill():
        """On a seller's own page, the form shows their commitment as it stands (this session's, else the one agreed
        at an earlier session), ready to change: Save replaces it, never adds a second."""
        if member_id is None or not form._entries:
            return
        own = [i for i, r in enumerate(form._entries) if not r.get("carried")]
        form.start_from(own[0] if own else 0)

    for widget in form.inputs.values():
        widget.observe(update, names="value")
    prefill()
    if member_id is not None and form._entries and all(r.get("carried") for r in form._entries):
        agreed = fmt.date(form._entries[0].get("agreed"))
        form.message.note(f"Your commitment as agreed on {agreed}: change it, or Save to keep it for this session.")
    update()
    children = list(form.widget.children)
    children.insert(len(form.inputs) + 1, preview)
    form.widget.children = children + [quota_note]
    form.preview, form.quota_note = preview, quota_note
    return form
