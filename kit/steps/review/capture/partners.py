"""Accountability partners: the pairs in force, a new rotation, and each pair's check-ins."""

import html

import ipywidgets as w

from ...._capture import Message, RowForm, _names, member_options, register, session_info
from ....audience import policy as as_policy
from .. import model as review
from ._parts import _heading, _Panel

__all__ = ["partner_form"]

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
