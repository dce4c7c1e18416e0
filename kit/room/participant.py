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

import ipywidgets as w

from .._capture import close_widgets
from .._live import say
from .._schema import DEFAULT_DOT_BUDGET
from ..audience import member
from ..errors import KitError
from ..steps import room_parts
from ._room import STEP_WORDS, STEPS
from .timer import Countdown

__all__ = ["ParticipantPage"]


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


class ParticipantPage:
    """One person's page. ``context`` is their browser session's (Solara's virtual kernel), set by the app.

    A step's phone page (``PHONE`` in ``kit/steps/<step>/room.py``) is a function ``(page, state)`` returning its
    widgets. It reads and writes through ``page.eng`` (or a form's own ``page.handle()``), for ``page.member_id``
    (``page.policy`` cuts what it reads), wires its buttons with ``page.on_click`` and its forms with
    ``page.held`` or ``page.own_form`` (both write only while the room is where the step was drawn), and may set
    ``page.follow`` to change its words in place when the room's state changes within the step."""

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
        self.timer = Countdown("kit-room-timer")  # the step's countdown, when the facilitator set one
        self.notice = w.HTML()  # what was not saved because the room had moved on
        self.notice.add_class("kit-room-notice")
        self.body = w.VBox()
        self.body.add_class("kit-room-body")
        self.widget = w.VBox([self.header, self.timer, self.notice, self.body])
        self.widget.add_class("kit-room")
        self.widget.add_class("kit-room-participant")
        self._key = None
        self._drawn = 0  # how many times the page drew a step: the widgets of an earlier drawing write nothing
        self._guard = None  # the guard of the step drawn now (see _guarding)
        self._forms = []  # the forms drawn for it: closed when the page moves on
        self.follow = None  # function(state): what the step drawn changes in place when the room's state does
        self.redraw()

    # ------------------------------------------------------------ the page follows the room
    def redraw(self, state=None):
        """Draw the step the room is on (``state``: as just read from the store; default the watcher's last look).
        The widgets of the step drawn before are closed: a message to one of them does nothing."""
        state = state or self.room.state
        self.timer.follow(state)
        key = _stage(state)
        if key == self._key:  # the same step: what the person is typing stays; its words follow the room
            if self.follow is not None:
                self.follow(state)
            return
        self._key, self._drawn, self.follow = key, self._drawn + 1, None
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

    def on_click(self, button, handler):
        """Run ``handler`` on a click of ``button`` only while the room is where this step was drawn for."""
        guard = self._guard

        def click(b):
            with self.room.turn():
                if guard() is None:
                    handler(b)

        button.on_click(click)

    def handle(self):
        """Another handle on the room's store for one form of this page (see :meth:`Engagement.handle`)."""
        return self.eng.handle()

    def own_form(self, factory, **kw):
        """A form of this step for this person alone (``factory``: a capture form taking ``member_id``, and ``kw``),
        on a store handle of its own (a save re-draws that form alone), held to the room's step."""
        sid, pol = self.room.session_id, self.policy
        return self.held(factory(self.handle(), session_id=sid, audience=pol, member_id=self.member_id, **kw))

    def held(self, form):
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
            say("This page could not be updated just now: reload it, or tell the facilitator.", colour="#b23c00"),
        )

    def close(self):
        """Release the page: the room stops re-drawing it, and its store connection is closed (twice is harmless)."""
        self.room.unregister(self)
        self.eng.close()


# What a participant's page shows at each room step (each step's room module: kit/steps/<step>/room.py).
_PAGES = room_parts("PHONE")
