"""The review loop's forms (notebook 06): asks of the manager, accountability partners, goals revisited with their
progress, SWOT asks to other departments and their answers, the team's strategies, and (the manager's own copy
only) coaching time and documented conversations.

Every form writes through the store at once and shows only rows cut to its audience (kit.audience): coaching and
conversations are read into a form only under the ``manager`` audience; a goal an audience may not read is listed
as "(private)" and its text is copied server-side when its progress is recorded, never sent to the page.
"""

import html

import ipywidgets as w
import pandas as pd

from .. import _format as fmt
from .. import review
from .. import swot as swot_
from .._schema import (
    COACHING_KINDS,
    CONVERSATION_TOPICS,
    DEPARTMENTS,
    KIND_WORDS,
    PROGRESS_WORDS,
    STATUS_WORDS,
    TOPIC_WORDS,
)
from .._views import _PAIRS
from ..audience import HIDDEN_GOAL, cut_table
from ..audience import policy as as_policy
from ..errors import KitError
from ..validate import split_ids
from ._form import Message, RowForm, _names, changed, html_table, member_options, next_id, register, session_info

__all__ = [
    "ask_form",
    "partner_form",
    "goal_progress_form",
    "department_form",
    "strategy_form",
    "coaching_form",
    "conversation_form",
    "PROGRESS_WORDS",
]

_STYLE = {"description_width": "180px"}


def _team_ids(eng, team_id, table, col):
    """A make_id for ids that must be unique in the whole team (an ask is named from any later session)."""

    def make(existing, key=None):
        return next_id("q" if table == "asks" else "st")(eng.table(table, team_id=team_id), col)

    return make


def _here(eng, s):
    """The session as the store holds it now (uncut: only the server reads it; forms cut what they show)."""
    from ..session import load

    return load(eng, team_id=s["team_id"], session_id=s["session_id"])


def _earlier_open(eng, s, table):
    """The rows of ``table`` agreed at earlier sessions and still open (asks), each with ``agreed``."""
    a = _here(eng, s).rows[table]
    a = a[a["carried"] & (a["status"] == "open")]
    return a.drop(columns=["carried", "open_days"], errors="ignore").reset_index(drop=True)


def _heading(title, why=None):
    """A form's title, and one line saying what it is for."""
    text = f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>"
    if why:
        text += f"<div style='font-size:14px;color:#5b6675;margin-bottom:4px'>{html.escape(why)}</div>"
    return w.HTML(text)


def _quiet(form, show_list):
    """Hide a form's own list when a table of the notebook already shows the same rows (the entries stay)."""
    if not show_list:
        form.list.layout.display = "none"
    return form


# ---------------------------------------------------------------- asks of the manager


def _offer_asks(eng, team_id):
    """After an ask is saved: the action forms open on this team offer it under "answers the ask" (an action form
    builds that list once, when it is made)."""
    from ._form import _LIVE
    from .accountability import _ask_options

    options = None
    for f in list(_LIVE):
        inputs = getattr(f, "inputs", {})
        if getattr(f, "table", None) != "actions" or "ask_id" not in inputs:
            continue
        if str(f.eng.path) != str(eng.path) or session_info(eng, f.fixed["session_id"])["team_id"] != team_id:
            continue
        options = options or [("(none)", "")] + _ask_options(eng, team_id, _names(eng, team_id))
        keep = inputs["ask_id"].value
        inputs["ask_id"].options = options
        inputs["ask_id"].value = keep if keep in [v for _, v in options] else ""


def ask_form(eng, *, session_id, audience="wall", on_change=None, member_id=None):
    """What a seller needs from their manager: one ask per row, with its status. The asks still open from earlier
    sessions are listed too; their status is changed with Edit. With ``member_id``: that seller's own asks."""
    s = session_info(eng, session_id)
    names = _names(eng, s["team_id"])

    def listing(df):
        if df.empty:
            return df
        return pd.DataFrame(
            {
                "Seller": df["member_id"].map(names),
                "Ask": df["ask"],
                "Status": df["status"].map(STATUS_WORDS),
                "Asked": [
                    f"at the session of {fmt.date(a)}" if c else "this session"
                    for a, c in zip(df["agreed"], df["carried"])
                ],
            }
        )

    def earlier():
        e = _earlier_open(eng, s, "asks")
        return e[e["member_id"] == member_id].reset_index(drop=True) if member_id else e

    def after():
        _offer_asks(eng, s["team_id"])
        if on_change is not None:
            on_change()

    return RowForm(
        eng,
        "asks",
        fixed={"session_id": session_id, **({"member_id": member_id} if member_id else {})},
        name="ask",
        title="Asks of the manager" if member_id is None else "What I need from my manager",
        fields=[c for c in ("member_id", "ask", "status") if c != "member_id" or member_id is None],
        make_id=_team_ids(eng, s["team_id"], "asks", "ask_id"),
        options={"member_id": member_options(eng, s["team_id"], roles=("seller",))},
        labels={"member_id": "seller", "ask": "what they need"},
        listing=listing,
        earlier=earlier,
        earlier_fields=("status",),
        audience=audience,
        on_change=after,
    )


class _Panel:
    """What the review's own panels (partners, goals revisited, department asks) end the same way with: one
    write, its message, the panel redrawn and the views that show its table told; shown as its widget."""

    def _commit(self, write, done):
        try:
            write()
        except KitError as e:
            self.message.error(e)
            return
        self.message.ok(done)
        self.refresh()
        changed(self)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


# ---------------------------------------------------------------- partners


class _Partners(_Panel):
    """Accountability partners: the kit's proposed rotation (avoiding earlier pairs), recorded with one button, and
    the pairs of this session corrected one by one."""

    def __init__(self, eng, s, audience, on_change):
        self.eng, self.s, self.on_change = eng, s, on_change
        self.names = _names(eng, s["team_id"])
        self.form = RowForm(
            eng,
            "partners",
            fixed={"session_id": s["session_id"]},
            name="partner",
            title="Pairs of this session",
            fields=["member_id", "partner_id"],
            options={
                "member_id": member_options(eng, s["team_id"], roles=("seller",)),
                "partner_id": member_options(eng, s["team_id"], roles=("seller",)),
            },
            labels={"member_id": "seller", "partner_id": "partner"},
            upsert=True,
            audience=audience,
            on_change=on_change,
        )
        self.proposal = w.HTML()
        self.proposal.add_class("kit-partner-proposal")
        self.record = w.Button(
            description="Record this rotation", button_style="primary", icon="check", layout=w.Layout(width="260px")
        )
        self.record.add_class("kit-partner-record")
        self.record.on_click(lambda _: self.save())
        self.message = Message()
        by_hand = w.Accordion(children=[self.form.widget], titles=["Change one pair by hand"], selected_index=None)
        self.widget = w.VBox([_heading("The next rotation"), self.proposal, self.record, self.message, by_hand])
        self.widget.add_class("kit-partner-form")
        self.refresh()
        register(self)

    def proposed(self):
        sellers = self.eng.members(team_id=self.s["team_id"]).query("role == 'seller'")["member_id"]
        p = self.eng.partners(team_id=self.s["team_id"])
        p = p[p["session_id"] != self.s["session_id"]]  # every earlier pair counts, whichever session made it
        return review.propose_partners(list(sellers), earlier=list(zip(p["member_id"], p["partner_id"])))

    def refresh(self):
        rows = self.proposed()
        if not rows:
            self.proposal.value = "<p class='kit-empty'><i>Pairs need at least two sellers.</i></p>"
            self.record.disabled = True
            return
        said = self.said(rows)
        here = self.eng.partners(session_id=self.s["session_id"])
        recorded = set(zip(here["member_id"], here["partner_id"]))
        same = recorded == {(r["member_id"], r["partner_id"]) for r in rows}
        self.record.disabled = same
        self.record.description = "Record this rotation instead" if recorded and not same else "Record this rotation"
        if same:
            self.proposal.value = (
                f"<p style='font-size:15px'><b>Recorded at this session</b>: {html.escape(said)}. Partners check in "
                "with each other before the next review.</p>"
            )
            return
        already = " Another rotation is recorded at this session: recording this one replaces it." if recorded else ""
        self.proposal.value = (
            "<p style='font-size:15px'><b>The kit proposes</b> (pairs not used before where possible; with an odd "
            f"number of sellers, a ring of three, each checking in with the one after the arrow): {html.escape(said)}."
            f"{html.escape(already)}</p>"
        )

    def said(self, rows):
        """Pairs in words: "Ann and Bo" for a pair, "Ann → Bo → Cy → Ann" for a ring of three."""
        to = {r["member_id"]: r["partner_id"] for r in rows}
        name = self.names.get
        out, seen = [], set()
        for start in sorted(to, key=lambda m: name(m, m)):
            if start in seen:
                continue
            ring = [start]
            while to.get(ring[-1]) not in (None, start) and to[ring[-1]] not in ring:
                ring.append(to[ring[-1]])
            seen |= set(ring)
            if len(ring) == 2 and to.get(ring[1]) == start:
                out.append(f"{name(ring[0], ring[0])} and {name(ring[1], ring[1])}")
            else:
                out.append(" → ".join(name(m, m) for m in ring + [to.get(ring[-1], start)]))
        return "; ".join(out)

    def save(self):
        def write():
            self.eng.put("partners", [dict(r, session_id=self.s["session_id"]) for r in self.proposed()])
            self.form.refresh()

        self._commit(write, "Rotation recorded: each seller checks in with their partner before the next review.")


def partner_form(eng, *, session_id, audience="wall", on_change=None):
    """Accountability partners for this session: the proposed rotation, and the pairs one by one."""
    return _Partners(eng, session_info(eng, session_id), as_policy(audience), on_change)


# ---------------------------------------------------------------- goals revisited


class _GoalProgress(_Panel):
    """One seller's goals in force, each with a progress to choose; Save records them in this session (a goal
    agreed earlier is recorded again here with its progress, its text copied in the store, never shown)."""

    def __init__(self, eng, s, audience, on_change, member_id):
        self.eng, self.s, self.policy, self.on_change = eng, s, audience, on_change
        self.fixed_member = member_id
        opts = member_options(eng, s["team_id"], roles=("seller",))
        self.seller = w.Dropdown(options=opts, description="seller", style=_STYLE, layout=w.Layout(width="60%"))
        self.seller.add_class("kit-progress-seller")
        self.seller.observe(lambda _: self.refresh(), names="value")
        self.rows_box = w.VBox()
        self.save_button = w.Button(description="Save progress", button_style="primary", icon="check")
        self.save_button.add_class("kit-progress-submit")
        self.save_button.on_click(lambda _: self.save())
        self.message = Message()
        head = [
            _heading(
                "How my goals stand" if member_id else "How a seller's goals stand",
                "Choose where each goal stands today, then Save progress."
                + (
                    ""
                    if member_id
                    else " A goal its owner kept to themselves shows as (private): it is still theirs "
                    "to mark, and its text stays in the kit."
                ),
            )
        ]
        self.widget = w.VBox(
            head + ([] if member_id else [self.seller]) + [self.rows_box, self.save_button, self.message]
        )
        self.widget.add_class("kit-progress-form")
        self.toggles = []
        self.refresh()
        register(self)

    @property
    def member(self):
        return self.fixed_member or self.seller.value

    def _goals(self):
        """The seller's goals in force as stored (uncut: only the server reads them) and as the audience sees
        them (cut), row for row."""
        g = _here(self.eng, self.s).rows["goals"]
        g = g[g["member_id"] == self.member].reset_index(drop=True)
        return g, cut_table("goals", g, self.policy)

    def refresh(self):
        _, shown = self._goals()
        self.toggles = []
        children = []
        if shown.empty:
            children.append(w.HTML("<p class='kit-empty'><i>No goals recorded for this seller yet (step 1).</i></p>"))
        for r in shown.itertuples():
            text = r.goal if r.shared else HIDDEN_GOAL.get(r.visibility, "(not shared)")
            label = w.HTML(f"<div style='font-size:15px;margin-top:6px'>{html.escape(str(text))}</div>")
            t = w.ToggleButtons(
                options=[(v, k) for k, v in PROGRESS_WORDS.items()],
                value=r.progress if r.progress in PROGRESS_WORDS and r.agreed == self.s["date"] else None,
                style={"button_width": "110px"},
            )
            t.add_class("kit-progress-level")
            self.toggles.append(t)
            children += [label, t]
        self.rows_box.children = children
        self.save_button.disabled = shown.empty

    def save(self):
        stored, _ = self._goals()
        chosen = [t.value for t in self.toggles]
        if any(v is None for v in chosen) or len(chosen) != len(stored):
            self.message.error(KitError("choose a progress for every goal (on track, at risk, achieved, dropped)"))
            return

        def write():
            here = stored["agreed"] == self.s["date"]
            if here.all():  # recorded in this session already: change the progress in place
                for rid, p in zip(stored["row_id"], chosen):
                    self.eng.update("goals", {"row_id": int(rid)}, progress=p)
            else:  # agreed earlier: recorded again here, with the progress
                cols = ["member_id", "goal", "category", "visibility", "implication"]
                rows = [
                    dict(
                        {c: (None if fmt.blank(r[c]) else r[c]) for c in cols},
                        session_id=self.s["session_id"],
                        progress=p,
                    )
                    for (_, r), p in zip(stored.iterrows(), chosen)
                ]
                self.eng.add("goals", rows)

        self._commit(write, "Progress saved.")


def goal_progress_form(eng, *, session_id, audience="wall", on_change=None, member_id=None):
    """Goals revisited: how each of a seller's goals stands (on track, at risk, achieved, dropped). With
    ``member_id`` (a seller's own copy): that seller's goals only, private ones included."""
    return _GoalProgress(eng, session_info(eng, session_id), as_policy(audience), on_change, member_id)


# ---------------------------------------------------------------- other departments


def _item_label(r):
    return f"{swot_.QUADRANTS.get(r.quadrant, r.quadrant)} · {str(r.text)[:80]}"


class _Department(_Panel):
    """A SWOT item in force routed to another department: the department, the team's ask, the answer when it
    comes (the SWOT item keeps its session; only these three fields change)."""

    def __init__(self, eng, s, audience, on_change, show_list=True):
        self.eng, self.s, self.policy, self.on_change = eng, s, audience, on_change
        self.item = w.Dropdown(description="SWOT item", style=_STYLE, layout=w.Layout(width="95%"))
        self.item.add_class("kit-department-item")
        self.item.observe(lambda _: self.load_item(), names="value")
        self.department = w.Dropdown(
            options=[("(none)", "")] + [(review.DEPARTMENT_NAMES[d], d) for d in DEPARTMENTS],
            description="department",
            style=_STYLE,
            layout=w.Layout(width="60%"),
        )
        self.ask = w.Textarea(description="our ask", style=_STYLE, layout=w.Layout(width="95%", height="56px"))
        self.answer = w.Textarea(description="their answer", style=_STYLE, layout=w.Layout(width="95%", height="56px"))
        for x, n in ((self.department, "department"), (self.ask, "ask"), (self.answer, "answer")):
            x.add_class(f"kit-department-{n}")
        self.save_button = w.Button(description="Save", button_style="primary", icon="check")
        self.save_button.add_class("kit-department-submit")
        self.save_button.on_click(lambda _: self.save())
        self.message = Message()
        self.list = w.HTML()
        if not show_list:
            self.list.layout.display = "none"
        head = _heading(
            "Route a SWOT item to a department",
            "Choose the item, the department and what the team asks of it; when the answer comes, write it here.",
        )
        self.widget = w.VBox(
            [head, self.item, self.department, self.ask, self.answer, self.save_button, self.message, self.list]
        )
        self.widget.add_class("kit-department-form")
        self._rows = pd.DataFrame()
        self.refresh()
        register(self)

    def _items(self):
        return cut_table("swot", _here(self.eng, self.s).rows["swot"], self.policy)

    def refresh(self):
        keep = self._rows.iloc[self.item.value]["item_id"] if self.item.value is not None and len(self._rows) else None
        self._rows = self._items().reset_index(drop=True)
        options = [(_item_label(r), i) for i, r in enumerate(self._rows.itertuples())]
        self.item.options = options or [("(no SWOT yet: build it in step 2)", None)]
        ids = list(self._rows["item_id"]) if len(self._rows) else []
        # options changed: choose the same item again (ipywidgets leaves nothing chosen), else the first one
        self.item.value = ids.index(keep) if keep in ids else (0 if ids else None)
        routed = self._rows[self._rows["department"].notna() & (self._rows["department"] != "")] if ids else None
        self.list.value = html_table(
            None
            if routed is None
            else pd.DataFrame(
                {
                    "Department": [review.DEPARTMENT_NAMES.get(d, d) for d in routed["department"]],
                    "SWOT item": routed["text"],
                    "Our ask": routed["ask"],
                    "Their answer": [a if isinstance(a, str) and a else "no answer yet" for a in routed["answer"]],
                }
            ),
            empty="No SWOT item is routed to another department yet.",
        )
        self.load_item()

    def load_item(self):
        i = self.item.value
        if i is None or not 0 <= i < len(self._rows):
            self.save_button.disabled = True
            return
        self.save_button.disabled = False
        r = self._rows.iloc[i]
        self.department.value = r["department"] if r["department"] in DEPARTMENTS else ""
        self.ask.value = r["ask"] if isinstance(r["ask"], str) else ""
        self.answer.value = r["answer"] if isinstance(r["answer"], str) else ""

    def save(self):
        i = self.item.value
        if i is None:
            self.message.error(KitError("there is no SWOT item to route yet: build the SWOT in step 2 first"))
            return
        r = self._rows.iloc[i]
        self._commit(
            lambda: self.eng.update(
                "swot",
                {"session_id": r["session_id"], "item_id": r["item_id"]},
                department=self.department.value or None,
                ask=self.ask.value.strip() or None,
                answer=self.answer.value.strip() or None,
            ),
            "Saved.",
        )


def department_form(eng, *, session_id, audience="wall", on_change=None, show_list=True):
    """Route SWOT items to the departments whose support they need, with the ask and, later, the answer
    (``show_list=False`` when a table above already lists the asks)."""
    return _Department(eng, session_info(eng, session_id), as_policy(audience), on_change, show_list)


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

    def load_entry(self):
        super().load_entry()
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


# ---------------------------------------------------------------- the manager's own: coaching and conversations


def _manager_only(audience, what):
    pol = as_policy(audience)
    if not pol.keeps_the_record:
        raise KitError(f"{what} is the manager's own record: open this notebook with audience='manager'")
    return pol


def coaching_form(eng, *, session_id, audience="manager", on_change=None):
    """The manager's coaching time with each seller: date, minutes, kind, an optional note (private to the manager
    and that seller). Only under the manager's audience."""
    pol = _manager_only(audience, "coaching time")
    s = session_info(eng, session_id)
    manager = eng.teams(team_id=s["team_id"]).iloc[0]["manager_id"]
    names = _names(eng, s["team_id"])

    def listing(df):
        if df.empty:
            return df
        df = df.sort_values(["date", "member_id"], ascending=[False, True])
        return pd.DataFrame(
            {
                "Date": df["date"].map(fmt.date),
                "Seller": df["member_id"].map(names),
                "Minutes": df["minutes"],
                "How": df["kind"].map(KIND_WORDS),
                "Note": df["note"],
            }
        )

    return RowForm(
        eng,
        "coaching",
        fixed={"manager_id": manager},
        name="coaching",
        title="Log coaching time",
        fields=["date", "member_id", "minutes", "kind", "note"],
        options={
            "member_id": member_options(eng, s["team_id"], roles=("seller",)),
            "kind": [(KIND_WORDS[k], k) for k in COACHING_KINDS],
        },
        labels={
            "member_id": "seller",
            "date": "date (YYYY-MM-DD)",
            "minutes": "minutes",
            "kind": "how",
            "note": "note",
        },
        listing=listing,
        label=lambda r: " · ".join(
            [
                fmt.date(r["date"]),
                names.get(r["member_id"], r["member_id"]),
                f"{int(r['minutes'])} min",
                KIND_WORDS.get(r["kind"], r["kind"]),
            ]
        ),
        rows=lambda: eng.coaching(team_id=s["team_id"], manager_id=manager),
        audience=pol,
        on_change=on_change,
    )


def conversation_form(eng, *, session_id, audience="manager", on_change=None, show_list=True):
    """A documented conversation with one seller: praise, a shortfall, development; what was said, the next step
    agreed, the follow-up date (private to the manager and that seller). Only under the manager's audience."""
    pol = _manager_only(audience, "a documented conversation")
    s = session_info(eng, session_id)
    manager = eng.teams(team_id=s["team_id"]).iloc[0]["manager_id"]
    names = _names(eng, s["team_id"])

    def listing(df):
        if df.empty:
            return df
        df = df.sort_values(["date", "member_id"], ascending=[False, True])
        return pd.DataFrame(
            {
                "Date": df["date"].map(fmt.date),
                "Seller": df["member_id"].map(names),
                "About": df["topic"].map(TOPIC_WORDS),
                "What was said": df["summary"],
                "Next step": df["agreed_next_step"],
                "Follow-up": [fmt.date(d) if not fmt.blank(d) and d else None for d in df["follow_up"]],
            }
        )

    def label(r):
        said = str(r["summary"])
        said = said if len(said) < 40 else said[:38] + "…"
        who = names.get(r["member_id"], r["member_id"])
        return f"{fmt.date(r['date'])} · {who} · {TOPIC_WORDS.get(r['topic'], r['topic'])} · {said}"

    boxes = {}
    for col in ("summary", "agreed_next_step"):
        boxes[col] = w.Textarea(
            description={"summary": "what was said", "agreed_next_step": "next step agreed"}[col],
            style=_STYLE,
            layout=w.Layout(width="95%", height="56px"),
        )
        boxes[col].add_class(f"kit-conversation-{col}")
    form = RowForm(
        eng,
        "conversations",
        fixed={"manager_id": manager},
        name="conversation",
        title="Document a conversation",
        fields=["date", "member_id", "topic", "summary", "agreed_next_step", "follow_up"],
        options={
            "member_id": member_options(eng, s["team_id"], roles=("seller",)),
            "topic": [(TOPIC_WORDS[t], t) for t in CONVERSATION_TOPICS],
        },
        labels={
            "member_id": "seller",
            "date": "date (YYYY-MM-DD)",
            "topic": "about",
            "summary": "what was said",
            "agreed_next_step": "next step agreed",
            "follow_up": "follow-up (YYYY-MM-DD)",
        },
        widgets=boxes,
        listing=listing,
        label=label,
        rows=lambda: eng.conversations(team_id=s["team_id"], manager_id=manager),
        audience=pol,
        on_change=on_change,
    )
    return _quiet(form, show_list)
