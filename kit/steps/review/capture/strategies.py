"""The team's strategies: SWOT items paired (SO, WO, ST, WT) with the action that carries each."""

import html

import ipywidgets as w
import pandas as pd

from .... import _format as fmt
from ...._capture import RowForm, _names, session_info
from ...._views import _PAIRS
from ....audience import cut_table
from ....audience import policy as as_policy
from ....errors import KitError
from ....validate import split_ids
from ...swot import model as swot_
from ._parts import _STYLE, _here, _item_label, _quiet, _team_ids

__all__ = ["strategy_form"]

# ---------------------------------------------------------------- strategies


class _Strategies(RowForm):
    """The team's strategies: the SWOT items each pairs, chosen by their text (stored as their ids), one of the
    kit's pairings to start from (its question becomes the text box's hint, never the strategy itself), and the
    action that carries it out. Strategies agreed at an earlier session take their action here."""

    def __init__(self, eng, s, audience, on_change, show_list=True):
        self.s = s
        self._syncing = False
        self.ids = w.Text(layout=w.Layout(display="none"))  # what is stored: the chosen items' ids
        self.pick = w.SelectMultiple(
            description="SWOT items it pairs",
            style=_STYLE,
            layout=w.Layout(width="95%", height="130px"),
        )
        self.pick.add_class("kit-strategy-items")
        self.suggest = w.Dropdown(description="start from", style=_STYLE, layout=w.Layout(width="95%"))
        self.suggest.add_class("kit-strategy-suggestion")
        self.hint = w.HTML()
        self.how = w.HTML(
            "<div style='font-size:13px;color:#5b6675;margin:0 0 4px 186px'>Hold Ctrl (⌘ on a Mac) to choose more "
            "than one item.</div>"
        )
        names = _names(eng, s["team_id"])
        acts = eng.actions(team_id=s["team_id"])
        actions = [("(none yet)", "")] + [
            (f"{names.get(a.owner_id, a.owner_id)} · {str(a.action)[:60]} ({a.status})", a.action_id)
            for a in acts.sort_values(["session_id", "action_id"]).itertuples()
        ]
        super().__init__(
            eng,
            "strategies",
            fixed={"session_id": s["session_id"]},
            name="strategy",
            title="Write a strategy",
            fields=["text", "item_ids", "action_id"],
            widgets={"item_ids": self.ids},
            make_id=_team_ids(eng, s["team_id"], "strategies", "strategy_id"),
            options={"action_id": actions},
            labels={"text": "strategy", "item_ids": "SWOT items", "action_id": "action that carries it"},
            listing=self._listing,
            label=self._label_of,
            earlier=self._earlier,
            earlier_fields=("action_id",),
            audience=audience,
            on_change=on_change,
        )
        self.pick.observe(self._picked, names="value")
        self.ids.observe(self._typed, names="value")
        self.suggest.observe(self._suggested, names="value")
        children = list(self.widget.children)
        at = children.index(self.inputs["text"])
        self.widget.children = (
            children[:at]
            + [self.suggest, self.hint]
            + children[at : at + 1]
            + [self.pick, self.how]
            + (children[at + 1 :])
        )
        _quiet(self, show_list)

    # the rows this form lists: this session's, and the strategies in force from earlier sessions
    def _earlier(self):
        st = _here(self.eng, self.s).rows["strategies"]
        st = st[st["session_id"] != self.s["session_id"]]
        sessions = self.eng.sessions(team_id=self.s["team_id"])
        dates = dict(zip(sessions["session_id"], sessions["date"]))
        return st.assign(agreed=st["session_id"].map(dates)).reset_index(drop=True)

    def _items(self):
        here = _here(self.eng, self.s)
        return (
            cut_table("swot", here.rows["swot"], self.policy).reset_index(drop=True),
            cut_table("swot_votes", here.rows["swot_votes"], self.policy),
        )

    def _texts(self, ids):
        items = dict(zip(self._swot["item_id"], self._swot["text"])) if len(self._swot) else {}
        return " + ".join(str(items.get(i, i)) for i in split_ids(ids)) if isinstance(ids, str) else None

    def _listing(self, df):
        if df.empty:
            return df
        return pd.DataFrame(
            {
                "Strategy": df["text"],
                "Pairs": [self._texts(x) for x in df["item_ids"]],
                "Action": [self.shown_as("action_id", a) for a in df["action_id"]],
                "Agreed": [
                    f"at the session of {fmt.date(a)}" if c else "this session"
                    for a, c in zip(df["agreed"], df["carried"])
                ],
            }
        )

    def _label_of(self, r):
        text = str(r["text"])
        text = text if len(text) < 60 else text[:58] + "…"
        return f"{text} · agreed {fmt.date(r.get('agreed'))}" if r.get("carried") else text

    def refresh(self):
        self._swot, votes = self._items()
        super().refresh()
        self.pick.options = [(_item_label(r), r.item_id) for r in self._swot.itertuples()]
        written = {frozenset(split_ids(r["item_ids"])) for r in self._entries}
        pairs = (
            swot_.strategies(swot_.priorities(self._swot, votes=votes))
            if len(self._swot)
            else pd.DataFrame(columns=["kind", "first", "second", "strategy"])
        )
        self._pairs = [r for r in pairs.itertuples() if frozenset((r.first, r.second)) not in written][:8]
        self.suggest.options = [("(a pairing the kit suggests, or none)", -1)] + [
            (f"{_PAIRS[r.kind]}: {r.strategy}", i) for i, r in enumerate(self._pairs)
        ]
        self.suggest.value = -1
        self._typed()

    def submit(self):
        if self.editing is None and not self.ids.value.strip():
            self.message.error(
                KitError("choose the SWOT items the strategy pairs (a pairing the kit suggests, or your own)")
            )
            return False
        return super().submit()

    def load_entry(self, i):
        super().load_entry(i)
        self.pick.disabled = self.suggest.disabled = self.ids.disabled  # an earlier strategy: its action only

    def reset(self, *, keep_message=False):
        super().reset(keep_message=keep_message)
        self.pick.disabled = self.suggest.disabled = False

    def _picked(self, _=None):
        if not self._syncing:
            self._syncing = True
            self.ids.value = " ".join(self.pick.value)
            self._syncing = False

    def _typed(self, _=None):
        if not self._syncing:
            self._syncing = True
            known = {v for _, v in self.pick.options}
            self.pick.value = tuple(i for i in split_ids(self.ids.value) if i in known) if self.ids.value else ()
            self._syncing = False

    def _suggested(self, _=None):
        i = self.suggest.value
        if i is None or not 0 <= i < len(self._pairs):  # -1: none chosen
            self.hint.value = ""
            self.inputs["text"].placeholder = ""
            return
        r = self._pairs[i]
        self.ids.value = f"{r.first} {r.second}"
        self.inputs["text"].placeholder = "Answer the question in the team's own words"
        self.hint.value = (
            "<div style='font-size:15px;margin:4px 0 4px 186px'>The question to answer in your own words: "
            f"<i>{html.escape(r.strategy)}</i></div>"
        )


def strategy_form(eng, *, session_id, audience="wall", on_change=None, show_list=True):
    """The team's strategies in its own words: the SWOT items each pairs (chosen by their text; the kit's
    pairings offered as questions to start from) and the action that carries it out."""
    return _Strategies(eng, session_info(eng, session_id), as_policy(audience), on_change, show_list)
