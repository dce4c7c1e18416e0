"""The role play in the room: the rubric with its behaviour anchors on every phone (self, peers and manager
score), the wall's count of who has scored and the team's figures, the script."""

import html

import ipywidgets as w

from ... import _format as fmt
from ..._capture import Message
from ..._live import button, ol, say, waiting
from ...errors import KitError

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


def _counts(wall, ws, state):
    s = ws.session
    people = len(s.members)
    rp = state["roleplay"]
    if not rp:
        return ["No role play is open: choose the seller and the rubric, then open it"]
    r = wall.eng.roleplay(session_id=wall.room.session_id)
    r = r[(r["scenario"] == rp["scenario"]) & (r["seller_id"] == rp["seller_id"])]
    raters = set(r.loc[r["rater_role"] != "self", "rater_id"])
    team = raters & set(s.members["member_id"])  # an outside expert is not one of the team
    seller = s.name(rp["seller_id"])
    scored = f"Scoring {seller}'s call ({rp['scenario']}): {len(team)} of {people - 1} have scored"
    if len(raters) > len(team):
        scored += f", and {fmt.plural(len(raters) - len(team), 'outside expert')}"
    return [scored, f"{seller} has {'' if (r['rater_role'] == 'self').any() else 'not yet '}scored the call"]


# what the wall counts as answers arrive (counts only, never who answered what)
COUNTS = {"roleplay": _counts}


def phone(page, state):
    rp = state["roleplay"]
    if not rp:
        return [waiting("No role play is open yet: the facilitator opens one for the room to score.")]
    sid, seller = page.room.session_id, rp["seller_id"]
    rubric = page.eng.rubrics().get(rp["rubric_id"])
    if rubric is None:
        return [waiting("The rubric of this role play is not in the store.")]
    names = dict(zip(*page.eng.members(team_id=page.room.team_id)[["member_id", "name"]].T.values))
    self_rating = seller == page.member_id
    role = "self" if self_rating else ("manager" if page.role == "manager" else "peer")
    who = "yourself" if self_rating else names.get(seller, "the seller")
    lo, hi = int(rubric["scale"]["min"]), int(rubric["scale"]["max"])
    had = page.eng.table("roleplay", session_id=sid)
    had = had[(had["scenario"] == rp["scenario"]) & (had["seller_id"] == seller) & (had["rater_id"] == page.member_id)]
    before = dict(zip(had["criterion_id"], had["score"]))
    levels, parts = {}, []
    for c in rubric["criteria"]:
        b = w.ToggleButtons(options=[str(x) for x in range(lo, hi + 1)], value=None)
        if c["id"] in before and not fmt.blank(before[c["id"]]):
            b.value = str(int(before[c["id"]]))
        b.add_class("kit-room-score")
        b.add_class(f"kit-room-score-{c['id']}")
        anchors = "".join(f"<div><b>{k}</b>: {html.escape(str(t))}</div>" for k, t in sorted(c["anchors"].items()))
        levels[c["id"]] = b
        parts.append(
            w.VBox(
                [
                    w.HTML(f"<div class='kit-room-criterion'>{html.escape(c['name'])}</div>"),
                    w.HTML(f"<div class='kit-room-anchors'>{anchors}</div>"),
                    b,
                ]
            )
        )
    comment = w.Textarea(placeholder="One thing that worked, one to try next time (optional)", rows=3)
    comment.add_class("kit-room-rp-comment")
    if len(had) and not fmt.blank(had["comment"].iloc[0]):
        comment.value = str(had["comment"].iloc[0])
    save = button("Save my scores", "kit-room-rp-save")
    msg = Message()

    def submit(_):
        missing = [c["name"] for c in rubric["criteria"] if levels[c["id"]].value is None]
        if missing:
            msg.note("Choose a level for: " + ", ".join(missing) + ".")
            return
        rows = [
            dict(
                session_id=sid,
                scenario=rp["scenario"],
                rubric_id=rp["rubric_id"],
                seller_id=seller,
                rater_id=page.member_id,
                rater_role=role,
                criterion_id=c["id"],
                score=int(levels[c["id"]].value),
                comment=comment.value.strip() or None,
            )
            for c in rubric["criteria"]
        ]
        try:
            page.eng.put("roleplay", rows)
        except KitError as e:
            msg.error(e)
            return
        msg.ok("Saved. You can change your scores until the facilitator closes the role play.")

    page.on_click(save, submit)
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
    return [head] + parts + [comment, save, msg]


# what a participant's phone shows
PHONE = {"roleplay": phone}
