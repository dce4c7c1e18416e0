"""Goals revisited at a review: each goal's progress and what it would mean (a goal the audience may not read
is listed as "(private)", and its text copied server-side, never sent to the page)."""

import html

import ipywidgets as w

from .... import _format as fmt
from ...._capture import Message, choices, member_options, register, session_info
from ...._schema import PROGRESS_WORDS
from ....audience import HIDDEN_GOAL, cut_table
from ....audience import policy as as_policy
from ....errors import KitError
from ._parts import _STYLE, _heading, _here, _Panel

__all__ = ["goal_progress_form"]

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
            t = choices(
                [(v, k) for k, v in PROGRESS_WORDS.items()],
                r.progress if r.progress in PROGRESS_WORDS and r.agreed == self.s["date"] else None,
                row=True,
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
