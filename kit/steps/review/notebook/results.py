"""Results against commitments: open actions, wins and shortfalls on the KPIs, each seller's funnel rebuilt."""

import pandas as pd

from .... import _format as fmt
from ...._schema import SHORTFALL
from ...._views import _KPI_STATUS, Note, Table
from ....audience import shows_group
from ...kpis import model as kpis
from .. import model as review
from ._parts import _overdue, _pct


class Results:
    """The review notebook's results against commitments."""

    # ------------------------------------------------------------ 1. open actions
    def open_actions(self):
        """The open actions, oldest debts first: how many days overdue, and since when each has been carried."""

        def build():
            a = review.ageing(self.session)
            if a.empty:
                return Note("No action is open.")
            data = pd.DataFrame(
                {
                    "Owner": a["owner"],
                    "Action": a["action"],
                    "Due": a["due"],
                    "Overdue": a["days_overdue"],
                    "Agreed": [fmt.date(d) if c else "this session" for d, c in zip(a["agreed"], a["carried"])],
                }
            )
            late = int((a["days_overdue"] > 0).sum())
            return Table(
                data,
                {"Due": fmt.date, "Overdue": _overdue},
                caption=f"{fmt.plural(len(a), 'open action')}, {late} overdue; the most overdue first:",
            )

        return self._view("open-actions", build)

    # ------------------------------------------------------------ 2. wins, then shortfalls
    def wins_and_shortfalls(self):
        """Results against the KPIs at the latest figures reported: wins first, then shortfalls. The room sees team
        figures per KPI; the manager's copy names each seller, with the praise or the conversation on record."""

        def build():
            s = self.session
            latest = s.latest_attainment()
            if latest.empty:
                return Note(
                    s.withheld_note("attainment")
                    or "No KPI results are reported yet: wins and shortfalls show once the KPI actuals are in."
                )
            return self._results_by_seller(latest) if self.audience.reads_each_person else self._results_by_kpi(latest)

        return self._view("wins-and-shortfalls", build)

    def _results_by_kpi(self, latest):
        s = self.session
        mine = latest[latest["member_id"] == self._me] if self._me is not None else latest.iloc[0:0]
        if len(mine):  # a seller's own copy: the team's figures from groups large enough, and their own apart
            people = latest.groupby("kpi")["member_id"].transform("nunique")
            latest = latest[shows_group(people)]
        by = latest.groupby("kpi").agg(
            attainment=("attainment", "mean"),
            measured=("member_id", "nunique"),
            at=("status", lambda x: int((x == "win").sum())),
            below=("status", lambda x: int((x == "shortfall").sum())),
        )
        by["status"] = by["attainment"].map(kpis.status)
        parts = []
        wins = by[by["status"] == "win"].sort_values("attainment", ascending=False)
        short = by[by["status"] == "shortfall"].sort_values("attainment")
        middle = by[by["status"] == "on the way"].sort_index()

        def results(rows, counted, caption):  # one table for the wins, one for the shortfalls
            column = {"at": "At or above target", "below": f"Below {fmt.pct(SHORTFALL)}"}[counted]
            return Table(
                pd.DataFrame(
                    {
                        "KPI": rows.index,
                        "Team attainment": rows["attainment"].values,
                        "Sellers measured": rows["measured"].values,
                        column: rows[counted].values,
                    }
                ),
                {"Team attainment": _pct, "Sellers measured": fmt.count, column: fmt.count},
                caption=caption,
            )

        if len(wins):
            parts.append(results(wins, "at", "Celebrate first: at or above target as a team."))
        else:
            parts.append(Note("No KPI is at or above target as a team yet: name the wins people bring instead."))
        if len(short):
            parts.append(
                results(short, "below", f"Then the shortfalls: below {fmt.pct(SHORTFALL)} of target as a team.")
            )
        if len(middle):
            parts.append(
                Note("On the way: " + "; ".join(f"{k} {_pct(a)}" for k, a in middle["attainment"].items()) + ".")
            )
        note = self.session.withheld_note("attainment")
        if note:
            parts.append(Note(note))
        if len(mine):
            mine = mine.sort_values("kpi")
            parts.append(
                Table(
                    pd.DataFrame(
                        {
                            "KPI": mine["kpi"].values,
                            "Latest": [kpis.value_words(r, s.catalog, s.currency) for r in mine.itertuples()],
                            "Target": [kpis.goal_words(r, s.catalog, s.currency) for r in mine.itertuples()],
                            "Attainment": mine["attainment"].values,
                            "Where it stands": mine["status"].map(_KPI_STATUS).values,
                        }
                    ),
                    {"Attainment": _pct},
                    caption="Your own results (in your copy only): share what you choose.",
                )
            )
        else:
            parts.append(
                Note("Each seller's own results are in their one-pager: invite them to share what they choose.")
            )
        return parts

    def _results_by_seller(self, latest):
        s = self.session
        conv = s.conversations
        since = s.previous["date"] if s.previous else "0000"

        def on_record(mid, topic):
            if conv is None or conv.empty:
                return "not yet"
            talks = conv[(conv["member_id"] == mid) & (conv["topic"] == topic) & (conv["date"] > since)]
            return fmt.date(talks["date"].iloc[-1]) if len(talks) else "not yet"

        parts = []
        for status, caption, col in (
            ("win", "Praise first: at or above target.", "Praised"),
            ("shortfall", f"Then address early: below {fmt.pct(SHORTFALL)} of target.", "Conversation on record"),
        ):
            rows = latest[latest["status"] == status]
            if rows.empty:
                parts.append(
                    Note(
                        "Nobody is at or above target on any KPI yet."
                        if status == "win"
                        else f"Nobody is below {fmt.pct(SHORTFALL)} of target on any KPI."
                    )
                )
                continue
            topic = "praise" if status == "win" else "shortfall"
            people = [
                {
                    "Seller": name,
                    "KPIs": "; ".join(
                        kpis.result_words(r, s.catalog, s.currency) for r in g.sort_values("kpi").itertuples()
                    ),
                    col: on_record(mid, topic),
                }
                for (mid, name), g in rows.groupby(["member_id", "name"], sort=False)
            ]
            parts.append(Table(pd.DataFrame(people).sort_values("Seller"), caption=caption))
        parts.append(
            Note(
                "Praise in front of the team; take a shortfall to a one-to-one and document it below (8)."
                if s.is_review
                else "Praise in front of the team; take a shortfall to a one-to-one."
            )
        )
        return parts

    # ------------------------------------------------------------ 3. each funnel, rebuilt
    def funnels_rebuilt(self):
        """Each seller's funnel rebuilt from what this audience may see of their results: the first meetings a week
        the rest of their commitment takes, beside the kickoff plan and the KPI target."""

        def build():
            s = self.session
            f = review.rebuilt_funnel(s)
            if f.empty:
                return Note("No commitments yet: each seller records theirs in step 1.")
            weeks = fmt.num(f["weeks_left"].iloc[0], 0)
            one = lambda x: fmt.num(x, 1)  # noqa: E731
            money = {"Commitment": self._money, "Won so far": self._money, "Still to win": self._money}
            if self.audience.reads_each_person or self._me is not None:
                known = [
                    self.audience.reads_each_person or m == self._me for m in f["member_id"]
                ]  # whose results this copy reads
                data = pd.DataFrame(
                    {
                        "Seller": f["name"],
                        "Commitment": f["annual_commitment"],
                        "Won so far": f["won"],
                        "Still to win": [r if k else None for r, k in zip(f["remaining"], known)],
                        "Planned at kickoff": f["plan_meetings_per_week"],
                        "Takes now": f["meetings_per_week"],
                        "KPI target": f["kpi_target"],
                    }
                )
                caption = (
                    f"First meetings a week each commitment takes, with {weeks} selling weeks left in the year, "
                    "rebuilt from each seller's bookings, win rate and deal size reported so far (a dash: none "
                    "reported):"
                    if self.audience.reads_each_person
                    else f"First meetings a week each commitment takes, with {weeks} selling weeks left in the year. "
                    "Yours is rebuilt from the bookings, win rate and deal size you reported; the others' from their "
                    "commitment alone, as if nothing were won yet:"
                )
                formats = {**money, "Planned at kickoff": one, "Takes now": one, "KPI target": one}
            else:
                data = pd.DataFrame(
                    {
                        "Seller": f["name"],
                        "Commitment": f["annual_commitment"],
                        "Planned at kickoff": f["plan_meetings_per_week"],
                        "Now, at the committed rates": f["committed_meetings_per_week"],
                        "KPI target": f["kpi_target"],
                    }
                )
                caption = (
                    f"First meetings a week each commitment takes, with {weeks} selling weeks left in the year, at the "
                    "win rate and deal size each seller committed to, counting nothing as won yet. It is not a "
                    "ceiling: a seller winning less often or smaller deals than committed needs more. Each seller's "
                    "one-pager gives their own figure, rebuilt from their results: ask each to say theirs."
                )
                formats = {**money, "Planned at kickoff": one, "Now, at the committed rates": one, "KPI target": one}
            return Table(data, {k: v for k, v in formats.items() if k in data}, caption=caption)

        return self._view("funnels-rebuilt", build)
