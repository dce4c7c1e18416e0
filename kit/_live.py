"""The parts every live page of the room is made of: a line of words, a button, a numbered script, dot voting.

A step's phone page (``kit/steps/<step>/room.py``) is built from these and from its capture forms; the page object
it gets (:class:`kit.room.participant.ParticipantPage`) gives it the store handle, the person and the guards.
"""

import html

import ipywidgets as w

from ._capture import Message
from .errors import KitError

__all__ = ["say", "guide", "waiting", "button", "ol", "dot_vote"]


def say(text, cls="", size=17, colour="#1f2a37", bold=False):
    """A line of words (escaped) on a phone."""
    weight = "font-weight:600;" if bold else ""
    return w.HTML(f"<div class='{cls}' style='font-size:{size}px;color:{colour};{weight}'>{html.escape(text)}</div>")


def guide(text):
    """The line under a step's title on a phone: what to do, and who will see it."""
    return say(text, size=15, colour="#5b6675")


def waiting(text):
    """What a phone says while there is nothing for its person to do at this step."""
    return say(text, cls="kit-room-wait")


def button(text, cls, style="primary"):
    b = w.Button(description=text, button_style=style, layout=w.Layout(width="auto"))
    b.add_class(cls)
    b.add_class("kit-room-button")
    return b


def ol(*items):
    """A numbered list of the facilitator's script (HTML: the items are the kit's own words)."""
    return "<ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>"


def dot_vote(page, table, choices, *, what):
    """Dot voting on ``choices`` ([(label, value)]): + and − per choice, this person's own dots only."""
    sid = page.room.session_id
    col = "item_id" if table == "swot_votes" else "kpi_id"
    box = w.VBox()
    box.add_class(f"kit-room-vote-{table}")
    msg = Message()

    def mine():
        v = page.eng.table(table, session_id=sid)
        v = v[v["voter_id"] == page.member_id]
        return dict(zip(v[col], v["dots"].astype(int)))

    def change(value, by):
        key = {"session_id": sid, col: value, "voter_id": page.member_id}
        try:
            if by > 0:
                page.eng.add_dots(table, key, 1)
            else:
                now = mine().get(value, 0)
                if now > 1:
                    page.eng.update(table, key, dots=now - 1)
                elif now == 1:
                    page.eng.delete(table, key)
        except KitError as e:
            msg.error(e)
            return
        msg.value = ""
        draw()

    # the rows are made once; a press changes only what it changes (the dots of one row, what is left, which
    # buttons may be pressed): a phone's press sends a few small updates, not a new page of widgets
    left_text = w.HTML()
    rows = {}
    for label, value in choices:
        minus = button("−", f"kit-room-minus-{value}", style="")
        plus = button("+", f"kit-room-plus-{value}")
        page.on_click(minus, lambda _, v=value: change(v, -1))
        page.on_click(plus, lambda _, v=value: change(v, +1))
        dots = w.HTML()
        row = w.VBox([w.HTML(f"<div class='kit-room-item'>{html.escape(label)}</div>"), w.HBox([minus, dots, plus])])
        row.add_class("kit-room-choice")
        row.add_class(f"kit-room-choice-{value}")
        rows[value] = (minus, dots, plus, row)
    box.children = [left_text] + [r[3] for r in rows.values()] + [msg]

    def draw():
        have = mine()
        left = page.budget - sum(have.values())
        left_text.value = (
            f"<div class='kit-room-left'>You have <b>{left}</b> of {page.budget} dots left to place on "
            f"{html.escape(what)}.</div>"
        )
        for value, (minus, dots, plus, _) in rows.items():
            n = have.get(value, 0)
            minus.disabled, plus.disabled = n == 0, left <= 0
            dots.value = f"<div class='kit-room-dots'>{'●' * n or '·'}</div>"

    draw()
    return box
