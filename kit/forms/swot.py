"""Step 2, the sales SWOT: items per quadrant (anonymous if wished, hidden until revealed) and dot voting."""

import html

import ipywidgets as w

from ..swot import QUADRANTS, priorities
from ._form import ANONYMOUS, Message, RowForm, html_table, member_options, next_id, session_info
from .._schema import DEFAULT_DOT_BUDGET
from ..errors import KitError

__all__ = ["item_form", "vote_form"]


def item_form(eng, *, session_id):
    """SWOT items: quadrant, text, who named it (or anonymous) and whose control it is in. Until 'reveal' is
    switched on, the list shows only how many items each quadrant has, so nobody anchors on others' ideas."""
    s = session_info(eng, session_id)
    reveal = w.ToggleButton(value=False, description="Reveal all items", icon="eye")
    reveal.add_class("kit-swot-reveal")
    names = dict(zip(eng.members()["member_id"], eng.members()["name"]))

    def listing(df):
        if not reveal.value:
            counts = df["quadrant"].value_counts().reindex(list(QUADRANTS), fill_value=0)
            return counts.rename(index=QUADRANTS).rename_axis("quadrant").reset_index(name="items (hidden)")
        return df.assign(quadrant=df["quadrant"].map(QUADRANTS),
                         by=df["author_id"].map(names).fillna("anonymous"))[["item_id", "quadrant", "text", "control", "by"]]

    form = RowForm(eng, "swot", fixed={"session_id": session_id}, name="swot", title="SWOT items",
                   fields=["quadrant", "text", "author_id", "control"], make_id=next_id("i"),
                   options={"quadrant": [(v, k) for k, v in QUADRANTS.items()],
                            "author_id": member_options(eng, s["team_id"], blank=ANONYMOUS),
                            "control": [("within the team's control", "team"),
                                        ("within one person's control", "individual"),
                                        ("outside our control", "external")]},
                   labels={"author_id": "named by", "control": "in whose control"}, listing=listing)
    reveal.observe(lambda _: form.refresh(), names="value")
    form.widget.children = (reveal,) + tuple(form.widget.children)
    return form


class VoteForm:
    """Dot voting: each person spends at most the engagement's dot budget per vote; the store refuses more."""

    def __init__(self, eng, table, *, session_id, choices, label, name, tally):
        self.eng, self.table, self.session_id, self.tally = eng, table, session_id, tally
        s = session_info(eng, session_id)
        self.budget = eng.settings.get("dot_budget") or DEFAULT_DOT_BUDGET
        self.choice_col = "item_id" if table == "swot_votes" else "kpi_id"
        self.voter = w.Dropdown(options=member_options(eng, s["team_id"]), description="voter",
                                style={"description_width": "120px"})
        self.voter.add_class(f"kit-{name}-voter")
        self.choice = w.Dropdown(options=choices, description=label, style={"description_width": "120px"},
                                 layout=w.Layout(width="90%"))
        self.choice.add_class(f"kit-{name}-choice")
        self.dots = w.BoundedIntText(value=1, min=1, max=self.budget, description="dots",
                                     style={"description_width": "120px"})
        self.dots.add_class(f"kit-{name}-dots")
        self.left = w.HTML()
        self.button = w.Button(description="Place dots", button_style="primary", icon="check")
        self.button.add_class(f"kit-{name}-submit")
        self.button.on_click(lambda _: self.submit())
        self.undo = w.Button(description="Take back this voter's dots on it", icon="undo")
        self.undo.on_click(lambda _: self.take_back())
        self.message = Message()
        self.list = w.HTML()
        self.voter.observe(lambda _: self.refresh(), names="value")
        self.widget = w.VBox([self.voter, self.choice, self.dots, self.left, w.HBox([self.button, self.undo]),
                              self.message, self.list])
        self.refresh()

    def votes(self):
        return self.eng.table(self.table, session_id=self.session_id)

    def refresh(self):
        v = self.votes()
        spent = int(v.loc[v["voter_id"] == self.voter.value, "dots"].sum())
        self.left.value = (f"<div style='font-size:16px'>{html.escape(str(self.voter.label))} has "
                           f"<b>{self.budget - spent}</b> of {self.budget} dots left.</div>")
        self.list.value = html_table(self.tally(v))

    def submit(self):
        key = {"session_id": self.session_id, self.choice_col: self.choice.value, "voter_id": self.voter.value}
        try:  # one row per voter and item; read and added in one transaction, so no device's dots are lost
            self.eng.add_dots(self.table, key, int(self.dots.value))
        except KitError as e:
            self.message.error(e)
            return False
        self.message.ok(f"{self.dots.value} dot{'s' * (self.dots.value != 1)} placed.")
        self.refresh()
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

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def vote_form(eng, *, session_id):
    """Dot voting on this session's SWOT items."""
    items = eng.swot(session_id=session_id)
    choices = [(f"{QUADRANTS[r.quadrant]}: {r.text[:70]}", r.item_id) for r in items.itertuples()]

    def tally(votes):
        p = priorities(eng.swot(session_id=session_id), votes=votes)
        return p.assign(quadrant=p["quadrant"].map(QUADRANTS))[["rank", "quadrant", "text", "votes", "control"]]
    return VoteForm(eng, "swot_votes", session_id=session_id, choices=choices or [("(add SWOT items first)", None)],
                    label="item", name="swotvote", tally=tally)
