"""DotVote: dot voting, the same widgets on a participant's phone and in a notebook.

One row per choice: its words, then − (take one dot back), the voter's dots, + (place one); above them, how many
dots the voter has left. On a phone the voter is the page's person; in a notebook the facilitator chooses whose
vote they are entering (a paper vote, a phone that would not connect), and the list under the rows shows the tally
cut to the notebook's audience (voters never named on the wall).
"""

import html

import ipywidgets as w

from .._schema import DEFAULT_DOT_BUDGET
from ..audience import cut_table
from ..audience import policy as as_policy
from ..errors import KitError
from ._parts import Held, Message, changed, close_widgets, html_table, register


def _button(text, cls, style=""):
    b = w.Button(description=text, button_style=style, layout=w.Layout(width="auto"))
    b.add_class(cls)
    b.add_class("kit-room-button")
    return b


class DotVote(Held):
    """Dot voting on ``choices`` in ``table`` (swot_votes or kpi_votes) for one session.

    Parameters
    ----------
    choices : list of (label, value), or function() -> that list (re-read at every refresh)
    what : str
        What the dots go on, in words ("the SWOT items"), for the line of dots left.
    voter : str, optional
        The person voting (a participant's page). Without it the form offers ``voters`` to choose from.
    voters : list of (label, member_id), optional
        Whose vote a notebook enters.
    tally : callable, optional
        function(votes cut to the audience) -> DataFrame shown under the rows (a notebook's list).
    hidden : callable, optional
        function() -> why the choices may not be shown yet (the SWOT reveal), or None.
    empty : str
        What the form says when there is nothing to vote on.
    guard : callable, optional
        function() -> why nothing may be written now (a room's page that has moved on), or None.
    """

    def __init__(
        self,
        eng,
        table,
        *,
        session_id,
        choices,
        what,
        name,
        voter=None,
        voters=None,
        tally=None,
        hidden=None,
        empty="Nothing to vote on yet.",
        audience="wall",
        on_change=None,
        guard=None,
    ):
        self.eng, self.table, self.session_id, self.what, self.name = eng, table, session_id, what, name
        self.audience, self.on_change, self.tally = as_policy(audience), on_change, tally
        self._choices, self._hidden, self.guard, self.empty = choices, hidden, guard, empty
        self.budget = int(eng.settings.get("dot_budget") or DEFAULT_DOT_BUDGET)
        self.col = "item_id" if table == "swot_votes" else "kpi_id"
        self._voter = voter
        self.voter = None
        head = []
        if voter is None:
            self.voter = w.Dropdown(
                options=voters or [], description="Whose dots", style={"description_width": "initial"}
            )
            self.voter.add_class(f"kit-{name}-voter")
            self.voter.observe(lambda _: self.refresh(), names="value")
            head.append(self.voter)
        self.left = w.HTML()
        self.left.add_class(f"kit-{name}-left")
        self.message = Message()
        self.rows_box = w.VBox()
        self.rows_box.add_class(f"kit-{name}-choices")
        self.list = w.HTML()
        self.list.add_class(f"kit-{name}-list")
        self.rows = {}  # value -> (minus, dots, plus, row): made once per list of choices
        self._shown = None
        self.widget = w.VBox(head + [self.left, self.rows_box, self.message] + ([self.list] if tally else []))
        self.widget.add_class(f"kit-vote-{table}")
        self.widget.add_class(f"kit-{name}-vote")
        self.refresh()
        register(self)

    # ---------------------------------------------------------------- reading
    @property
    def who(self):
        return self._voter if self._voter is not None else (self.voter.value if self.voter is not None else None)

    def votes(self):
        return self.eng.table(self.table, session_id=self.session_id)

    def mine(self):
        """{choice: dots} of the voter."""
        v = self.votes()
        v = v[v["voter_id"] == self.who]
        return dict(zip(v[self.col], v["dots"].astype(int)))

    def choices(self):
        why = self._hidden() if self._hidden else None
        if why:
            return []
        return self._choices() if callable(self._choices) else list(self._choices)

    # ---------------------------------------------------------------- writing
    def add(self, value, n=1):
        """Place ``n`` of the voter's dots on ``value``; True when placed (the store refuses more than the budget,
        read and written in one transaction, so no device's dots are lost)."""
        return self._change(value, n)

    def take(self, value, n=1):
        """Take ``n`` of the voter's dots back from ``value``."""
        return self._change(value, -n)

    def _change(self, value, by):
        with self.turn():
            if self._refused():
                return False
            key = {"session_id": self.session_id, self.col: value, "voter_id": self.who}
            try:
                if self.who in (None, ""):
                    raise KitError("choose whose dots these are first")
                if value not in [v for _, v in self.choices()]:
                    why = self._hidden() if self._hidden else None
                    self.refresh()  # the choices as they stand now (two items merged, one removed)
                    raise KitError(
                        why or "That choice is no longer in this vote (merged or removed): see the list now."
                    )
                if by > 0:
                    self.eng.add_dots(self.table, key, by)
                else:
                    now = self.mine().get(value, 0)
                    if now > -by:
                        self.eng.update(self.table, key, dots=now + by)
                    elif now:
                        self.eng.delete(self.table, key)
            except KitError as e:
                self.message.error(e)
                return False
            self.message.value = ""
            self.refresh()
            changed(self)
            return True

    # ---------------------------------------------------------------- drawing
    def _make_rows(self, choices):
        old = [r[3] for r in self.rows.values()]
        self.rows = {}
        for label, value in choices:
            minus = _button("−", f"kit-{self.name}-minus-{value}")
            plus = _button("+", f"kit-{self.name}-plus-{value}", style="primary")
            minus.tooltip, plus.tooltip = f"Take a dot back from {label}", f"Place a dot on {label}"
            minus.on_click(lambda _, v=value: self.take(v))
            plus.on_click(lambda _, v=value: self.add(v))
            dots = w.HTML()
            dots.add_class(f"kit-{self.name}-dots")
            words = w.HTML(f"<div class='kit-room-item'>{html.escape(label)}</div>")
            words.layout.flex = "1 1 auto"
            row = w.HBox([words, minus, dots, plus], layout=w.Layout(align_items="center", max_width="820px"))
            row.add_class("kit-room-choice")
            row.add_class(f"kit-{self.name}-choice-{value}")
            self.rows[value] = (minus, dots, plus, row)
        self.rows_box.children = [r[3] for r in self.rows.values()]
        close_widgets(*old)

    def refresh(self):
        """Re-read the store: the choices (made again only when they changed), the voter's dots, what is left, and
        the tally under them (cut to the audience)."""
        why = self._hidden() if self._hidden else None
        choices = self.choices()
        if choices != self._shown:
            self._shown = choices
            self._make_rows(choices)
        if why or not choices:
            self.message.note(why or self.empty)
        elif self.message.value and "kit-note" in self.message.value:
            self.message.value = ""
        have = self.mine() if self.who not in (None, "") else {}
        left = self.budget - sum(have.values())
        whose = "You have" if self._voter is not None else f"{html.escape(str(self.voter.label or 'Nobody'))} has"
        self.left.value = (
            f"<div class='kit-room-left'>{whose} <b>{left}</b> of {self.budget} dots left to place on "
            f"{html.escape(self.what)}.</div>"
        )
        for value, (minus, dots, plus, _) in self.rows.items():
            n = have.get(value, 0)
            minus.disabled, plus.disabled = n == 0, left <= 0 or self.who in (None, "")
            # the number, big enough to read at arm's length, and the dots under it
            pips = f"<span class='kit-room-pips'>{'●' * n}</span>" if n else ""
            zero = " class='kit-room-zero'" if not n else ""
            dots.value = f"<div class='kit-room-dots' aria-label='{n} dots'><b{zero}>{n}</b>{pips}</div>"
        if self.tally is not None:
            self.list.value = html_table(self.tally(cut_table(self.table, self.votes(), self.audience)))

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
