"""Step 1, personal goals: goals, commitments and the funnel.

The Workshop's methods for this step (see kit/_workshop.py).
"""

import pandas as pd

from ... import _format as fmt
from ... import audience as _audience
from ..._views import Note, Table
from . import model as goals
from .model import progress_words
from .section import commitments_chart


class Goals:
    """Step 1, personal goals: goals, commitments and the funnel."""

    # ------------------------------------------------------------ step 1: goals and commitments
    def goal_form(self):
        from .capture import goal_form

        return self._form(goal_form, session_id=self.session_id)

    def commitment_form(self):
        from .capture import commitment_form

        return self._form(commitment_form, session_id=self.session_id)

    def goals_agreed(self):
        """At a review: the goals agreed at the earlier session (listed under the goal form), as carried."""

        def build():
            s = self.session
            g = s.rows["goals"]
            said = self._agreed("goals")
            if said is None:
                return (
                    None
                    if len(g)
                    else Note("No goals yet: each seller's goals appear under the form as they are saved.")
                )
            old = g[g["agreed"] < s.date] if "agreed" in g else g
            shared = int(old["shared"].sum()) if "shared" in old else len(old)
            again = len(g) - len(old)
            return Note(
                f"{said} {fmt.plural(len(old), 'goal')} carry into this review, {shared} of them shared with "
                "the team; a seller who sets a new goal today adds it with the form"
                + (f" ({fmt.plural(again, 'goal')} revisited today, with their progress)." if again else ".")
            )

        return self._view("goals-agreed", build)

    def goals_list(self):
        """Every goal of the session as the audience may read it: a goal kept private or for the manager shows as
        "(private)" / "(manager only)" beside its owner, so the room sees who has set goals, not what they are."""

        def build():
            s = self.session
            g = s.rows["goals"]
            if g.empty:
                return Note("No goals yet: they appear here as the sellers save them.")
            seen = {"team": "the team", "manager": "the manager only", "private": "only its owner"}
            said = self._agreed("goals")
            cols = {
                "Seller": [s.name(m) for m in g["member_id"]],
                "Goal": g["goal"],
                "Who may read it": g["visibility"].map(seen),
            }
            if "progress" in g and g["progress"].notna().any():  # at a review: how each goal stands
                cols["Progress"] = [progress_words(p) for p in g["progress"]]
            return Table(pd.DataFrame(cols).sort_values("Seller", kind="stable"), caption=said)

        return self._view("goals-list", build)

    def goals_by_category(self):
        """How many goals fall in each category; goals not shared with this audience are counted apart."""

        def build():
            g = self.session.rows["goals"]
            shown = _audience.readable(g)
            counts = (
                goals.goals_by_category(shown)
                if len(shown)
                else pd.DataFrame({"category": ["financial", "career", "personal", "learning", "other"], "goals": 0})
            )
            data = pd.DataFrame({"Kind of goal": counts["category"].str.capitalize(), "Goals": counts["goals"]})
            hidden = len(g) - len(shown)
            if hidden:
                data.loc[len(data)] = ["Not shared with the room", hidden]
            return Table(data, {"Goals": fmt.count})

        return self._view("goals-by-category", build)

    def commitments_vs_target(self):
        """All sellers' commitments together, the team's target and the gap, and a note naming each seller who commits
        below their annual quota (each seller's commitment is listed under the commitment form and drawn in the
        chart)."""

        def build():
            s = self.session
            c = s.commitments()
            if c.empty:
                return Note("No commitments yet: they appear here as each seller's commitment is saved.")
            gap = s.commitment_gap()
            rows = [
                (f"All {fmt.plural(len(c), 'seller')} together", s.commitment_total()),
                ("The team's target", float(s.team["annual_target"])),
                ("Short of the target" if gap > 0 else "Above the target", abs(gap)),
            ]
            # commitments nobody revisited here stand as agreed earlier: the table says since when
            said = self._agreed("commitments") if not (c["agreed"] == s.date).any() else None
            table = Table(
                pd.DataFrame(rows, columns=["", "Annual commitment"]), {"Annual commitment": self._money}, caption=said
            )
            short = goals.below_quota(c, members=s.members)
            note = goals.below_quota_words(short, names={m: s.name(m) for m in short["member_id"]}, currency=s.currency)
            return [table, Note(note)] if note else table

        return self._view("commitments", build)

    def commitments_chart(self):
        def build():
            s = self.session
            c = s.commitments()
            if c.empty:
                return None
            return commitments_chart(s, c)

        return self._view("commitments-chart", build)

    def funnel(self):
        """What each commitment takes: deals, opportunities, first meetings a week and pipeline open at any time."""

        def build():
            s = self.session
            c = s.commitments()
            if c.empty:
                return None
            f = goals.funnel(c)
            data = pd.DataFrame(
                {
                    "Seller": f["member_id"].map(s.names()),
                    "Annual commitment": f["annual_commitment"],
                    "Average deal": f["avg_deal_size"],
                    "Win rate": f["win_rate"],
                    "Sales cycle": f["sales_cycle_days"],
                    "Deals needed": f["deals_needed"],
                    "Opportunities needed": f["opportunities_needed"],
                    "Opportunities a week": f["opportunities_per_week"],
                    "First meetings a week": f["meetings_per_week"],
                    "Pipeline open at any time": f["pipeline_needed"],
                }
            ).sort_values("Seller")
            one = lambda x: fmt.num(x, 1)  # noqa: E731
            return Table(
                data,
                {
                    "Annual commitment": self._money,
                    "Average deal": self._money,
                    "Win rate": fmt.pct,
                    "Sales cycle": lambda x: fmt.plural(int(x), "day"),
                    "Deals needed": fmt.count,
                    "Opportunities needed": fmt.count,
                    "Opportunities a week": one,
                    "First meetings a week": one,
                    "Pipeline open at any time": self._money,
                },
            )

        return self._view("funnel", build)
