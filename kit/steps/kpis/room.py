"""Choosing the KPIs in the room: dots on the catalogue from each phone, the wall's tally, the script."""

from ..._live import guide, ol
from .capture import vote_form

__all__ = ["SCRIPT", "WALL", "COUNTS", "PHONE"]

# the facilitator's script (the presenter panel, never the wall)
SCRIPT = {
    "kpis": ol(
        '<i>"Which few figures would tell us each week whether we are on the way?"</i> Everyone places dots '
        "on the KPIs they would choose; aim for 3 to 5 in the end, leading ones (activity) beside lagging "
        "ones (results).",
        "Read the tally, then agree the targets and periods in the 03 notebook (KPI selection): the team "
        "chooses them, the kit records them.",
    ),
}

# the wall's results: views of the Workshop, already cut to the wall
WALL = {
    "kpis": lambda ws, state: [ws.kpi_tally(), ws.kpi_votes_chart()],
}


def _counts(tally, ws, state):
    people = len(ws.session.members)
    dots, voters = tally.dots("kpi_votes")
    return [f"{dots} of {people * tally.budget} dots cast", f"{voters} of {people} have voted"]


# what the wall counts as answers arrive (counts only, never who answered what)
COUNTS = {"kpis": _counts}


def phone(page, state):
    intro = guide("Which figures should the team watch each week? Place your dots on the KPIs you would choose.")
    return [intro, page.own_form(vote_form, name="room").widget]


# what a participant's phone shows
PHONE = {"kpis": phone}
