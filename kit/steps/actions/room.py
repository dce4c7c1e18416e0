"""Actions and the closing pulse in the room: each person's own actions on their phone (earlier open ones to mark
done or dropped), the closing pulse under them, the wall's counts and results, the script."""

from ... import _format as fmt
from ..._live import guide, ol
from ..pulse.room import answered, pulse_page
from .capture import action_form

__all__ = ["SCRIPT", "WALL", "COUNTS", "PHONE"]

# the facilitator's script (the presenter panel, never the wall)
SCRIPT = {
    "actions": ol(
        '<i>"What will you do before we meet again, and by when?"</i> Each person types their own actions '
        "on their phone; the manager's commitments to the team count as actions too.",
        "At a review, everyone first marks their earlier actions done or dropped: praise what was done, and "
        "agree when to talk about what slipped.",
        "Name the next meeting's leader (05 notebook). Close with the closing pulse on the phones and compare "
        "it with the opening one on the wall.",
    ),
}

# the wall's results: views of the Workshop, already cut to the wall
WALL = {
    "actions": lambda ws, state: [ws.action_summary(), ws.actions_by_owner(), ws.pulse_compare()],
}


def _counts(tally, ws, state):
    s = ws.session
    people = len(s.members)
    a = s.own["actions"]
    here = tally.answered("pulse:closing")
    return [
        f"{fmt.plural(len(a), 'action')} from {a['owner_id'].nunique()} of {people} people",
        answered(len(s.pulse("closing")), people, "the closing pulse", here=here),
    ]


# what the wall counts as answers arrive (counts only, never who answered what)
COUNTS = {"actions": _counts}


def phone(page, state):
    form = page.held(
        action_form(page.eng, session_id=page.room.session_id, audience=page.policy, member_id=page.member_id)
    )
    intro = guide(
        "What will you do before the next session, and by when? Your earlier open actions are listed under "
        "the form: mark them done or dropped."
    )
    return [intro, form.widget] + pulse_page(page, state, phase="closing")


# what a participant's phone shows
PHONE = {"actions": phone}
