"""The parts every live page of the room is made of: a line of words, a button, a numbered script.

A step's phone page (``kit/steps/<step>/room.py``) is built from these and from its capture forms; the page object
it gets (:class:`kit.room.participant.ParticipantPage`) gives it the store handle, the person and the guards.
"""

import html

import ipywidgets as w

__all__ = ["say", "guide", "waiting", "button", "ol"]


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
