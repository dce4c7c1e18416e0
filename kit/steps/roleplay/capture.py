"""Step 4, role plays: score a practice call on the rubric, one rating per rater, with each level's
behaviour anchor in view."""

import html

import ipywidgets as w
import pandas as pd

from ... import _format as fmt
from ..._capture import (
    Held,
    Message,
    _names,
    changed,
    choices,
    close_widgets,
    html_table,
    member_options,
    register,
    session_info,
)
from ..._schema import RATER_ROLE_WORDS, RATER_ROLES
from ...audience import cut_table
from ...audience import policy as as_policy
from ...errors import KitError
from .model import comments, rating_scores, seller_scores, team_mean

__all__ = ["scorer"]


class Scorer(Held):
    """One rating: a level per criterion of the rubric, each with its behaviour anchors in view, and a comment.

    In a notebook the facilitator chooses the call (scenario, rubric, seller), the rater and their role, and the list
    under it shows what the audience may see; ``call`` (scenario, rubric_id, seller_id) and ``member_id`` fix them
    instead (a participant's own phone: ``role`` is theirs): the form starts at their earlier scores, every
    criterion needs a level, and a save keeps them in view to change until the role play closes."""

    def __init__(
        self,
        eng,
        *,
        session_id,
        rubric_id="discovery_call",
        audience="wall",
        on_change=None,
        call=None,
        member_id=None,
        role=None,
        name="rp",
    ):
        self.eng, self.session_id, self.name = eng, session_id, name
        self.audience, self.on_change = as_policy(audience), on_change
        self.own = call is not None and member_id is not None
        s = session_info(eng, session_id)
        self.team_id = s["team_id"]
        self.rubrics = eng.rubrics()
        style = {"description_width": "140px"}
        call = call or {}
        rubric_id = call.get("rubric_id", rubric_id)
        self.scenario = w.Text(
            value=call.get("scenario", "Discovery call"),
            description="Scenario",
            style=style,
            layout=w.Layout(width="70%"),
        )
        self.rubric = w.Dropdown(
            options=[(r["name"], k) for k, r in self.rubrics.items()],
            value=rubric_id if rubric_id in self.rubrics else next(iter(self.rubrics)),
            description="Rubric",
            style=style,
        )
        # a phone's call and rater are the room's: nobody is offered (nor read from the store) there
        sellers = [] if self.own else member_options(eng, s["team_id"], roles=("seller",))
        self.seller = w.Dropdown(options=sellers, description="Seller", style=style)
        self.rater = w.Dropdown(
            options=[] if self.own else member_options(eng, s["team_id"]) + [("an outside expert", "expert")],
            description="Rater",
            style=style,
        )
        self.role = w.Dropdown(
            options=[(RATER_ROLE_WORDS[r], r) for r in RATER_ROLES],
            value="peer",
            description="Rater's role",
            style=style,
        )
        # a participant's phone: the call, the rater and their role are the server's, never offered (what the
        # browser could send to a control of them would be ignored: they are closed below and never read)
        self._fixed = (
            dict(scenario=call["scenario"], rubric_id=rubric_id, seller_id=call["seller_id"], rater_id=member_id)
            | dict(rater_role=role)
            if self.own
            else None
        )
        for part, widget in (
            ("scenario", self.scenario),
            ("rubric", self.rubric),
            ("seller", self.seller),
            ("rater", self.rater),
            ("role", self.role),
        ):
            widget.add_class(f"kit-{name}-{part}")
        self.comment = w.Textarea(
            placeholder="One thing that worked, one to try next time (optional)",
            rows=3,
            layout=w.Layout(width="100%" if self.own else "90%"),
        )
        self.comment.add_class(f"kit-{name}-comment")
        self.criteria = w.VBox()
        self.message = Message()
        self.button = w.Button(
            description="Save my scores" if self.own else "Save rating",
            button_style="primary",
            icon="check",
            layout=w.Layout(width="auto"),
        )
        self.button.add_class(f"kit-{name}-submit")
        self.button.add_class("kit-room-button")
        self.button.on_click(lambda _: self._in_turn(self.submit))
        self.remove = w.Button(
            description="Remove this rater's rating of this call",
            icon="trash",
            button_style="warning",
            layout=w.Layout(width="auto"),
        )
        self.remove.add_class(f"kit-{name}-remove")
        self.remove.on_click(lambda _: self._in_turn(self.remove_rating))
        self.list = w.HTML()
        self.list.add_class(f"kit-{name}-list")
        self.rubric.observe(lambda _: self.build(), names="value")
        if self.own:
            close_widgets(self.scenario, self.rubric, self.seller, self.rater, self.role, self.remove, self.list)
            self.widget = w.VBox([self.criteria, self.comment, self.button, self.message])
        else:
            self.widget = w.VBox(
                [
                    self.scenario,
                    self.rubric,
                    self.seller,
                    self.rater,
                    self.role,
                    self.criteria,
                    self.comment,
                    w.HBox([self.button, self.remove]),
                    self.message,
                    self.list,
                ]
            )
        self.build()
        if self.own:
            self._load_own()
        self.refresh()
        register(self)

    def call(self):
        """The rating being entered: scenario, rubric_id, seller_id, rater_id and rater_role (a phone's: fixed)."""
        if self._fixed is not None:
            return dict(self._fixed)
        return dict(
            scenario=self.scenario.value,
            rubric_id=self.rubric.value,
            seller_id=self.seller.value,
            rater_id=self.rater.value,
            rater_role=self.role.value,
        )

    def _had(self):
        """The rater's earlier scores of the call chosen (rows of the store)."""
        c = self.call()
        rp = self.eng.table("roleplay", session_id=self.session_id)
        return rp[
            (rp["scenario"] == c["scenario"]) & (rp["seller_id"] == c["seller_id"]) & (rp["rater_id"] == c["rater_id"])
        ]

    def _load_own(self):
        had = self._had()
        for cid, score in zip(had["criterion_id"], had["score"]):
            if cid in self.levels and not fmt.blank(score):
                self.levels[cid].value = str(int(score))
        if len(had) and not fmt.blank(had["comment"].iloc[0]):
            self.comment.value = str(had["comment"].iloc[0])

    def build(self):
        spec = self.rubrics[self.call()["rubric_id"]]
        lo, hi = spec["scale"]["min"], spec["scale"]["max"]
        self.levels = {}
        rows = []
        for c in spec["criteria"]:
            buttons = choices([str(x) for x in range(int(lo), int(hi) + 1)], row=True)
            buttons.add_class(f"kit-{self.name}-score")
            buttons.add_class(f"kit-{self.name}-score-{c['id']}")
            anchor = w.HTML(self._anchors(c, None))
            buttons.observe(
                lambda ch, c=c, anchor=anchor: setattr(anchor, "value", self._anchors(c, ch["new"])), names="value"
            )
            self.levels[c["id"]] = buttons
            rows.append(
                w.VBox(
                    [
                        w.HTML(
                            f"<b style='font-size:16px'>{html.escape(c['name'])}</b>"
                            f" <span style='color:#5b6675'>(weight {c.get('weight', 1)})</span>"
                        ),
                        buttons,
                        anchor,
                    ]
                )
            )
        self.criteria.children = rows

    @staticmethod
    def _anchors(criterion, chosen):
        """Each level's behaviour anchor; the chosen level in bold (a level without its own anchor is placed
        between the anchors either side of it)."""
        anchors = dict(sorted(criterion["anchors"].items()))
        chosen = None if chosen is None else int(chosen)
        if chosen is not None and chosen not in anchors:
            below = max((k for k in anchors if k < chosen), default=None)
            above = min((k for k in anchors if k > chosen), default=None)
            anchors[chosen] = "between " + " and ".join(f"level {k}" for k in (below, above) if k is not None)
            anchors = dict(sorted(anchors.items()))
        parts = []
        for level, text in anchors.items():
            mark = "font-weight:bold;color:#0173b2" if chosen == level else "color:#5b6675"
            parts.append(f"<div style='{mark}'>{level}: {html.escape(str(text))}</div>")
        return "<div style='font-size:14px;margin-bottom:6px'>" + "".join(parts) + "</div>"

    def rows(self):
        c = self.call()
        return [
            dict(
                session_id=self.session_id,
                **c,
                criterion_id=cid,
                score=b.value,
                comment=self.comment.value or None,
            )
            for cid, b in self.levels.items()
            if b.value is not None
        ]

    def submit(self):
        if self._refused():
            return False
        rows = self.rows()
        spec = self.rubrics[self.call()["rubric_id"]]
        missing = [c["name"] for c in spec["criteria"] if self.levels[c["id"]].value is None]
        if self.own and missing:  # one's own scores: every criterion
            self.message.note("Choose a level for: " + ", ".join(missing) + ".")
            return False
        try:
            if not rows:
                raise KitError("choose a level for at least one criterion")
            self.eng.put("roleplay", rows)  # scoring the same call again replaces that rater's scores
        except KitError as e:
            self.message.error(e)
            return False
        if self.own:
            self.message.ok("Saved. You can change your scores until the facilitator closes the role play.")
        else:  # the next rater's scoresheet starts blank
            self.message.ok(f"Rating saved: {len(rows)} criteria.")
            for b in self.levels.values():
                b.value = None
            self.comment.value = ""
        self.refresh()
        changed(self)
        return True

    def remove_rating(self):
        """Delete the rating chosen above (scenario, seller and rater): every criterion of it."""
        if self._refused():
            return
        c = self.call()
        mine = self._had()
        try:
            if mine.empty:
                raise KitError("there is no rating of this seller by this rater in this scenario to remove")
            for cid in mine["criterion_id"]:
                self.eng.delete(
                    "roleplay",
                    dict(
                        session_id=self.session_id,
                        scenario=c["scenario"],
                        seller_id=c["seller_id"],
                        rater_id=c["rater_id"],
                        criterion_id=cid,
                    ),
                )
        except KitError as e:
            self.message.error(e)
            return
        self.message.ok(f"Rating removed ({len(mine)} criteria).")
        self.refresh()
        changed(self)

    def refresh(self):
        """The list under the scorer. On the wall: how many ratings each seller has received so far and the team
        figures, no individual score or comment. For an audience that sees people (the manager): each seller's
        score, self score and gap, and each rating's comment once. A participant's own form has no list."""
        if self.own:
            return
        rp = self.eng.roleplay(session_id=self.session_id)
        if rp.empty:
            self.list.value = html_table(rp, empty="No ratings yet.")
            return
        names = _names(self.eng, self.team_id)
        cut = cut_table("roleplay", rp, self.audience)
        mean = team_mean(cut, rubrics=self.rubrics)
        ratings = rating_scores(cut, rubrics=self.rubrics)
        others = ratings[ratings["rater_role"] != "self"]
        team = (
            f"<p style='font-size:16px'>The team so far: <b>{len(others)}</b> rating"
            f"{'s' * (len(others) != 1)} from others, mean score <b>{html.escape(fmt.num(mean, 2))}</b>.</p>"
        )
        if not self.audience.reads_each_person:
            # counts only: which ratings exist (seller, rater, scenario), never a score
            got = rp[rp["rater_role"] != "self"].drop_duplicates(["scenario", "seller_id", "rater_id"])
            counts = got["seller_id"].value_counts()
            sellers = self.seller.options
            table = pd.DataFrame(
                {
                    "Seller": [label for label, _ in sellers],
                    "Ratings received so far": [int(counts.get(m, 0)) for _, m in sellers],
                }
            )
            self.list.value = team + html_table(table)
            return
        sc = seller_scores(cut, rubrics=self.rubrics)
        table = pd.DataFrame(
            {
                "Seller": sc["seller_id"].map(lambda m: names.get(m, "a colleague")),
                "Score": [fmt.num(x, 2) for x in sc["score"]],
                "Self score": [fmt.num(x, 2) for x in sc["self_score"]],
                "Self gap": [fmt.signed(x) for x in sc["self_gap"]],
                "Ratings from others": sc["ratings"],
            }
        )
        said = comments(cut, rubrics=self.rubrics)
        notes = pd.DataFrame(
            {
                "Seller": said["seller_id"].map(lambda m: names.get(m, "a colleague")),
                "Scenario": said["scenario"],
                "Rater": [
                    names.get(r, "an outside expert" if r == "expert" else "a colleague") for r in said["rater_id"]
                ],
                "On": said["on"],
                "Comment": said["comment"],
            }
        )
        self.list.value = (
            team
            + html_table(table)
            + "<h4 style='margin:6px 0'>Comments</h4>"
            + html_table(notes, empty="No comments yet.")
        )

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def scorer(eng, *, session_id, rubric_id="discovery_call", audience="wall", on_change=None, **own):
    """The role-play scorer for this session (its list shows what ``audience`` may see); ``own``: ``call``,
    ``member_id``, ``role`` and ``name`` for one person's own scores (see :class:`Scorer`)."""
    return Scorer(eng, session_id=session_id, rubric_id=rubric_id, audience=audience, on_change=on_change, **own)
