"""A participant's own page in the room: the step the facilitator has the room on, for that person alone.

Everything a page shows is read for its person (:func:`kit.audience.member`) before a widget is made from it: their
own goals (private ones included), their own SWOT items, their own dots, ratings and actions. Nobody else's
private goal, item text before the reveal, score or comment is ever read into a page, so none can reach the
browser, its widget state or the websocket. Anonymous entries (the pulse, an unsigned SWOT item) are stored
without a name; while the room runs, it remembers in memory only which ones a link wrote (:meth:`Room.remember`),
so the writer's page finds its own again.

The server enforces the steps: every handler asks the store for the room's state (the step, the reveal, the role
play open) before it writes, and writes nothing once the room has moved on (the page says so); a step's widgets are
closed when the page draws another, so a browser's message to one of them does nothing.
"""

import html
import secrets

import ipywidgets as w

from .. import _format as fmt
from .._schema import CONTROL_WORDS, DEFAULT_DOT_BUDGET, PULSE_LEVELS, PULSE_QUESTION
from ..audience import cut_table, member
from ..errors import KitError
from ..forms._form import Message, close_widgets
from ..forms.accountability import action_form
from ..forms.goals import commitment_form, goal_form
from ..steps import require
from ..swot import QUADRANTS
from ._room import STEP_WORDS, STEPS

__all__ = ["ParticipantPage"]


def _html(text, cls="", size=17, colour="#1f2a37", bold=False):
    weight = "font-weight:600;" if bold else ""
    return w.HTML(f"<div class='{cls}' style='font-size:{size}px;color:{colour};{weight}'>{html.escape(text)}</div>")


def _stage(state):
    """What a page drawn for the room's ``state`` writes to: the step; at the SWOT vote, with the items revealed (the
    dots go on revealed items); at the role play, the one open. Adding SWOT items stays open after the reveal."""
    step = state["step"]
    if step == "swot_vote":
        return (step, state["revealed"])
    if step == "roleplay":
        return (step, tuple(sorted((state["roleplay"] or {}).items())))
    return (step,)


def _moved(drawn, now):
    """Why what a page drew for the room's state ``drawn`` is not written now that the room is at ``now``."""
    step = now["step"]
    if step == drawn["step"] == "roleplay":
        return "Another role play is open now" if now["roleplay"] else "The role play was closed"
    if step == drawn["step"] == "swot_vote" and not now["revealed"]:
        return "The SWOT items were hidden again"
    if step == drawn["step"]:
        return "The room has moved on since this was shown"
    n = STEPS.index(step) + 1
    went = "moved on" if n > STEPS.index(drawn["step"]) + 1 else "gone back"
    return f"The room has {went} to step {n} of {len(STEPS)} ({STEP_WORDS[step]})"


def _button(text, cls, style="primary"):
    b = w.Button(description=text, button_style=style, layout=w.Layout(width="auto"))
    b.add_class(cls)
    b.add_class("kit-room-button")
    return b


class ParticipantPage:
    """One person's page. ``context`` is their browser session's (Solara's virtual kernel), set by the app."""

    follows = "state"  # re-drawn when the room moves on, not when someone else writes

    def __init__(self, room, *, member_id, token, context=None):
        self.room, self.member_id, self.token, self.context = room, member_id, token, context
        self.eng = room.open()
        m = self.eng.members(team_id=room.team_id)
        me = m[m["member_id"] == member_id]
        if me.empty:
            raise KitError(f"{member_id!r} is not a member of team {room.team_id!r}")
        self.name, self.role = str(me.iloc[0]["name"]), str(me.iloc[0]["role"])
        self.policy = member(member_id)
        self.budget = int(self.eng.settings.get("dot_budget") or DEFAULT_DOT_BUDGET)
        self.header = w.HTML()
        self.notice = w.HTML()  # what was not saved because the room had moved on
        self.notice.add_class("kit-room-notice")
        self.body = w.VBox()
        self.body.add_class("kit-room-body")
        self.widget = w.VBox([self.header, self.notice, self.body])
        self.widget.add_class("kit-room")
        self.widget.add_class("kit-room-participant")
        self._key = None
        self._drawn = 0  # how many times the page drew a step: the widgets of an earlier drawing write nothing
        self._guard = None  # the guard of the step drawn now (see _guarding)
        self._forms = []  # the forms drawn for it: closed when the page moves on
        self._follow = None  # function(state): what the step drawn changes in place when the room's state does
        self.redraw()

    # ------------------------------------------------------------ the page follows the room
    def redraw(self, state=None):
        """Draw the step the room is on (``state``: as just read from the store; default the watcher's last look).
        The widgets of the step drawn before are closed: a message to one of them does nothing."""
        state = state or self.room.state
        key = _stage(state)
        if key == self._key:  # the same step: what the person is typing stays; its words follow the room
            if self._follow is not None:
                self._follow(state)
            return
        self._key, self._drawn, self._follow = key, self._drawn + 1, None
        self.notice.value = ""
        for form in self._forms:
            form.close()
        close_widgets(*self.body.children)
        self._forms, self._guard = [], self._guarding(state)
        step = state["step"]
        n = STEPS.index(step) + 1
        self.header.value = (
            "<div class='kit-room-head'>"
            f"<div class='kit-room-who'>{html.escape(self.name)}</div>"
            f"<div class='kit-room-step'>Step {n} of {len(STEPS)} · {html.escape(STEP_WORDS[step])}</div></div>"
        )
        self.body.children = tuple(_PAGES[step](self, state))

    # ------------------------------------------------------------ nothing is written once the room has moved on
    def _guarding(self, drawn):
        """The guard of the widgets drawn for the room's state ``drawn``: function() -> None while the room, read
        from the store this instant, is still there and the page has not drawn another step since; otherwise why
        not, with the page showing the step the room is on and saying that nothing was saved."""
        drawing = self._drawn

        def why():
            now = self.room.now(self.eng)
            if drawing == self._drawn and _stage(now) == _stage(drawn):
                return None
            reason = _moved(drawn, now)
            self.redraw(now)
            self.notice.value = (
                "<div class='kit-room-refused' style='font-size:16px;color:#b23c00;font-weight:600'>"
                f"{html.escape(reason)}: this was not saved.</div>"
            )
            return reason

        return why

    def _on_click(self, button, handler):
        """Run ``handler`` on a click of ``button`` only while the room is where this step was drawn for."""
        guard = self._guard

        def click(b):
            with self.room.turn():
                if guard() is None:
                    handler(b)

        button.on_click(click)

    def _handle(self):
        """Another handle on the room's store for one form of this page (see :meth:`Engagement.handle`)."""
        return self.eng.handle()

    def _held(self, form):
        """A form of this step: it writes only while the room is on the step, and is closed when the page moves on."""
        form.guard, form.turn = self._guard, self.room.turn
        self._forms.append(form)
        return form

    def failed(self, err):
        """A re-draw failed: the phone gets plain words; the detail (which may name the store's file) goes to the
        server's console."""
        import logging

        logging.getLogger("kit.room").error("%s's page could not be re-drawn: %s", self.member_id, err, exc_info=err)
        self.body.children = (
            _html("This page could not be updated just now: reload it, or tell the facilitator.", colour="#b23c00"),
        )

    def close(self):
        """Release the page: the room stops re-drawing it, and its store connection is closed (twice is harmless)."""
        self.room.unregister(self)
        self.eng.close()

    # ------------------------------------------------------------ 1 the pulse (and 7's closing pulse)
    def _pulse(self, state, phase="opening"):
        sid = self.room.session_id
        done = f"pulse:{phase}"
        box = w.VBox()
        box.add_class(f"kit-room-pulse-{phase}")

        def answered():
            old, box.children = (
                box.children,
                (
                    _html(PULSE_QUESTION[phase], size=20, bold=True),
                    _html(
                        "Thank you: your answer is in. It is anonymous: it is stored without your name, and neither "
                        "the wall nor any report shows who gave which answer.",
                        cls="kit-room-done",
                    ),
                ),
            )
            close_widgets(*old)

        if self.room.has_answered(self.eng, self.token, done):
            answered()
            return [box]
        levels = w.ToggleButtons(options=[(f"{k} · {v}", k) for k, v in PULSE_LEVELS.items()], value=None)
        levels.add_class("kit-room-levels")
        levels.add_class("kit-room-pulse-level")
        send = _button("Send my answer", "kit-room-pulse-send")
        msg = Message()

        def submit(_):
            if levels.value is None:
                msg.note("Choose a level first.")
                return
            send.disabled = True
            row = dict(session_id=sid, respondent_id=None, score=int(levels.value), phase=phase)
            try:  # once per link: two tabs, a reload, a restarted room or a second room on the store answer once
                self.room.answer_once(self.eng, self.token, done, lambda: self.eng.add("pulse", row))
            except KitError as e:
                send.disabled = False
                msg.error(e)
                return
            answered()

        self._on_click(send, submit)
        box.children = (
            _html(PULSE_QUESTION[phase], size=20, bold=True),
            _html(
                "1 is resentment, 5 is full collaboration. Anonymous: your answer is stored without your name.",
                colour="#5b6675",
                size=15,
            ),
            levels,
            send,
            msg,
        )
        return [box]

    # ------------------------------------------------------------ 2 goals and the commitment
    def _goals(self, state):
        if self.role != "seller":
            return [
                _html(
                    "The sellers are writing their personal goals and the commitment that funds them. The wall "
                    "shows how many have entered theirs; goals they keep private stay private, from you too.",
                    cls="kit-room-wait",
                )
            ]
        sid = self.room.session_id
        # each form on a store handle of its own: neither shows the other's rows, so a save re-draws its own form
        # alone (kit.forms._form.changed re-draws the forms sharing the saver's handle)
        goals = self._held(goal_form(self._handle(), session_id=sid, audience=self.policy, member_id=self.member_id))
        commit = self._held(
            commitment_form(self._handle(), session_id=sid, audience=self.policy, member_id=self.member_id)
        )
        intro = _html(
            "Write what you want for yourself this year, and who may see each goal: the team, your manager only, "
            "or only you. A private goal stays on this page: nobody else sees it, not on the wall, not in a report.",
            size=15,
            colour="#5b6675",
        )
        return [intro, goals.widget, commit.widget]

    # ------------------------------------------------------------ 3 SWOT items
    def _mine(self, items):
        """Of this session's SWOT items, the ones this person wrote (signed, or remembered by the room)."""
        return items[
            [
                (a == self.member_id) or self.room.remembers(self.token, f"swot:{i}")
                for a, i in zip(items["author_id"], items["item_id"])
            ]
        ].reset_index(drop=True)

    def _swot(self, state):
        sid = self.room.session_id
        quadrant = w.ToggleButtons(options=[(v, k) for k, v in QUADRANTS.items()], value=None)
        quadrant.add_class("kit-room-quadrant")
        quadrant.add_class("kit-room-levels")
        text = w.Textarea(placeholder="One strength, weakness, opportunity or threat of our selling", rows=3)
        text.add_class("kit-room-swot-text")
        control = w.Dropdown(
            options=[(v, k) for k, v in CONTROL_WORDS.items()], value="team", description="In whose control"
        )
        control.add_class("kit-room-swot-control")
        signed = w.Checkbox(value=False, description="Put my name on it (otherwise it is anonymous)", indent=False)
        signed.add_class("kit-room-swot-signed")
        add = _button("Add this item", "kit-room-swot-add")
        msg = Message()
        mine = w.VBox()
        mine.add_class("kit-room-swot-mine")

        def show_mine():
            items = self._mine(self.eng.swot(session_id=sid))
            rows = []
            for r in items.itertuples():
                remove = _button("Remove", f"kit-room-swot-remove-{r.item_id}", style="warning")
                self._on_click(remove, lambda _, i=r.item_id: take_back(i))
                who = "signed with your name" if r.author_id == self.member_id else "anonymous"
                rows.append(
                    w.HBox(
                        [
                            w.HTML(
                                f"<div class='kit-room-item'><b>{QUADRANTS[r.quadrant]}</b>: {html.escape(r.text)}"
                                f" <span class='kit-room-muted'>({who})</span></div>"
                            ),
                            remove,
                        ]
                    )
                )
            old, mine.children = mine.children, [_html(f"Your items ({len(rows)})", bold=True)] + rows
            close_widgets(*old)

        def submit(_):
            if quadrant.value is None:
                msg.note("Choose Strength, Weakness, Opportunity or Threat first.")
                return
            item_id = f"r{secrets.token_hex(4)}"  # random: an item's id says nothing of who wrote it
            try:
                self.eng.add(
                    "swot",
                    dict(
                        session_id=sid,
                        item_id=item_id,
                        quadrant=quadrant.value,
                        text=text.value.strip(),
                        author_id=self.member_id if signed.value else None,
                        control=control.value,
                    ),
                )
                self.room.remember(self.token, f"swot:{item_id}")
            except KitError as e:
                msg.error(e)
                return
            text.value, quadrant.value = "", None
            if self.room.state["revealed"]:
                msg.ok("Added. It joins the revealed items on the wall when the results are updated.")
            else:
                msg.ok("Added. Everyone's items stay hidden until the facilitator reveals them.")
            show_mine()

        def take_back(item_id):
            try:
                self.eng.delete("swot", {"session_id": sid, "item_id": item_id})
                self.room.forget(self.token, f"swot:{item_id}")
            except KitError as e:
                msg.error(e)
                return
            msg.ok("Removed.")
            show_mine()

        self._on_click(add, submit)
        show_mine()
        intro = w.HTML()

        def follow(now):  # the reveal changes these words, never what the person is typing
            words = "Name what helps or hinders our selling. Your items are anonymous unless you sign them."
            if now["revealed"]:
                words += (
                    " The items are revealed now: what you add joins them on the wall when the results are updated."
                )
            intro.value = f"<div style='font-size:15px;color:#5b6675'>{html.escape(words)}</div>"

        follow(state)
        self._follow = follow
        return [intro, quadrant, text, control, signed, add, msg, mine]

    # ------------------------------------------------------------ 4 and 5: dot voting
    def _votes(self, table, choices, *, what):
        """Dot voting on ``choices`` ([(label, value)]): + and − per choice, this person's own dots only."""
        sid = self.room.session_id
        col = "item_id" if table == "swot_votes" else "kpi_id"
        box = w.VBox()
        box.add_class(f"kit-room-vote-{table}")
        msg = Message()

        def mine():
            v = self.eng.table(table, session_id=sid)
            v = v[v["voter_id"] == self.member_id]
            return dict(zip(v[col], v["dots"].astype(int)))

        def change(value, by):
            key = {"session_id": sid, col: value, "voter_id": self.member_id}
            try:
                if by > 0:
                    self.eng.add_dots(table, key, 1)
                else:
                    now = mine().get(value, 0)
                    if now > 1:
                        self.eng.update(table, key, dots=now - 1)
                    elif now == 1:
                        self.eng.delete(table, key)
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
            minus = _button("−", f"kit-room-minus-{value}", style="")
            plus = _button("+", f"kit-room-plus-{value}")
            self._on_click(minus, lambda _, v=value: change(v, -1))
            self._on_click(plus, lambda _, v=value: change(v, +1))
            dots = w.HTML()
            row = w.VBox(
                [w.HTML(f"<div class='kit-room-item'>{html.escape(label)}</div>"), w.HBox([minus, dots, plus])]
            )
            row.add_class("kit-room-choice")
            row.add_class(f"kit-room-choice-{value}")
            rows[value] = (minus, dots, plus, row)
        box.children = [left_text] + [r[3] for r in rows.values()] + [msg]

        def draw():
            have = mine()
            left = self.budget - sum(have.values())
            left_text.value = (
                f"<div class='kit-room-left'>You have <b>{left}</b> of {self.budget} dots left to place on "
                f"{html.escape(what)}.</div>"
            )
            for value, (minus, dots, plus, _) in rows.items():
                n = have.get(value, 0)
                minus.disabled, plus.disabled = n == 0, left <= 0
                dots.value = f"<div class='kit-room-dots'>{'●' * n or '·'}</div>"

        draw()
        return box

    def _swot_vote(self, state):
        sid = self.room.session_id
        if not state["revealed"]:
            return [
                _html(
                    "Waiting for the facilitator to reveal the items: then you place your dots here.",
                    cls="kit-room-wait",
                )
            ]
        items = cut_table("swot", self.eng.swot(session_id=sid), self.policy.revealed(True))
        if items.empty:
            return [
                _html(
                    "No new SWOT items this session, so nothing to vote on here: the priorities agreed earlier stand "
                    "(the wall shows them).",
                    cls="kit-room-wait",
                )
            ]
        order = {q: i for i, q in enumerate(QUADRANTS)}
        items = items.assign(_o=items["quadrant"].map(order)).sort_values(["_o", "item_id"])
        choices = [(f"{QUADRANTS[r.quadrant]}: {r.text}", r.item_id) for r in items.itertuples()]
        intro = _html(
            "Place your dots on the items the team should act on first. Only you see where your dots are.",
            size=15,
            colour="#5b6675",
        )
        return [intro, self._votes("swot_votes", choices, what="the SWOT items")]

    def _kpis(self, state):
        cat = self.eng.kpi_catalog()
        choices = [(f"{spec['name']}: {spec.get('definition', '')}".rstrip(": "), k) for k, spec in cat.items()]
        intro = _html(
            "Which figures should the team watch each week? Place your dots on the KPIs you would choose.",
            size=15,
            colour="#5b6675",
        )
        return [intro, self._votes("kpi_votes", choices, what="the KPIs")]

    # ------------------------------------------------------------ 6 the role play
    def _roleplay(self, state):
        rp = state["roleplay"]
        if not rp:
            return [
                _html("No role play is open yet: the facilitator opens one for the room to score.", cls="kit-room-wait")
            ]
        sid, seller = self.room.session_id, rp["seller_id"]
        rubric = self.eng.rubrics().get(rp["rubric_id"])
        if rubric is None:
            return [_html("The rubric of this role play is not in the store.", cls="kit-room-wait")]
        names = dict(zip(*self.eng.members(team_id=self.room.team_id)[["member_id", "name"]].T.values))
        self_rating = seller == self.member_id
        role = "self" if self_rating else ("manager" if self.role == "manager" else "peer")
        who = "yourself" if self_rating else names.get(seller, "the seller")
        lo, hi = int(rubric["scale"]["min"]), int(rubric["scale"]["max"])
        had = self.eng.table("roleplay", session_id=sid)
        had = had[
            (had["scenario"] == rp["scenario"]) & (had["seller_id"] == seller) & (had["rater_id"] == self.member_id)
        ]
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
        save = _button("Save my scores", "kit-room-rp-save")
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
                    rater_id=self.member_id,
                    rater_role=role,
                    criterion_id=c["id"],
                    score=int(levels[c["id"]].value),
                    comment=comment.value.strip() or None,
                )
                for c in rubric["criteria"]
            ]
            try:
                self.eng.put("roleplay", rows)
            except KitError as e:
                msg.error(e)
                return
            msg.ok("Saved. You can change your scores until the facilitator closes the role play.")

        self._on_click(save, submit)
        head = _html(
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

    # ------------------------------------------------------------ 7 actions and the closing pulse
    def _actions(self, state):
        form = self._held(
            action_form(self.eng, session_id=self.room.session_id, audience=self.policy, member_id=self.member_id)
        )
        intro = _html(
            "What will you do before the next session, and by when? Your earlier open actions are listed under "
            "the form: mark them done or dropped.",
            size=15,
            colour="#5b6675",
        )
        return [intro, form.widget] + self._pulse(state, phase="closing")


# What a participant's page shows at each room step.
_PAGES = require(
    "a participant's page",
    {
        "pulse": ParticipantPage._pulse,
        "goals": ParticipantPage._goals,
        "swot": ParticipantPage._swot,
        "swot_vote": ParticipantPage._swot_vote,
        "kpis": ParticipantPage._kpis,
        "roleplay": ParticipantPage._roleplay,
        "actions": ParticipantPage._actions,
    },
)
