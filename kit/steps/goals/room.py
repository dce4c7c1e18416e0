"""Personal goals and the commitment in the room: each seller's own forms on their phone, the wall's counts and
results, the script."""

from ... import _format as fmt
from ..._live import guide, ol, waiting
from .capture import commitment_form, goal_form

__all__ = ["SCRIPT", "WALL", "COUNTS", "PHONE"]

# the facilitator's script (the presenter panel, never the wall)
SCRIPT = {
    "goals": ol(
        '<i>"Start with what you want for yourself this year: the house, the promotion, the course, the '
        'time with family. Then the annual commitment that pays for it."</i>',
        "Each seller types on their own phone and chooses who may see each goal. Say clearly: a private goal "
        "stays on their phone; the wall shows only that one exists.",
        "Then the commitment: the phone shows at once the deals, opportunities and first meetings a week it "
        "takes. Ask two or three volunteers to say whether that weekly number is realistic.",
        "Look at the wall's commitments against the target: is the gap closed? If not, who can stretch, and "
        "what support would they need?",
    ),
}

# the wall's results: views of the Workshop, already cut to the wall
WALL = {
    "goals": lambda ws, state: [ws.goals_list(), ws.commitments_vs_target(), ws.funnel()],
}


def _counts(tally, ws, state):
    s = ws.session
    sellers = set(s.sellers["member_id"])
    g, c = s.own["goals"], s.own["commitments"]
    lines = []
    if s.carried.get("goals"):
        lines.append(f"the goals agreed on {fmt.date(s.carried['goals']['date'])} stand until someone adds one")
    lines.append(f"{len(set(g['member_id']) & sellers)} of {len(sellers)} sellers have entered goals")
    lines.append(f"{len(set(c['member_id']) & sellers)} of {len(sellers)} have entered their commitment")
    return lines


# what the wall counts as answers arrive (counts only, never who answered what)
COUNTS = {"goals": _counts}


def phone(page, state):
    if page.role != "seller":
        return [
            waiting(
                "The sellers are writing their personal goals and the commitment that funds them. The wall "
                "shows how many have entered theirs; goals they keep private stay private, from you too."
            )
        ]
    # each form on a store handle of its own: neither shows the other's rows, so a save re-draws its own form
    # alone (kit._capture.changed re-draws the forms sharing the saver's handle)
    goals = page.own_form(goal_form)
    commit = page.own_form(commitment_form)
    intro = guide(
        "Write what you want for yourself this year, and who may see each goal: the team, your manager only, "
        "or only you. Nobody else reads a private goal, not on the wall, not in a report: the wall shows only that "
        "you have one."
    )
    return [intro, goals.widget, commit.widget]


# what a participant's phone shows
PHONE = {"goals": phone}
