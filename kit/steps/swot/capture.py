"""Step 2, the sales SWOT: items per quadrant (anonymous if wished, hidden until revealed) and dot voting."""

import html

import ipywidgets as w
import pandas as pd

from ..._capture import (
    ANONYMOUS,
    Message,
    RowForm,
    _names,
    changed,
    html_table,
    member_options,
    next_id,
    register,
    session_info,
)
from ..._schema import CONTROL_WORDS, DEFAULT_DOT_BUDGET
from ...audience import cut_table
from ...audience import policy as as_policy
from ...errors import KitError
from .model import QUADRANTS, priorities

__all__ = ["item_form", "vote_form"]


_CONTROL = [(v, k) for k, v in CONTROL_WORDS.items()]


def item_form(eng, *, session_id, audience="wall", on_change=None):
    """SWOT items: quadrant, text, who named it (or anonymous) and whose control it is in. Until 'reveal' is
    switched on, the list shows only how many items each quadrant has, so nobody anchors on others' ideas, and the
    entries say only their quadrant. Who named an item never shows on the wall (the manager's view shows it)."""
    s = session_info(eng, session_id)
    base = as_policy(audience)
    # the reveal is the room's (kept in the store): revealed on the wall of `workshop-kit room` is revealed here too
    reveal = w.ToggleButton(
        value=bool(eng.room_state(session_id).get("revealed", False)), description="Reveal all items", icon="eye"
    )
    reveal.add_class("kit-swot-reveal")
    names = _names(eng, s["team_id"])
    control = {v: k for k, v in _CONTROL}

    def view():
        return base.revealed(reveal.value)

    def listing(df):
        if not view().reveal:
            counts = (df["quadrant"].value_counts() if len(df) else pd.Series(dtype=int)).reindex(
                list(QUADRANTS), fill_value=0
            )
            return pd.DataFrame(
                {
                    "Quadrant": [QUADRANTS[q] for q in QUADRANTS],
                    "Items (hidden until the reveal)": [int(n) for n in counts],
                }
            )
        if df.empty:
            return df
        out = pd.DataFrame(
            {
                "Quadrant": df["quadrant"].map(QUADRANTS),
                "Item": df["text"],
                "In whose control": df["control"].map(control),
            }
        )
        if view().names_who_said:
            out["Named by"] = df["author_id"].map(names).fillna("anonymous")
        return out

    def locked(r, pol):
        if not pol.reveal:
            return 'The items are hidden until the reveal: press "Reveal all items" first, then choose the item.'
        return None

    form = RowForm(
        eng,
        "swot",
        fixed={"session_id": session_id},
        name="swot",
        title="SWOT items",
        fields=["quadrant", "text", "author_id", "control"],
        make_id=next_id("i"),
        options={
            "quadrant": [(v, k) for k, v in QUADRANTS.items()],
            "author_id": member_options(eng, s["team_id"], blank=ANONYMOUS),
            "control": _CONTROL,
        },
        labels={"author_id": "named by", "control": "in whose control"},
        listing=listing,
        label=lambda r: f"{QUADRANTS.get(r['quadrant'], r['quadrant'])} · {_short(r['text'])}",
        locked=locked,
        hidden=lambda pol: () if pol.names_who_said else ("author_id",),
        view=view,
        audience=base,
        on_change=on_change,
    )

    def toggled(ch):
        if not eng.readonly:
            eng.set_room_state(session_id, revealed=bool(ch["new"]))
        form.reset()
        form.refresh()
        changed(form)  # the vote form under it shows the items now

    reveal.observe(toggled, names="value")
    form.widget.children = (reveal,) + tuple(form.widget.children)
    form.reveal = reveal
    return form


def _short(text, n=70):
    text = str(text)
    return text if len(text) < n else text[: n - 2] + "…"


class VoteForm:
    """Dot voting: each person spends at most the engagement's dot budget per vote; the store refuses more.

    ``choices`` is a list of (label, value), or a function() -> that list (re-read at every refresh);
    ``tally`` turns the votes, cut to the audience (voters never named on the wall), into the list under the form;
    ``hidden`` is a function() -> a one-line reason when the choices may not be shown yet (the SWOT reveal).
    """

    def __init__(
        self, eng, table, *, session_id, choices, label, name, tally, audience="wall", on_change=None, hidden=None
    ):
        self.eng, self.table, self.session_id, self.tally = eng, table, session_id, tally
        self.audience, self.on_change, self._choices, self._hidden = as_policy(audience), on_change, choices, hidden
        s = session_info(eng, session_id)
        self.budget = eng.settings.get("dot_budget") or DEFAULT_DOT_BUDGET
        self.choice_col = "item_id" if table == "swot_votes" else "kpi_id"
        self.voter = w.Dropdown(
            options=member_options(eng, s["team_id"]), description="voter", style={"description_width": "120px"}
        )
        self.voter.add_class(f"kit-{name}-voter")
        self.choice = w.Dropdown(description=label, style={"description_width": "120px"}, layout=w.Layout(width="90%"))
        self.choice.add_class(f"kit-{name}-choice")
        self.dots = w.BoundedIntText(
            value=1, min=1, max=self.budget, description="dots", style={"description_width": "120px"}
        )
        self.dots.add_class(f"kit-{name}-dots")
        self.left = w.HTML()
        self.button = w.Button(description="Place dots", button_style="primary", icon="check")
        self.button.add_class(f"kit-{name}-submit")
        self.button.on_click(lambda _: self.submit())
        self.undo = w.Button(
            description="Take back this voter's dots on it", icon="undo", layout=w.Layout(width="auto")
        )
        self.undo.add_class(f"kit-{name}-undo")
        self.undo.on_click(lambda _: self.take_back())
        self.message = Message()
        self.list = w.HTML()
        self.list.add_class(f"kit-{name}-list")
        self.voter.observe(lambda _: self.refresh(), names="value")
        self.widget = w.VBox(
            [self.voter, self.choice, self.dots, self.left, w.HBox([self.button, self.undo]), self.message, self.list]
        )
        self.refresh()
        register(self)

    def votes(self):
        return self.eng.table(self.table, session_id=self.session_id)

    def refresh(self):
        why = self._hidden() if self._hidden else None
        choices = [] if why else (self._choices() if callable(self._choices) else list(self._choices))
        if why:
            choices = [("(hidden until the reveal)", None)]
            self.message.note(why)
        elif self.message.value and "kit-note" in self.message.value:
            self.message.value = ""
        if [tuple(o) for o in self.choice.options] != [tuple(o) for o in choices]:
            keep = self.choice.value
            self.choice.options = choices
            values = [o[1] for o in choices]
            self.choice.value = keep if keep in values else values[0]
        v = self.votes()
        spent = int(v.loc[v["voter_id"] == self.voter.value, "dots"].sum())
        self.left.value = (
            f"<div style='font-size:16px'>{html.escape(str(self.voter.label))} has "
            f"<b>{self.budget - spent}</b> of {self.budget} dots left.</div>"
        )
        self.list.value = html_table(self.tally(cut_table(self.table, v, self.audience)))

    def submit(self):
        key = {"session_id": self.session_id, self.choice_col: self.choice.value, "voter_id": self.voter.value}
        try:  # one row per voter and item; read and added in one transaction, so no device's dots are lost
            if self.choice.value is None:
                raise KitError(self._hidden() if self._hidden and self._hidden() else "nothing to vote on yet")
            self.eng.add_dots(self.table, key, int(self.dots.value))
        except KitError as e:
            self.message.error(e)
            return False
        self.message.ok(f"{self.dots.value} dot{'s' * (self.dots.value != 1)} placed.")
        self.refresh()
        changed(self)
        return True

    def take_back(self):
        key = {"session_id": self.session_id, self.choice_col: self.choice.value, "voter_id": self.voter.value}
        try:
            self.eng.delete(self.table, key)
        except KitError as e:
            self.message.error(e)
            return
        self.message.ok("Dots taken back.")
        self.refresh()
        changed(self)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def _revealed(reveal, pol):
    """Whether the items are revealed: ``reveal`` is None (the policy decides), a bool, a ToggleButton, or the
    item form (its Reveal button)."""
    if reveal is None:
        return pol.reveal
    reveal = getattr(reveal, "reveal", reveal)
    return bool(getattr(reveal, "value", reveal))


def vote_form(eng, *, session_id, audience="wall", on_change=None, reveal=None):
    """Dot voting on this session's SWOT items. Voting needs the items in view: until they are revealed (pass
    the item form, or its Reveal button, as ``reveal``) the form says so and shows no item text."""
    pol = as_policy(audience)

    def items():
        return cut_table("swot", eng.swot(session_id=session_id), pol.revealed(True))

    def choices():
        it = items()
        return [(f"{QUADRANTS[r.quadrant]}: {_short(r.text)}", r.item_id) for r in it.itertuples()] or [
            ("(add SWOT items first)", None)
        ]

    def hidden():
        if _revealed(reveal, pol):
            return None
        return 'The items are not revealed yet: press "Reveal all items" above, then vote.'

    def tally(votes):
        shown = pol.revealed(_revealed(reveal, pol))
        p = priorities(cut_table("swot", eng.swot(session_id=session_id), shown), votes=votes)
        if p.empty:
            return p
        return pd.DataFrame(
            {
                "Rank": [f"{r} (tie)" if t else str(r) for r, t in zip(p["rank"], p["tied"])],
                "Quadrant": p["quadrant"].map(QUADRANTS),
                "Item": p["text"],
                "Dots": p["votes"],
                "In whose control": p["control"].map({v: k for k, v in _CONTROL}),
            }
        )

    form = VoteForm(
        eng,
        "swot_votes",
        session_id=session_id,
        choices=choices,
        label="item",
        name="swotvote",
        tally=tally,
        audience=pol,
        on_change=on_change,
        hidden=hidden,
    )
    button = getattr(reveal, "reveal", reveal)
    if isinstance(button, w.ValueWidget):
        button.observe(lambda _: form.refresh(), names="value")
    return form
