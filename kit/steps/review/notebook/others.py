"""What the SWOT asks of other departments, and the strategies the team wrote."""

import pandas as pd

from ...._schema import DEPARTMENT_WORDS
from ...._views import _PAIRS, Note, Table
from ....session import derive
from ....validate import split_ids
from ...swot import model as swot


class Others:
    """The review notebook's asks of other departments and the team's strategies."""

    # ------------------------------------------------------------ 9. other departments
    def department_asks(self):
        """The SWOT items routed to other departments, with the team's ask and their answer."""

        def build():
            asks = swot.department_asks(self.session)
            rows = [
                {
                    "Department": DEPARTMENT_WORDS[d],
                    "SWOT item": r.text,
                    "Our ask": r.ask,
                    "Their answer": r.answer or "no answer yet",
                }
                for d, g in asks.items()
                for r in g.itertuples()
            ]
            if not rows:
                return Note("No SWOT item is routed to another department yet: use the form below.")
            waiting = sum(1 for r in rows if r["Their answer"] == "no answer yet")
            return Table(
                pd.DataFrame(rows),
                caption=f"Asks to other departments ({waiting} without an answer yet; each department gets a "
                "one-page brief in the reports):",
            )

        return self._view("department-asks", build)

    # ------------------------------------------------------------ 10. strategies
    def _with_own_strategies(self):
        """The session with this session's own strategies beside those carried with the SWOT (the session model
        carries strategies with their SWOT, which leaves out a strategy written at a review whose SWOT was agreed
        earlier)."""
        s = self.session
        rows, own = s.rows["strategies"], s.own["strategies"]
        extra = own[~own["strategy_id"].isin(rows["strategy_id"])] if len(own) else own
        if extra.empty:
            return s
        return derive(s, rows={**s.rows, "strategies": pd.concat([rows, extra], ignore_index=True)})

    def strategies(self):
        """The team's strategies with their action; beside them, the kit's pairings still to consider (questions)."""

        def build():
            s = self._with_own_strategies()
            st = swot.written_strategies(s)
            parts = []
            if len(st):
                parts.append(
                    Table(
                        pd.DataFrame(
                            {
                                "Carried by": [o or "nobody yet" for o in st["owner"]],
                                "Strategy": st["text"],
                                "SWOT items it pairs": [" + ".join(i) for i in st["items"]],
                                "Action": [
                                    f"{a} ({x})" if a else "no action yet" for a, x in zip(st["action"], st["status"])
                                ],
                            }
                        ),
                        caption="Our strategies:",
                    )
                )
            items = s.rows["swot"]
            if items.empty:
                return parts or Note("No SWOT yet: build it in step 2, then write the strategies here.")
            written = {frozenset(split_ids(x)) for x in s.rows["strategies"]["item_ids"]}
            pairs = swot.strategies(swot.priorities(items, votes=s.rows["swot_votes"]))
            pairs = pairs[[frozenset((a, b)) not in written for a, b in zip(pairs["first"], pairs["second"])]].head(4)
            if len(pairs):
                parts.append(
                    Table(
                        pd.DataFrame(
                            {
                                "Pairing": pairs["kind"].map(_PAIRS),
                                "The question to answer (not a strategy yet)": pairs["strategy"],
                            }
                        ),
                        caption=(
                            "Pairings still to consider, the most voted first: choose one in the form below and "
                            "answer it in the team's own words."
                            if len(st)
                            else "No strategy is written yet. Pairings to consider, the most voted first: choose one "
                            "in the form below and answer it in the team's own words."
                        ),
                    )
                )
            return parts

        return self._view("strategies", build)
