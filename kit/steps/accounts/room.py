"""Target accounts in the room: each seller names their focus accounts on their phone (private unless they share
them), the wall counts who has named theirs and shows the accounts two sellers chase; the script."""

from ... import _format as fmt
from ..._live import guide, ol, waiting
from .capture import account_form

__all__ = ["SCRIPT", "WALL", "COUNTS", "PHONE"]

# the facilitator's script (the presenter panel, never the wall)
SCRIPT = {
    "accounts": ol(
        '<i>"Your commitment is won in a few accounts. Which three to five prospects and customers will you '
        'focus on this year, and why those?"</i>',
        "Each seller types their accounts on their phone. Each account is private until its seller shares it: "
        "say that a name kept private never reaches the wall, and that sharing is what lets the team help.",
        "Press <b>Show results</b>: the wall lists the accounts two sellers named. Agree now who leads each, so "
        "that no customer hears from two of us; the other seller helps.",
        "At a review, each seller marks how far each account has come (meeting held, opportunity open, won, "
        "dropped) and what was won from it.",
    ),
}

# the wall's results: views of the Workshop, already cut to the wall
WALL = {
    "accounts": lambda ws, state: [ws.account_overlaps(), ws.accounts_progress(), ws.accounts_list()],
}


def _counts(tally, ws, state):
    s = ws.session
    sellers = set(s.sellers["member_id"])
    today, shown = s.own["accounts"], s.rows["accounts"]
    done = len(set(today["member_id"]) & sellers)
    if len(shown) > len(today):  # accounts named at earlier sessions stand: a seller marks where each is now
        return [
            f"{done} of {len(sellers)} sellers have marked where their accounts stand or named new ones",
            f"{fmt.plural(len(shown), 'account')} in view, {len(today)} of them named or marked today",
        ]
    return [
        f"{done} of {len(sellers)} sellers have named their accounts",
        f"{fmt.plural(len(today), 'account')} so far",
    ]


# what the wall counts as answers arrive (counts only, never who named which account)
COUNTS = {"accounts": _counts}


def phone(page, state):
    if page.role != "seller":
        return [
            waiting(
                "The sellers are naming the accounts they will focus on. The wall shows how many have named theirs; "
                "accounts they keep private stay private, from you too."
            )
        ]
    form = page.own_form(account_form)
    intro = guide(
        "Name the three to five accounts you will focus on this year, and why. Each one is private (only you see it) "
        "unless you choose to share it with your manager or the team."
    )
    return [intro, form.widget]


# what a participant's phone shows
PHONE = {"accounts": phone}
