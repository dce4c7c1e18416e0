"""The role play in the room: the rubric with its behaviour anchors on every phone (self, peers and manager
score), the wall's count of who has scored and the team's figures, the script."""

from ... import _format as fmt
from ..._live import ol, say, waiting
from .capture import scorer

__all__ = ["SCRIPT", "WALL", "COUNTS", "PHONE"]

# the facilitator's script (the presenter panel, never the wall)
SCRIPT = {
    "roleplay": ol(
        "Choose the seller and the rubric, name the scenario and press <b>Open this role play for scoring</b>: "
        "every phone shows the rubric with its behaviour anchors.",
        "Run the call (8 to 10 minutes). Everyone else scores it on their phone; the seller scores themself.",
        "Watch the count, close the role play, then <b>Show results</b>. The wall shows the team's figures only "
        "(for a rubric at least three sellers have played): individual scores "
        "go to the seller and the manager. Debrief with the anchors: what would level 5 have sounded like?",
    ),
}

# the wall's results: views of the Workshop, already cut to the wall
WALL = {
    "roleplay": lambda ws, state: [ws.roleplay_scores(), ws.criteria_chart()],
}


def _counts(tally, ws, state):
    s = ws.session
    people = len(s.members)
    rp = state["roleplay"]
    if not rp:
        return ["No role play is open: choose the seller and the rubric, then open it"]
    team, outsiders, itself = tally.raters(rp, s.members["member_id"])  # an outside expert is not one of the team
    seller = s.name(rp["seller_id"])
    scored = f"Scoring {seller}'s call ({rp['scenario']}): {team} of {people - 1} have scored"
    if outsiders:
        scored += f", and {fmt.plural(outsiders, 'outside expert')}"
    return [scored, f"{seller} has {'' if itself else 'not yet '}scored the call"]


# what the wall counts as answers arrive (counts only, never who answered what)
COUNTS = {"roleplay": _counts}


def phone(page, state):
    rp = state["roleplay"]
    if not rp:
        return [waiting("No role play is open yet: the facilitator opens one for the room to score.")]
    seller = rp["seller_id"]
    rubric = page.eng.rubrics().get(rp["rubric_id"])
    if rubric is None:
        return [waiting("The rubric of this role play is not in the store.")]
    self_rating = seller == page.member_id
    role = "self" if self_rating else ("manager" if page.role == "manager" else "peer")
    m = page.eng.members(team_id=page.room.team_id)
    who = "yourself" if self_rating else dict(zip(m["member_id"], m["name"])).get(seller, "the seller")
    head = say(
        f"{rubric['name']}{'' if rp['scenario'] == rubric['name'] else ' · ' + rp['scenario']}: "
        f"score {who} on each criterion. "
        + (
            "Your own view of the call, beside the others'."
            if self_rating
            else "Only the seller and the manager see your scores and comment; the room sees the team's figures."
        ),
        size=16,
    )
    form = page.own_form(scorer, call=rp, role=role, name="room-rp")
    return [head, form.widget]


# what a participant's phone shows
PHONE = {"roleplay": phone}
