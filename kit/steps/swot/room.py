"""The SWOT in the room: items named on the phones (anonymous unless signed), hidden until the reveal, then voted
on with dots; the wall's counts and results, the script."""

import html

import ipywidgets as w

from ... import _format as fmt
from ..._live import guide, ol, waiting
from ...audience import cut_table
from .capture import item_form, vote_form

__all__ = ["SCRIPT", "WALL", "COUNTS", "PHONE"]

# the facilitator's script (the presenter panel, never the wall)
SCRIPT = {
    "swot": ol(
        '<i>"What do we do better than anyone? Where do we lose deals? What in our market could we win? '
        'What could hurt us?"</i>',
        "Everyone adds items on their phone, anonymous unless they sign them. The wall shows only the counts "
        "per quadrant, so nobody anchors on the first ideas.",
        "When the counts stop moving (10 to 15 minutes; set the timer), press <b>Reveal all items</b>: the wall "
        "shows the 2×2 board at once. Read it aloud.",
        "Two items that say the same thing? Merge them here (<b>Keep this item</b>, <b>and merge into it</b>): "
        "the words you keep stay, their dots add up, and nobody is told who wrote them.",
        "Ask for each whether it is within the team's control, one person's, or outside it.",
    ),
    "swot_vote": ol(
        "Everyone places their dots on their phone: only they see where their dots are; the wall counts the "
        "dots cast. When everyone has voted, press <b>Show results</b> for the totals.",
        "Good looks like top priorities the team can act on. If an outside threat tops the list, ask what in "
        "our control would blunt it; if items tie, decide together.",
        "Items outside our control that another department could fix become asks to that department: note "
        "them for the actions step.",
    ),
}

# the wall's results: views of the Workshop, already cut to the wall
WALL = {
    "swot": lambda ws, state: [ws.swot_board()] if state["revealed"] else [],
    "swot_vote": lambda ws, state: [ws.swot_priorities(), ws.swot_chart()] if state["revealed"] else [],
}


def _counts(tally, ws, state):
    s = ws.session
    people = len(s.members)
    items = s.own["swot"]
    lines = []
    if s.carried.get("swot"):
        lines.append(f"the SWOT agreed on {fmt.date(s.carried['swot']['date'])} stands until items are added")
    by_q = items["quadrant"].value_counts()
    lines.append(
        f"{fmt.plural(len(items), 'item')} so far: "
        + ", ".join(
            fmt.plural(int(by_q.get(q, 0)), one, many)
            for q, one, many in (
                ("S", "strength", "strengths"),
                ("W", "weakness", "weaknesses"),
                ("O", "opportunity", "opportunities"),
                ("T", "threat", "threats"),
            )
        )
    )
    if state["step"] == "swot_vote":
        dots, voters = tally.dots("swot_votes")
        lines.append(f"{dots} of {people * tally.budget} dots cast")
        lines.append(f"{voters} of {people} have voted")
    if not state["revealed"]:
        lines.append("the items are hidden until you reveal them")
    return lines


# what the wall counts as answers arrive (counts only, never who answered what)
COUNTS = {"swot": _counts, "swot_vote": _counts}


def _mine(page, items):
    """Of this session's SWOT items, the ones this person wrote (signed, or remembered by the room)."""
    return items[
        [
            (a == page.member_id) or page.room.remembers(page.token, f"swot:{i}")
            for a, i in zip(items["author_id"], items["item_id"])
        ]
    ].reset_index(drop=True)


def phone(page, state):
    def after(what, row):  # the room remembers, while it runs, which anonymous items this link wrote
        if what == "added":
            page.room.remember(page.token, f"swot:{row['item_id']}")
            if page.room.state["revealed"]:
                return "Added. It joins the revealed items on the wall when the results are updated."
            return "Added. Everyone's items stay hidden until the facilitator reveals them."
        if what == "removed":
            page.room.forget(page.token, f"swot:{row['item_id']}")
        return None

    form = page.own_form(item_form, own=lambda items: _mine(page, items), after=after)
    intro = w.HTML()

    def follow(now):  # the reveal changes these words, never what the person is typing
        words = "Name what helps or hinders our selling. Your items are anonymous unless you sign them."
        if now["revealed"]:
            words += " The items are revealed now: what you add joins them on the wall when the results are updated."
        intro.value = f"<div style='font-size:15px;color:#5b6675'>{html.escape(words)}</div>"

    follow(state)
    page.follow = follow
    return [intro, form.widget]


def vote_phone(page, state):
    sid = page.room.session_id
    if not state["revealed"]:
        return [waiting("Waiting for the facilitator to reveal the items: then you place your dots here.")]
    items = cut_table("swot", page.eng.swot(session_id=sid), page.policy.revealed(True))
    if items.empty:
        return [
            waiting(
                "No new SWOT items this session, so nothing to vote on here: the priorities agreed earlier stand "
                "(the wall shows them)."
            )
        ]
    intro = guide("Place your dots on the items the team should act on first. Only you see where your dots are.")
    return [intro, page.own_form(vote_form, name="room", reveal=True).widget]


# what a participant's phone shows
PHONE = {"swot": phone, "swot_vote": vote_phone}
