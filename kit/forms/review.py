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
from .._schema import DEPARTMENTS, GOAL_PROGRESS
from ..audience import HIDDEN_GOAL, cut_table
from ..audience import policy as as_policy
from ..errors import KitError
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

PROGRESS_WORDS = {"on_track": "on track", "at_risk": "at risk", "achieved": "achieved", "dropped": "dropped"}
_STYLE = {"description_width": "180px"}


def _team_ids(eng, team_id, table, col):
    """A make_id for ids that must be unique in the whole team (an ask is named from any later session)."""

    def make(existing, key=None):
        return next_id("q" if table == "asks" else "st")(eng.table(table, team_id=team_id), col)

    return make


def _earlier_open(eng, s, table):
    """The rows of ``table`` agreed at earlier sessions and still open (asks), each with ``agreed``."""
    from ..session import load

    here = load(eng, team_id=s["team_id"], session_id=s["session_id"])
    a = here.rows[table]
    a = a[a["carried"] & (a["status"] == "open")]
    return a.drop(columns=["carried", "open_days"], errors="ignore").reset_index(drop=True)


# ---------------------------------------------------------------- asks of the manager


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
                "Status": df["status"],
                "Asked": [
                    f"at the session of {fmt.date(a)}" if c else "this session"
                    for a, c in zip(df["agreed"], df["carried"])
                ],
            }
        )

    def earlier():
        e = _earlier_open(eng, s, "asks")
        return e[e["member_id"] == member_id].reset_index(drop=True) if member_id else e

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
        on_change=on_change,
    )


# ---------------------------------------------------------------- partners


class _Partners:
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
        self.record = w.Button(description="Record this rotation", button_style="primary", icon="check")
        self.record.add_class("kit-partner-record")
        self.record.on_click(lambda _: self.save())
        self.message = Message()
        self.widget = w.VBox([self.proposal, self.record, self.message, self.form.widget])
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
        self.record.disabled = False
        said = "; ".join(f"{self.names.get(r['member_id'])} → {self.names.get(r['partner_id'])}" for r in rows)
        self.proposal.value = (
            "<p style='font-size:15px'><b>Proposed rotation</b> (pairs not used before where possible; with an odd "
            f"number, a ring of three): {html.escape(said)}.</p>"
        )

    def save(self):
        try:
            self.eng.put("partners", [dict(r, session_id=self.s["session_id"]) for r in self.proposed()])
        except KitError as e:
            self.message.error(e)
            return
        self.message.ok("Rotation recorded: each seller checks in with their partner before the next review.")
        self.form.refresh()
        self.refresh()
        if self.on_change:
            self.on_change()
        changed(self)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def partner_form(eng, *, session_id, audience="wall", on_change=None):
    """Accountability partners for this session: the proposed rotation, and the pairs one by one."""
    return _Partners(eng, session_info(eng, session_id), as_policy(audience), on_change)


# ---------------------------------------------------------------- goals revisited


class _GoalProgress:
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
        head = [] if member_id else [self.seller]
        self.widget = w.VBox(head + [self.rows_box, self.save_button, self.message])
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
        from ..session import load

        here = load(self.eng, team_id=self.s["team_id"], session_id=self.s["session_id"])
        g = here.rows["goals"]
        g = g[g["member_id"] == self.member].reset_index(drop=True)
        return g, cut_table("goals", g, self.policy)

    def refresh(self):
        _, shown = self._goals()
        self.toggles = []
        children = []
        if shown.empty:
            children.append(w.HTML("<p class='kit-empty'><i>No goals recorded for this seller yet.</i></p>"))
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
        try:
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
        except KitError as e:
            self.message.error(e)
            return
        self.message.ok("Progress saved.")
        self.refresh()
        if self.on_change:
            self.on_change()
        changed(self)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def goal_progress_form(eng, *, session_id, audience="wall", on_change=None, member_id=None):
    """Goals revisited: how each of a seller's goals stands (on track, at risk, achieved, dropped)."""
    return _GoalProgress(eng, session_info(eng, session_id), as_policy(audience), on_change, member_id)


# ---------------------------------------------------------------- other departments


class _Department:
    """A SWOT item in force routed to another department: the department, the team's ask, the answer when it
    comes (the SWOT item keeps its session; only these three fields change)."""

    def __init__(self, eng, s, audience, on_change):
        from ..session import load

        self.eng, self.s, self.policy, self.on_change = eng, s, audience, on_change
        self._load = lambda: load(eng, team_id=s["team_id"], session_id=s["session_id"])
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
        self.widget = w.VBox(
            [self.item, self.department, self.ask, self.answer, self.save_button, self.message, self.list]
        )
        self.widget.add_class("kit-department-form")
        self.refresh()
        register(self)

    def _items(self):
        whole = self._load()
        return whole.rows["swot"], cut_table("swot", whole.rows["swot"], self.policy)

    def refresh(self):
        _, items = self._items()
        self._rows = items.reset_index(drop=True)
        self.item.options = [
            (f"{r.quadrant} · {str(r.text)[:70]}", i) for i, r in enumerate(self._rows.itertuples())
        ] or [("(no SWOT yet)", None)]
        routed = self._rows[self._rows["department"].notna() & (self._rows["department"] != "")]
        self.list.value = html_table(
            pd.DataFrame(
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
            return
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
        try:
            self.eng.update(
                "swot",
                {"session_id": r["session_id"], "item_id": r["item_id"]},
                department=self.department.value or None,
                ask=self.ask.value.strip() or None,
                answer=self.answer.value.strip() or None,
            )
        except KitError as e:
            self.message.error(e)
            return
        self.message.ok("Saved.")
        keep = i
        self.refresh()
        self.item.value = keep
        if self.on_change:
            self.on_change()
        changed(self)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def department_form(eng, *, session_id, audience="wall", on_change=None):
    """Route SWOT items to the departments whose support they need, with the ask and, later, the answer."""
    return _Department(eng, session_info(eng, session_id), as_policy(audience), on_change)


# ---------------------------------------------------------------- strategies


def strategy_form(eng, *, session_id, audience="wall", on_change=None):
    """The team's strategies in its own words: the SWOT items each pairs (their ids, separated by spaces) and the
    action that carries it out."""
    s = session_info(eng, session_id)
    names = _names(eng, s["team_id"])
    acts = eng.actions(team_id=s["team_id"])
    options = [("(none yet)", "")] + [
        (f"{a.action_id} · {names.get(a.owner_id, a.owner_id)} · {str(a.action)[:50]}", a.action_id)
        for a in acts.sort_values(["session_id", "action_id"]).itertuples()
    ]
    return RowForm(
        eng,
        "strategies",
        fixed={"session_id": session_id},
        name="strategy",
        title="Our strategies",
        fields=["text", "item_ids", "action_id"],
        make_id=_team_ids(eng, s["team_id"], "strategies", "strategy_id"),
        options={"action_id": options},
        labels={"text": "strategy", "item_ids": "SWOT items (ids)", "action_id": "action"},
        audience=audience,
        on_change=on_change,
    )


# ---------------------------------------------------------------- the manager's own: coaching and conversations


def _manager_only(audience, what):
    pol = as_policy(audience)
    if not (pol.individuals and pol.authors):
        raise KitError(f"{what} is the manager's own record: open this notebook with audience='manager'")
    return pol


def coaching_form(eng, *, session_id, audience="manager", on_change=None):
    """The manager's coaching time with each seller: date, minutes, kind, an optional note (private to the manager
    and that seller). Only under the manager's audience."""
    pol = _manager_only(audience, "coaching time")
    s = session_info(eng, session_id)
    manager = eng.teams(team_id=s["team_id"]).iloc[0]["manager_id"]
    return RowForm(
        eng,
        "coaching",
        fixed={"manager_id": manager},
        name="coaching",
        title="Coaching time",
        fields=["date", "member_id", "minutes", "kind", "note"],
        options={"member_id": member_options(eng, s["team_id"], roles=("seller",))},
        labels={"member_id": "seller", "date": "date (YYYY-MM-DD)", "note": "note (you and the seller only)"},
        rows=lambda: eng.coaching(team_id=s["team_id"], manager_id=manager),
        audience=pol,
        on_change=on_change,
    )


def conversation_form(eng, *, session_id, audience="manager", on_change=None):
    """A documented conversation with one seller: praise, a shortfall, development; what was said, the next step
    agreed, the follow-up date (private to the manager and that seller). Only under the manager's audience."""
    pol = _manager_only(audience, "a documented conversation")
    s = session_info(eng, session_id)
    manager = eng.teams(team_id=s["team_id"]).iloc[0]["manager_id"]
    return RowForm(
        eng,
        "conversations",
        fixed={"manager_id": manager},
        name="conversation",
        title="Documented conversations",
        fields=["date", "member_id", "topic", "summary", "agreed_next_step", "follow_up"],
        options={"member_id": member_options(eng, s["team_id"], roles=("seller",))},
        labels={
            "member_id": "seller",
            "date": "date (YYYY-MM-DD)",
            "summary": "what was said",
            "agreed_next_step": "next step agreed",
            "follow_up": "follow-up (YYYY-MM-DD)",
        },
        rows=lambda: eng.conversations(team_id=s["team_id"], manager_id=manager),
        audience=pol,
        on_change=on_change,
    )


assert set(PROGRESS_WORDS) == set(GOAL_PROGRESS)
