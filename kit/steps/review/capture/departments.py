"""The SWOT's asks of other departments: which department, the ask, and its answer."""

import ipywidgets as w
import pandas as pd

from ...._capture import Message, html_table, register, session_info
from ...._schema import (
    DEPARTMENT_WORDS,
    DEPARTMENTS,
)
from ....audience import cut_table
from ....audience import policy as as_policy
from ....errors import KitError
from ._parts import _STYLE, _heading, _here, _item_label, _Panel

__all__ = ["department_form"]

# ---------------------------------------------------------------- other departments


class _Department(_Panel):
    """A SWOT item in force routed to another department: the department, the team's ask, the answer when it
    comes (the SWOT item keeps its session; only these three fields change)."""

    def __init__(self, eng, s, audience, on_change, show_list=True):
        self.eng, self.s, self.policy, self.on_change = eng, s, audience, on_change
        self.item = w.Dropdown(description="SWOT item", style=_STYLE, layout=w.Layout(width="95%"))
        self.item.add_class("kit-department-item")
        self.item.observe(lambda _: self.load_item(), names="value")
        self.department = w.Dropdown(
            options=[("(none)", "")] + [(DEPARTMENT_WORDS[d], d) for d in DEPARTMENTS],
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
                    "Department": [DEPARTMENT_WORDS.get(d, d) for d in routed["department"]],
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
