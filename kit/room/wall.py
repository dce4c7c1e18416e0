"""The facilitator's wall (projected) and presenter panel (the facilitator's own screen): the step the room is on,
the controls to move it on, live counts as answers arrive, and each step's results as the notebooks show them.

The wall is built from the session cut to the ``wall`` audience (:class:`kit.Workshop`), with the SWOT hidden until
the room's reveal: no private goal, no author, no voter and no individual score reaches it. Its counts say how
many have answered, never who answered what, and they are live. The results are not: they show when the
facilitator presses *Show results*, as they stand at that moment, and stay as they are until pressed again. A
chart that moved with every answer would tell the room what the person who just pressed Send answered (one more
score in a mean of three is that score). The presenter panel adds the facilitator's script for the step.
"""

import html

import ipywidgets as w

from .. import _format as fmt
from .._capture import Message
from .._schema import DEFAULT_DOT_BUDGET, SESSION_KIND_WORDS
from .._workshop import Workshop
from ..errors import KitError
from ..steps import room_parts
from ._pages import pages, room_for
from ._room import STEP_WORDS, STEPS
from .timer import MINUTES, Countdown, left, set_timer

__all__ = ["WallPage"]


# The wall's results and live counts, and the facilitator's script, for each room step (kit/steps/<step>/room.py).
_VIEWS = room_parts("WALL")
_COUNTS = room_parts("COUNTS")
SCRIPT = room_parts("SCRIPT")


class Tally:
    """What a step's live counts (``COUNTS`` in ``kit/steps/<step>/room.py``) may know beyond the session cut to the
    wall: numbers only, never who. The counts move with every answer, before the results may show them (a role play's
    raters, the dots cast), so they are counted here, from the store, and nothing else of those rows leaves."""

    def __init__(self, room, eng, budget):
        self.room, self.eng, self.budget = room, eng, budget

    def answered(self, what):
        """How many links gave their once-only answer ``what`` here (the pulse)."""
        return self.room.answered(self.eng, what)

    def dots(self, table):
        """(dots cast, people who voted) in this session's ``table`` (swot_votes, kpi_votes)."""
        v = self.eng.table(table, session_id=self.room.session_id)
        return int(v["dots"].sum()), int(v["voter_id"].nunique())

    def raters(self, call, members):
        """(how many of ``members`` scored the call, how many others did, whether its seller scored themself)."""
        r = self.eng.roleplay(session_id=self.room.session_id)
        r = r[(r["scenario"] == call["scenario"]) & (r["seller_id"] == call["seller_id"])]
        raters = set(r.loc[r["rater_role"] != "self", "rater_id"])
        team = raters & set(members)
        return len(team), len(raters - team), bool((r["rater_role"] == "self").any())


class WallPage:
    """The wall (``presenter=False``) or the presenter panel. ``context`` is the browser session's."""

    follows = "all"  # re-drawn on every write: the counts and results are the room's

    def __init__(self, room, *, presenter=False, context=None):
        self.room, self.presenter, self.context = room, presenter, context
        self.eng = room.open()
        self.team = self.eng.teams(team_id=room.team_id).iloc[0].to_dict()
        self.budget = int(self.eng.settings.get("dot_budget") or DEFAULT_DOT_BUDGET)
        self.header = w.HTML()
        self.counts = w.HTML()
        self.counts.add_class("kit-wall-counts")
        self.results = w.HTML()
        self.results.add_class("kit-wall-results")
        self.script = w.HTML()
        self.script.add_class("kit-wall-script")
        self.message = Message()
        self.timer = Countdown("kit-wall-timer")  # the step's countdown
        self._shown = None  # (step, press) whose results are drawn
        self._step = room.state["step"]  # the step this screen shows (its controls act from it)
        self._noted = None  # the step a note that another screen moved the room was about
        self._controls()
        parts = [self.header, self.bar, self.step_controls, self.message, self.counts]
        parts += [self.script] if presenter else []
        parts += [self.results, self.pager, self.timer]
        self.widget = w.VBox(parts)
        self.widget.add_class("kit-room")
        self.widget.add_class("kit-room-presenter" if presenter else "kit-room-wall")
        self.redraw()

    # ------------------------------------------------------------ controls
    def _controls(self):
        self.back = w.Button(description="◀ Back", layout=w.Layout(width="auto"))
        self.next = w.Button(description="Next step ▶", button_style="primary", layout=w.Layout(width="auto"))
        self.jump = w.Dropdown(
            options=[(f"{i + 1}. {STEP_WORDS[s]}", s) for i, s in enumerate(STEPS)],
            description="Go to step",  # its name for a screen reader, and on the facilitator's screen
            style={"description_width": "initial"},
        )
        for b, cls in ((self.back, "kit-wall-back"), (self.next, "kit-wall-next"), (self.jump, "kit-wall-jump")):
            b.add_class(cls)
        self.back.on_click(lambda _: self._go(-1))
        self.next.on_click(lambda _: self._go(+1))
        self.jump.observe(
            lambda ch: self._set(step=ch["new"], results=None) if ch["new"] != self._step else None,
            names="value",
        )
        self.show = w.Button(description="Show results", icon="bar-chart", layout=w.Layout(width="auto"))
        self.show.add_class("kit-wall-show")
        self.show.on_click(lambda _: self._show())
        self.hide = w.Button(description="Hide results", layout=w.Layout(width="auto"))
        self.hide.add_class("kit-wall-hide")
        self.hide.on_click(lambda _: self._set(results=None))
        # the results' pages (kit.room._pages): each fits the projected screen; the room turns them together
        self.page_back = w.Button(
            description="◀ Page", tooltip="The results' previous page", layout=w.Layout(width="auto")
        )
        self.page_next = w.Button(description="Page ▶", tooltip="The results' next page", layout=w.Layout(width="auto"))
        self.page_at = w.HTML()
        self.page_at.add_class("kit-wall-page-at")
        for b, cls, by in ((self.page_back, "kit-wall-page-back", -1), (self.page_next, "kit-wall-page-next", +1)):
            b.add_class(cls)
            b.on_click(lambda _, by=by: self._turn_page(by))
        self._pages = [""]
        self.pager = w.HBox([self.page_back, self.page_at, self.page_next])
        self.pager.add_class("kit-wall-pager")
        self.pager.layout.display = "none"
        self.bar = w.HBox([self.back, self.jump, self.next, self.show, self.hide])
        self.bar.add_class("kit-wall-bar")
        # the SWOT reveal
        # (a button that says what it does next: a toggle's pressed state is not announced to a screen reader)
        self.reveal = w.Button(description="Reveal all items", icon="eye", layout=w.Layout(width="auto"))
        self.reveal.add_class("kit-wall-reveal")
        self.reveal.on_click(lambda _: self._reveal(not self._revealed))
        # the role play: whose call the room scores, on which rubric
        m = self.eng.members(team_id=self.room.team_id)
        sellers = m[m["role"] == "seller"].sort_values("name")
        style = {"description_width": "100px"}
        self.rp_seller = w.Dropdown(
            options=list(zip(sellers["name"], sellers["member_id"])), description="Seller", style=style
        )
        rubrics = self.eng.rubrics()
        self.rp_rubric = w.Dropdown(
            options=[(r["name"], k) for k, r in rubrics.items()], description="Rubric", style=style
        )
        self.rp_scenario = w.Text(
            value="Discovery call", description="Scenario", style=style, layout=w.Layout(width="640px")
        )
        self.rp_open = w.Button(
            description="Open this role play for scoring", button_style="primary", layout=w.Layout(width="auto")
        )
        self.rp_close = w.Button(description="Close the role play", layout=w.Layout(width="auto"))
        for b, cls in (
            (self.rp_seller, "kit-wall-rp-seller"),
            (self.rp_rubric, "kit-wall-rp-rubric"),
            (self.rp_scenario, "kit-wall-rp-scenario"),
            (self.rp_open, "kit-wall-rp-open"),
            (self.rp_close, "kit-wall-rp-close"),
        ):
            b.add_class(cls)
        self.rp_open.on_click(lambda _: self._open_roleplay())
        self.rp_close.on_click(lambda _: self._set(roleplay=None))
        self.rp_box = w.VBox(
            [w.HBox([self.rp_seller, self.rp_rubric]), self.rp_scenario, w.HBox([self.rp_open, self.rp_close])]
        )
        # the step's timer: set here (or on the presenter panel), shown on the wall and every phone
        self.minutes = w.Dropdown(
            options=[(f"{m} minute{'s' if m > 1 else ''}", m) for m in MINUTES],
            value=5,
            description="Timer",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.timer_start = w.Button(description="Start the timer", icon="clock-o", layout=w.Layout(width="auto"))
        self.timer_stop = w.Button(description="Stop the timer", layout=w.Layout(width="auto"))
        for b, cls in ((self.minutes, "kit-wall-minutes"), (self.timer_start, "kit-wall-timer-start")):
            b.add_class(cls)
        self.timer_stop.add_class("kit-wall-timer-stop")
        self.timer_start.on_click(lambda _: self._timed(self.minutes.value))
        self.timer_stop.on_click(lambda _: self._timed(None))
        self.timer_set = w.HBox([self.minutes, self.timer_start, self.timer_stop])
        self.timer_set.add_class("kit-wall-timer-set")
        self.step_controls = w.VBox()

    def _leader(self):
        """The leader form of the actions step (made once): who leads the next meeting, and when it is."""
        if getattr(self, "_leader_form", None) is None:
            from ..steps.actions.capture import leader_form

            self._leader_form = leader_form(self.eng, session_id=self.room.session_id, audience="wall")
        return self._leader_form

    def _merge(self):
        """The SWOT's merge form (made once); a merge shows the results again, as they stand after it."""
        if getattr(self, "_merge_form", None) is None:
            from ..steps.swot.capture import merge_form

            def after():
                if (self.room.now(self.eng)["results"] or {}).get("step") == self._step:
                    self._show()

            def merged(keep, duplicate):  # the merged item is the room's: no phone lists it as its own any more
                for item in (keep, duplicate):
                    self.room.forget_everywhere(f"swot:{item}")

            self._merge_form = merge_form(
                self.eng,
                session_id=self.room.session_id,
                audience="wall",
                on_change=after,
                reveal=lambda: self.room.state["revealed"],  # never the words of items hidden again
                on_merge=merged,
            )
        return self._merge_form

    def _clear_note(self):
        if self._noted is not None:
            self.message.value = ""
            self._noted = None

    def _go(self, by):
        i = STEPS.index(self._step) + by
        if 0 <= i < len(STEPS):
            self._set(step=STEPS[i], results=None)

    def _show(self):
        """Show the step's results as they stand now (again: as they stand now)."""
        self._set(results=self._press())

    def _press(self):
        """The results shown by a new press: the step's, as they stand now (the press counted, so they are drawn
        again)."""
        state = self.room.now(self.eng)
        shown = state["results"] or {}
        n = shown.get("n", 0) + 1 if shown.get("step") == state["step"] else 1
        return {"step": state["step"], "n": n}

    def _timed(self, minutes):
        """Start the step's timer for ``minutes`` (None: stop it)."""
        try:
            if not set_timer(self.room, self.eng, self._step, minutes, from_step=self._step):
                self.message.note("Another screen had already moved the room on: no timer was set.")
        except KitError as e:
            self.message.error(e)

    def _turn_page(self, by):
        """Show the results' next (or previous) page, on the wall and the presenter panel alike."""
        shown = self.room.now(self.eng)["results"] or {}
        if shown.get("step") != self._step:
            return
        page = min(max(int(shown.get("page", 0)) + by, 0), len(self._pages) - 1)
        # only while the results are still those of this press (the other screen may have pressed Update results)
        self.room.set(self.eng, from_step=self._step, results_were=shown, results={**shown, "page": page})

    def _reveal(self, revealed):
        """Reveal the SWOT items and show them at once (hide them again: the results go too)."""
        if not revealed:
            return self._set(revealed=False, results=None)
        self._set(revealed=True, results=self._press())

    def _set(self, **changes):
        """Change the room's state, only while it is on the step this screen shows: a press on a screen a moment
        behind (the wall and the presenter's panel both pressing Next) changes nothing, and says so."""
        try:
            if self.room.set(self.eng, from_step=self._step, **changes):
                # this screen acts from what it just wrote (a second press comes before the watcher's re-draw)
                self._step = changes.get("step", self._step)
                self._revealed = changes.get("revealed", self._revealed)
                self._clear_note()
            else:
                now = self.room.now(self.eng)["step"]
                self._noted = now
                self.message.note(
                    f"Another screen had already moved the room to step {STEPS.index(now) + 1} "
                    f"({STEP_WORDS[now]}): nothing was changed. This screen follows it now."
                )
        except KitError as e:
            self.message.error(e)

    def _open_roleplay(self):
        scenario = self.rp_scenario.value.strip()
        if not scenario:
            self.message.note("Name the scenario first (e.g. Discovery call with a CFO).")
            return
        self._set(roleplay={"seller_id": self.rp_seller.value, "rubric_id": self.rp_rubric.value, "scenario": scenario})

    # ------------------------------------------------------------ drawing
    def redraw(self):
        state = self.room.state
        step = state["step"]
        if step != self._noted:
            self._clear_note()  # the room has moved on from the step the note was about
        self._step = step
        n = STEPS.index(step) + 1
        s = self.room.session
        kind = SESSION_KIND_WORDS[s["kind"]]
        self.header.value = (
            "<div class='kit-wall-head'>"
            f"<div class='kit-wall-step'>Step {n} of {len(STEPS)}: {html.escape(STEP_WORDS[step])}</div>"
            f"<div class='kit-wall-team'>{html.escape(str(self.team['name']))} · {kind}, "
            f"{html.escape(fmt.date(s['date']))}</div></div>"
        )
        if self.jump.value != step:
            self.jump.value = step
        self.back.disabled, self.next.disabled = n == 1, n == len(STEPS)
        self._revealed = state["revealed"]
        self.reveal.description = "Hide the items again" if state["revealed"] else "Reveal all items"
        self.reveal.icon = "eye-slash" if state["revealed"] else "eye"
        self.timer.follow(state)
        self.timer_stop.disabled = left(state) is None
        controls = [self.timer_set]
        bar = [self.back, self.jump, self.next, self.show, self.hide]
        if step in ("swot", "swot_vote"):
            bar.append(self.reveal)
        if list(self.bar.children) != bar:
            self.bar.children = bar
        if step in ("swot", "swot_vote") and state["revealed"]:  # two items that say the same thing, made one
            controls += [self._merge()]
            self._merge().form.refresh()
        elif step == "actions":  # the next meeting and its leader, proposed and confirmed with the room
            controls += [self._leader()]
        elif step == "roleplay":
            controls += [self.rp_box]
            rp = state["roleplay"]
            if rp:  # the controls show the role play that is open (it may have been opened elsewhere)
                for widget, key in ((self.rp_seller, "seller_id"), (self.rp_rubric, "rubric_id")):
                    if rp.get(key) in [o[1] for o in widget.options] and widget.value != rp[key]:
                        widget.value = rp[key]
                if self.rp_scenario.value != rp.get("scenario"):
                    self.rp_scenario.value = rp.get("scenario") or ""
        self.step_controls.children = controls
        ws = Workshop(self.eng, self.room.team_id, self.room.session_id, audience="wall", reveal=state["revealed"])
        self.counts.value = self._counts(ws, step, state)
        shown = state["results"] or {}
        key = (step, shown.get("n")) if shown.get("step") == step else None
        self.show.description = "Update results" if key else "Show results"
        self.hide.disabled = key is None
        # the projected results take the screen: the step's own controls wait until they are hidden (the presenter
        # panel keeps them)
        self.step_controls.layout.display = "none" if key and not self.presenter else None
        if key is None:
            self.results.value = (
                "<p class='kit-wall-waiting'>The results show here when you press <b>Show results</b>, as they "
                "stand at that moment: they do not move with each answer, so nobody's answer can be read off "
                "the change.</p>"
            )
        elif key != self._shown:  # drawn once per press: later answers wait for the next press
            self._pages = self._paged(_VIEWS[step](ws, state), self._said)
        self._shown = key
        self._draw_page(shown.get("page", 0) if key else 0)
        if self.presenter:
            self.script.value = (
                "<div class='kit-wall-script-box'><div class='kit-wall-script-title'>Your script for this step "
                "(this panel is for your screen, not the projector)</div>" + SCRIPT[step] + "</div>"
            )

    @staticmethod
    def _paged(views, counts):
        try:
            return pages(views, height=room_for(counts))
        except Exception as e:  # one failing view must not blank the wall
            return [f"<p class='kit-room-muted'>Could not draw this: {html.escape(str(e))}</p>"]

    def _draw_page(self, at):
        """The results' page ``at`` (of the pages drawn at the last press), and the page controls when there are
        several."""
        n = 1 if self._shown is None else len(self._pages)
        at = min(max(int(at or 0), 0), n - 1)
        # the page controls first, the page last: a browser that shows the page has its controls already
        if n > 1:  # the buttons before the words: a browser that reads "Page 2 of 2" has its last page's buttons
            self.page_back.disabled, self.page_next.disabled = at == 0, at == n - 1
            self.page_at.value = f"<span>Page {at + 1} of {n}</span>"
        self.pager.layout.display = "flex" if n > 1 else "none"
        if self._shown is not None:
            self.results.value = self._pages[at]

    def failed(self, err):
        self.message.error(KitError(f"the wall could not re-draw: {err}"))

    def close(self):
        """Release the page: the room stops re-drawing it, and its store connection is closed (twice is harmless)."""
        self.room.unregister(self)
        self.eng.close()

    # ------------------------------------------------------------ the live counts
    def _counts(self, ws, step, state):
        """How many have answered: counts only, never who answered what."""
        lines = _COUNTS[step](Tally(self.room, self.eng, self.budget), ws, state)
        self._said = " · ".join(lines)  # the page's room for results depends on the lines it takes
        return "<div class='kit-wall-count'>" + " · ".join(html.escape(x) for x in lines) + "</div>"
