"""Step 3, KPIs: the catalogue, votes, the selection and attainment.

The Workshop's methods for this step (see kit/_workshop.py).
"""

import pandas as pd

from ... import _format as fmt
from ..._format import span_words
from ..._schema import KPI_ADVICE
from ..._views import _KPI_STATUS, INDIVIDUAL_RESULTS, Note, Table, _scope
from . import model as kpis
from .section import attainment_chart, votes_chart


class Kpis:
    """Step 3, KPIs: the catalogue, votes, the selection and attainment."""

    # ------------------------------------------------------------ step 3: KPIs
    def catalogue(self):
        from .capture import catalogue_browser

        return catalogue_browser(self.eng)

    def kpi_vote_form(self):
        from .capture import vote_form as kpi_vote_form

        return self._form(kpi_vote_form, session_id=self.session_id)

    def _tally(self):
        return kpis.tally(self.session.rows["kpi_votes"], catalog=self.session.catalog)

    def kpi_tally(self):
        """Dots per KPI, how many people chose it, and its share of all dots."""

        def build():
            t = self._tally()
            c = self.session.carried.get("kpis")
            if t.empty and c:
                return Note(
                    f"No KPI vote at this session: the KPIs chosen at the session of {fmt.date(c['date'])} "
                    "are in force (below)."
                )
            if t.empty:
                return Note("No votes yet: the tally appears here as people vote.")
            return Table(
                pd.DataFrame(
                    {
                        "KPI": t["name"],
                        "Leading or lagging": t["kind"],
                        "Dots": t["dots"],
                        "People who chose it": t["voters"],
                        "Share of the dots": t["share"],
                    }
                ),
                {"Dots": fmt.count, "People who chose it": fmt.count, "Share of the dots": fmt.pct},
            )

        return self._view("kpi-tally", build)

    def kpi_votes_chart(self):
        def build():
            t = self._tally()
            return None if t.empty else votes_chart(t)

        return self._view("kpi-votes-chart", build)

    def kpi_selection_form(self):
        from .capture import selection_form

        return self._form(selection_form, session_id=self.session_id)

    def _selection(self):
        s = self.session
        return kpis.selection(s.kpis_in_force, catalog=s.catalog)

    def kpi_selection(self):
        """The KPIs in force for this session (chosen now, or at the latest earlier session), per scope."""

        def build():
            sel = self._selection()
            if sel.empty:
                return Note("No KPIs selected yet: they appear here as they are saved.")
            cur = self.session.currency
            data = pd.DataFrame(
                {
                    "For": [_scope(x) for x in sel["scope"]],
                    "KPI": sel["name"],
                    "Target": [fmt.measure(v, u, cur) for v, u in zip(sel["target"], sel["unit"])],
                    "Per": sel["period"],
                    "Leading or lagging": sel["kind"],
                    "Better when": sel["direction"].map({"higher": "higher", "lower": "lower"}),
                }
            )
            c = self.session.carried.get("kpis")
            caption = f"In force since the session of {fmt.date(c['date'])}." if c else None
            return Table(data, caption=caption)

        return self._view("kpi-selection", build)

    def kpi_balance(self):
        """Per scope: how many KPIs, leading and lagging, and whether it keeps to the advice (three to five)."""

        def build():
            s = self.session
            if s.kpis_in_force.empty:
                return None
            a = kpis.selection_advice(s.kpis_in_force, catalog=s.catalog)
            lo, hi = KPI_ADVICE
            advice = [
                "Within the advice" if lo <= n <= hi else (f"Add {lo - n}" if n < lo else f"Drop {n - hi}")
                for n in a["kpis"]
            ]
            return Table(
                pd.DataFrame(
                    {
                        "For": [_scope(x) for x in a["scope"]],
                        "KPIs": a["kpis"],
                        "Leading": a["leading"],
                        "Lagging": a["lagging"],
                        f"{span_words(KPI_ADVICE).capitalize()} per scope": advice,
                    }
                ),
                {"KPIs": fmt.count, "Leading": fmt.count, "Lagging": fmt.count},
            )

        return self._view("kpi-balance", build)

    def _attainment(self):
        return self.session.latest_attainment()

    def attainment(self):
        """Latest actual against target on the KPIs in force: per KPI for the room (how many sellers at or above
        target, on the way, below 80%), per seller in the manager's view."""

        def build():
            a = self._attainment()
            withheld = self.session.withheld_note("attainment")
            if a.empty:
                return Note(
                    withheld or "No results reported yet: attainment shows at a review, once KPI actuals are in."
                )
            unit = dict(zip(self._selection()["kpi_id"], self._selection()["unit"]))
            cur = self.session.currency
            if self.audience.reads_each_person:
                a = a.sort_values(["name", "kpi"])
                data = pd.DataFrame(
                    {
                        "Seller": a["name"],
                        "KPI": a["kpi"],
                        "Period ending": a["period_end"].map(fmt.date),
                        "Actual": [fmt.measure(v, unit.get(k), cur) for v, k in zip(a["value"], a["kpi_id"])],
                        "Target": [fmt.measure(v, unit.get(k), cur) for v, k in zip(a["target"], a["kpi_id"])],
                        "Attainment": a["attainment"],
                        "Status": a["status"].map(_KPI_STATUS),
                    }
                )
                return Table(data, {"Attainment": fmt.pct})
            rows = []
            for kpi, g in a.groupby("kpi", sort=True):
                st = g["status"].value_counts()
                rows.append(
                    {
                        "KPI": kpi,
                        "Sellers measured": len(g),
                        "Team attainment": g["attainment"].mean(),
                        "At or above target": int(st.get("win", 0)),
                        "On the way": int(st.get("on the way", 0)),
                        _KPI_STATUS["shortfall"]: int(st.get("shortfall", 0)),
                    }
                )
            return [
                Note(INDIVIDUAL_RESULTS),
                Note(withheld) if withheld else None,
                Table(
                    pd.DataFrame(rows),
                    {
                        "Sellers measured": fmt.count,
                        "Team attainment": fmt.pct,
                        "At or above target": fmt.count,
                        "On the way": fmt.count,
                        _KPI_STATUS["shortfall"]: fmt.count,
                    },
                ),
            ]

        return self._view("attainment", build)

    def attainment_chart(self):
        def build():
            a = self._attainment()
            return None if a.empty else attainment_chart(self.session)

        return self._view("attainment-chart", build)
