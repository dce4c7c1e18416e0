"""Step 2, the sales SWOT: items per quadrant (anonymous if wished, hidden until revealed) and dot voting."""

import secrets

import ipywidgets as w
import pandas as pd

from ..._capture import (
    ANONYMOUS,
    DotVote,
    Message,
    RowForm,
    _names,
    changed,
    choices,
    member_options,
    next_id,
    register,
    session_info,
)
from ..._schema import CONTROL_WORDS
from ...audience import cut_table
from ...audience import policy as as_policy
from ...errors import KitError
from .model import QUADRANTS, priorities

__all__ = ["item_form", "vote_form", "merge_form"]


_CONTROL = [(v, k) for k, v in CONTROL_WORDS.items()]


def item_form(eng, *, session_id, audience="wall", on_change=None, member_id=None, own=None, after=None):
    """SWOT items: quadrant, text, who named it (or anonymous) and whose control it is in. Until 'reveal' is
    switched on, the list shows only how many items each quadrant has, so nobody anchors on others' ideas, and the
    entries say only their quadrant. Who named an item never shows on the wall (the manager's view shows it).

    With ``member_id`` (a participant's own page) the form holds that person's own items only: ``own`` (function(rows)
    -> the rows they wrote: signed, or anonymous ones the room remembers) picks them, a box puts their name on an item
    (anonymous otherwise), a new item's id is random (it says nothing of who wrote it), and ``after`` (see
    :class:`RowForm`) hears of every item added or removed."""
    s = session_info(eng, session_id)
    base = as_policy(audience)
    control = {v: k for k, v in _CONTROL}
    quadrant = choices([(v, k) for k, v in QUADRANTS.items()])
    text = w.Textarea(placeholder="One strength, weakness, opportunity or threat of our selling", rows=3)
    text.layout.width = "100%"
    widgets = {"quadrant": quadrant, "text": text}
    if member_id is not None:
        signed = w.Checkbox(value=False, description="Put my name on it (otherwise it is anonymous)", indent=False)
        widgets["author_id"] = signed
        mine = own or (lambda rows: rows[rows["author_id"] == member_id])
        return RowForm(
            eng,
            "swot",
            fixed={"session_id": session_id},
            name="room-swot",
            fields=["quadrant", "text", "control", "author_id"],
            make_id=lambda existing, col: f"r{secrets.token_hex(4)}",
            options={"control": _CONTROL},
            labels={"control": "In whose control"},
            widgets=widgets,
            convert={"author_id": (lambda v: member_id if v else None, lambda stored: stored == member_id)},
            required={"quadrant": "Choose Strength, Weakness, Opportunity or Threat first."},
            rows=lambda: mine(eng.swot(session_id=session_id)).reset_index(drop=True),
            listing=False,
            label=lambda r: (
                f"{QUADRANTS[r['quadrant']]}: {r['text']} ("
                + ("signed with your name" if r["author_id"] == member_id else "anonymous")
                + ")"
            ),
            save_words="Add this item",
            entries_title="Your items",
            audience=base,
            on_change=on_change,
            after=after,
        )
    names = _names(eng, s["team_id"])  # a notebook's list says who named an item, where its audience may read it
    # the reveal is the room's (kept in the store): revealed on the wall of `workshop-kit room` is revealed here too
    reveal = w.ToggleButton(
        value=bool(eng.room_state(session_id).get("revealed", False)), description="Reveal all items", icon="eye"
    )
    reveal.add_class("kit-swot-reveal")

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
            "author_id": member_options(eng, s["team_id"], blank=ANONYMOUS),
            "control": _CONTROL,
        },
        labels={"author_id": "Named by", "control": "In whose control"},
        widgets=widgets,
        required={"quadrant": "Choose Strength, Weakness, Opportunity or Threat first."},
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


def _choices(items):
    """SWOT items as a vote or a merge offers them: (quadrant: words, item_id), quadrant by quadrant."""
    order = {q: i for i, q in enumerate(QUADRANTS)}
    items = items.assign(_o=items["quadrant"].map(order)).sort_values(["_o", "item_id"])
    return [(f"{QUADRANTS[r.quadrant]}: {r.text}", r.item_id) for r in items.itertuples()]


def _short(text, n=70):
    text = str(text)
    return text if len(text) < n else text[: n - 2] + "…"


def _revealed(reveal, pol):
    """Whether the items are revealed: ``reveal`` is None (the policy decides), a bool, a ToggleButton, or the
    item form (its Reveal button)."""
    if reveal is None:
        return pol.reveal
    reveal = getattr(reveal, "reveal", reveal)
    if callable(reveal):  # asked each time (the room's reveal as it stands)
        return bool(reveal())
    return bool(getattr(reveal, "value", reveal))


def vote_form(eng, *, session_id, audience="wall", on_change=None, reveal=None, member_id=None, name="swotvote"):
    """Dot voting on this session's SWOT items. Voting needs the items in view: until they are revealed (pass
    the item form, or its Reveal button, as ``reveal``) the form says so and shows no item text.

    ``member_id``: the person voting (their own phone: no tally under it); without it, the form enters the vote
    of the person chosen."""
    pol = as_policy(audience)

    def items():
        return cut_table("swot", eng.swot(session_id=session_id), pol.revealed(True))

    def choices():
        return _choices(items())

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

    form = DotVote(
        eng,
        "swot_votes",
        session_id=session_id,
        choices=choices,
        what="the SWOT items",
        name=name,
        voter=member_id,
        voters=None if member_id else member_options(eng, session_info(eng, session_id)["team_id"]),
        tally=None if member_id else tally,
        audience=pol,
        on_change=on_change,
        hidden=hidden,
        empty="No SWOT items in this session yet: add them above, reveal them, then vote.",
    )
    button = getattr(reveal, "reveal", reveal)
    if isinstance(button, w.ValueWidget):
        button.observe(lambda _: form.refresh(), names="value")
    return form


class _Merge:
    """Two items that say the same thing, made one (see :func:`merge_form`)."""

    def __init__(self, eng, session_id, pol, on_change, reveal, on_merge):
        self.eng, self.session_id, self.pol, self.on_change, self.reveal = eng, session_id, pol, on_change, reveal
        self.on_merge = on_merge
        style = {"description_width": "initial"}
        self.keep = w.Dropdown(description="Keep this item", style=style, layout=w.Layout(width="auto"))
        self.duplicate = w.Dropdown(description="and merge into it", style=style, layout=w.Layout(width="auto"))
        self.button = w.Button(description="Merge the two", icon="compress", layout=w.Layout(width="max-content"))
        for part, cls in ((self.keep, "keep"), (self.duplicate, "duplicate"), (self.button, "submit")):
            part.add_class(f"kit-swot-merge-{cls}")
        self.button.on_click(lambda _: self.merge())
        self.message = Message()
        self.keep.observe(lambda _: self._others(), names="value")

    def refresh(self):
        shown = _revealed(self.reveal, self.pol)  # the items' words only once the room has seen them
        it = cut_table("swot", self.eng.swot(session_id=self.session_id), self.pol.revealed(True))
        if not shown:
            it = it.iloc[0:0]
            self.message.note("The items are not revealed yet: reveal them, then merge any that say the same thing.")
        elif "not revealed yet" in self.message.value:
            self.message.value = ""
        items = _choices(it)
        if items == getattr(self, "_items", None):  # nothing new: the choices stay as they are (nothing re-sent)
            self.button.disabled = len(items) < 2
            return
        self._items = items
        keep = self.keep.value
        self.keep.options = [("Choose the item to keep…", None)] + self._items
        self.keep.value = keep if keep in [v for _, v in self._items] else None
        self._others()
        self.button.disabled = len(self._items) < 2

    def _others(self):
        was = self.duplicate.value
        self.duplicate.options = [("Choose the one that says the same…", None)] + [
            (t, v) for t, v in self._items if v != self.keep.value
        ]
        self.duplicate.value = was if was in [v for _, v in self.duplicate.options] else None

    def merge(self):
        keep, dup = self.keep.value, self.duplicate.value
        if keep is None or dup is None:
            self.message.note("Choose the item to keep and the one that says the same thing.")
            return
        try:
            self.eng.merge_swot_items(self.session_id, keep, dup)
        except KitError as e:
            self.message.error(e)
            self.refresh()
            return
        if self.on_merge is not None:
            self.on_merge(keep, dup)
        self.message.ok("Merged: one item now, with the dots of both.")
        self.keep.value = None
        self.refresh()
        changed(self)


def merge_form(eng, *, session_id, audience="wall", on_change=None, reveal=None, on_merge=None):
    """The facilitator's merge of two SWOT items that say the same thing: the kept item's words stay, the dots of
    both add up (voter by voter), and nobody is told who wrote them. Only once the items are revealed (the form
    shows their words): ``reveal`` as for :func:`vote_form` (the item form, its Reveal button, or a bool).
    Returns a VBox; ``.form`` holds its parts (``keep``, ``duplicate``, ``button``,
    ``message``, ``refresh``)."""
    form = _Merge(eng, session_id, as_policy(audience), on_change, reveal, on_merge)
    form.refresh()
    button = getattr(reveal, "reveal", reveal)
    if isinstance(button, w.ValueWidget):
        button.observe(lambda _: form.refresh(), names="value")
    register(form)
    box = w.VBox(
        [
            w.HTML("<div class='kit-swot-merge-title'>Two items say the same thing? Merge them.</div>"),
            form.keep,
            form.duplicate,
            form.button,
            form.message,
        ]
    )
    box.add_class("kit-swot-merge")
    box.form = form
    return box
