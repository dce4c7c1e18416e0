"""The opening pulse in the room: the phone's one anonymous answer, the wall's count and chart, the script.

The closing pulse is asked on the same page at the actions step (:func:`pulse_page`)."""

import ipywidgets as w

from ..._capture import close_widgets
from ..._live import guide, ol, say
from ..._schema import MIN_GROUP, PULSE_QUESTION
from .capture import pulse_form

__all__ = ["SCRIPT", "WALL", "COUNTS", "PHONE", "pulse_page", "answered"]

# the facilitator's script (the presenter panel, never the wall)
SCRIPT = {
    "pulse": ol(
        "Before you start: everyone has their own slip with their own link (QR code). Ask them to open it now; "
        "the count on the wall shows who is in as the answers arrive.",
        '<i>"Before we talk about numbers: where is this team today, from 1 (resentment) to 5 (full '
        'collaboration)? Your answer is anonymous: not even I can see which answer is yours."</i>',
        "Wait until the count nears everyone, press <b>Show results</b>, then read the spread aloud without "
        "judging it. A low or split "
        "pulse is information: ask what would move it one step up, and come back to it at the end.",
        "Anyone whose phone will not connect: they tell you their level privately and you enter it from the "
        "00 notebook, or they skip it.",
    ),
}

# the wall's results: views of the Workshop, already cut to the wall
WALL = {
    "pulse": lambda ws, state: [ws.pulse_chart("opening")],
}


def answered(n, people, what, here=0):
    """How many answered an anonymous question. Answers carry no name, so more answers than people cannot be told
    apart: the count says so (they also come in from the notebooks), with how many the room's own links gave
    (``here``: one per link) when it knows."""
    if n <= people:
        return f"{n} of {people} have answered {what}"
    why = "some answered more than once: answers also came in from the notebooks, and carry no name"
    if here:
        return f"{here} of {people} have answered {what} here; {n} answers in all from a team of {people} ({why})"
    return f"{n} answers to {what} from a team of {people} ({why})"


def _counts(tally, ws, state):
    s = ws.session
    people = len(s.members)
    n = s.pulse_answers("opening")
    lines = [answered(n, people, "the opening pulse", here=tally.answered("pulse:opening"))]
    if s.pulse_withheld("opening"):
        lines.append(f"the answers show once {MIN_GROUP} are in, so that none is anyone's own")
    return lines


# what the wall counts as answers arrive (counts only, never who answered what)
COUNTS = {"pulse": _counts}


def pulse_page(page, state, phase="opening"):
    done = f"pulse:{phase}"
    box = w.VBox()
    box.add_class(f"kit-room-pulse-{phase}")

    def answered(*_):
        old, box.children = (
            box.children,
            (
                say(PULSE_QUESTION[phase], size=20, bold=True),
                say(
                    "Thank you: your answer is in. It is anonymous: it is stored without your name, and neither "
                    "the wall nor any report shows who gave which answer.",
                    cls="kit-room-done",
                ),
            ),
        )
        close_widgets(*old)

    if page.room.has_answered(page.eng, page.token, done):
        answered()
        return [box]
    # once per link: two tabs, a reload, a restarted room or a second room on the store answer once
    form = page.own_form(
        pulse_form,
        phase=phase,
        write=lambda add: page.room.answer_once(page.eng, page.token, done, add),
        after=answered,
    )
    box.children = (
        say(PULSE_QUESTION[phase], size=20, bold=True),
        guide("1 is resentment, 5 is full collaboration. Anonymous: your answer is stored without your name."),
        form.widget,
    )
    return [box]


def _phone(page, state):
    return pulse_page(page, state, "opening")


# what a participant's phone shows
PHONE = {"pulse": _phone}
