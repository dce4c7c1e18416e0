"""Step 2, the sales SWOT: items, votes, priorities and strategies.

The Workshop's methods for this step (see kit/_workshop.py).
"""

import pandas as pd

from ... import _blocks
from ... import _format as fmt
from ..._views import _CONTROL, _PAIRS, Note, Table
from . import model as swot
from .section import chart


class Swot:
    """Step 2, the sales SWOT: items, votes, priorities and strategies."""

    # ------------------------------------------------------------ step 2: SWOT
    def swot_item_form(self):
        from .capture import item_form as swot_item_form

        form = self._form(swot_item_form, session_id=self.session_id)
        reveal = getattr(form, "reveal", None)
        if reveal is not None:
            if len(self.session.own["swot_votes"]):  # the room has voted, so it has seen the items
                reveal.value = True
            self._swot_form = form  # its Reveal toggle calls on_change (self.refresh), which reads it
            self.refresh()
        return form

    def swot_vote_form(self):
        from .capture import vote_form as swot_vote_form

        kw = {"reveal": self._swot_form} if self._swot_form is not None else {}
        self._voting = True  # its list is the ranking, updated as dots are placed
        return self._form(swot_vote_form, session_id=self.session_id, **kw)

    def swot_merge_form(self):
        """Merge two items that say the same thing (once revealed): their dots add up, nobody is told who wrote them."""
        from .capture import merge_form

        # the item form's Reveal when it is shown here, else the room's reveal as the store holds it
        reveal = self._swot_form or (lambda: bool(self.eng.room_state(self.session_id).get("revealed", False)))
        return self._form(merge_form, session_id=self.session_id, reveal=reveal)

    def _ranked(self):
        """The SWOT ranked; empty while this session's items are hidden until the reveal (nothing to show yet)."""
        s = self.session
        if not s.policy.reveal:
            return s.rows["swot"].iloc[0:0].assign(votes=0, rank=0, tied=False)
        return swot.priorities(s.rows["swot"], votes=s.rows["swot_votes"])

    def swot_priorities(self, top=None):
        """Items ranked by dots (items with the same dots share a rank, written 1=), with quadrant and control; the
        top priority, or the tie for it, in words. Under a vote form of this session the ranking is the form's list,
        so only the words are shown."""

        def build():
            p = self._ranked()
            if p.empty and not self.session.policy.reveal:
                return Note("The items are hidden until the reveal: the priorities appear here once they are shown.")
            if p.empty:
                return Note("No SWOT items yet: they appear here once the room has named them.")
            if top:
                p = p.head(top)
            data = pd.DataFrame(
                {
                    "Rank": [swot.rank_label(r, t) for r, t in zip(p["rank"], p["tied"])],
                    "Quadrant": p["quadrant"].map(swot.QUADRANTS),
                    "Item": p["text"],
                    "Dots": p["votes"],
                    "Within whose control": p["control"].map(_CONTROL),
                }
            )
            parts = [Note(self._agreed("swot"))] if self._agreed("swot") else []
            first = swot.top_priorities(p)
            if len(first) > 1 and first["votes"].iloc[0] > 0:
                parts.append(
                    Note(
                        f"A {fmt.number_words(len(first), zero='no')}-way tie for the top priority, "
                        f"{fmt.plural(int(first['votes'].iloc[0]), 'dot')} each: decide together which "
                        "comes first, or take them all."
                    )
                )
            elif first["votes"].iloc[0] > 0:
                parts.append(
                    Note(f"Top priority: {first['text'].iloc[0]} ({fmt.plural(int(first['votes'].iloc[0]), 'dot')}).")
                )
            if self._voting and "swot" not in self.session.carried:
                return parts  # the vote form lists this ranking as the dots come in: not shown twice
            return parts + [Table(data, {"Dots": fmt.count})]

        return self._view("swot-priorities", build)

    def swot_board(self):
        """The SWOT as its 2×2 board (strengths and weaknesses, then opportunities and threats), each item in full
        with its dots once any are cast; what the wall shows while the room names the items."""

        def build():
            p = self._ranked()
            if p.empty:
                return self.swot_priorities().parts()
            p = p.sort_values(["quadrant", "rank", "item_id"])

            def cell(q, title, tone):
                mine = p[p["quadrant"] == q]
                return (
                    title,
                    tone,
                    [
                        f"{t} ({fmt.plural(int(v), 'dot')})" if v else str(t)
                        for t, v in zip(mine["text"], mine["votes"])
                    ],
                )

            lead = [Note(self._agreed("swot"))] if self._agreed("swot") else []
            return lead + [
                _blocks.board([cell("S", "Strengths", "good"), cell("W", "Weaknesses", "bad")]),
                _blocks.board([cell("O", "Opportunities", "a"), cell("T", "Threats", "mid")]),
            ]

        return self._view("swot-board", build)

    def swot_chart(self):
        def build():
            p = self._ranked()
            return None if p.empty else chart(p)

        return self._view("swot-chart", build)

    def swot_control(self):
        """How many items per quadrant are within the team's control, one person's, or outside it."""

        def build():
            items = self.session.rows["swot"]
            if items.empty:
                return None
            t = swot.control_split(items)
            data = pd.DataFrame(
                {
                    "Quadrant": [swot.QUADRANTS[q] for q in t.index],
                    "Within the team's control": t["team"].values,
                    "Within one person's control": t["individual"].values,
                    "Outside our control": t["external"].values,
                }
            )
            return Table(data, {c: fmt.count for c in data.columns[1:]}, caption="Within our control or not:")

        return self._view("swot-control", build)

    def swot_strategies(self, top=2, show=6):
        """The ``show`` best candidate strategies pairing the top items of each quadrant (SO, WO, ST, WT)."""

        def build():
            p = self._ranked()
            if p.empty:
                return None
            st = swot.strategies(p, top=top).head(show)
            if st.empty:
                return Note(
                    "Strategies pair items across quadrants: name strengths, weaknesses, opportunities "
                    "and threats first."
                )
            return Table(
                pd.DataFrame(
                    {
                        "Pairing": st["kind"].map(_PAIRS),
                        "Candidate strategy": st["strategy"],
                        "Dots behind it": st["votes"],
                    }
                ),
                {"Dots behind it": fmt.count},
            )

        return self._view("swot-strategies", build)
