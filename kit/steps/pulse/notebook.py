"""Step 0, welcome: the team and the pulse.

The Workshop's methods for this step (see kit/_workshop.py).
"""

import pandas as pd

from ... import _format as fmt
from ... import audience as _audience
from ... import session as _session
from ..._schema import MIN_GROUP, PULSE_LEVELS, PULSE_PHASES, PULSE_QUESTION
from ..._views import _ROLES, Note, Table, _count_or_mean
from . import model as pulse_
from .section import chart


def _too_few(n):
    return (
        f"{fmt.plural(n, 'answer')} so far: the answers are shown from {MIN_GROUP}, so that no one's own answer "
        "can be read from them."
    )


class Welcome:
    """Step 0, welcome: the team and the pulse."""

    # ------------------------------------------------------------ step 0: the team and the pulse
    def overview(self):
        """Who is in the team, with role, territory and annual quota."""

        def build():
            m = self.session.members.sort_values(["role", "name"])  # the manager first
            return Table(
                pd.DataFrame(
                    {
                        "Name": m["name"],
                        "Role": m["role"].map(_ROLES),
                        "Territory": m["territory"],
                        "Annual quota": [q if r == "seller" else None for q, r in zip(m["annual_quota"], m["role"])],
                    }
                ),
                {"Annual quota": self._money},
            )

        return self._view("overview", build)

    def pulse_form(self, phase="opening", dimension="team"):
        """One answer per person, anonymous by default: at the opening, or (``phase='closing'``) at the end; about
        the team (the default), or how it works with its ``manager`` or with ``other_departments``."""
        from .capture import pulse_form

        return self._form(pulse_form, session_id=self.session_id, phase=phase, dimension=dimension)

    def pulse_chart(self, phase="opening"):
        """The pulse of one phase: answers per level and where the team places itself."""

        def build():
            p = self.session.pulse(phase)
            few = self.session.pulse_withheld(phase)  # too few to show: the audience's cut left them out
            if few:
                return Note(_too_few(few))
            if p.empty:
                return Note("No answers yet: they appear here as people answer.")
            return chart(p)

        return self._view(f"pulse-{phase}", build)

    def pulse_compare(self):
        """The opening and the closing pulse side by side: answers per level and the average of each."""

        def build():
            s = self.session
            opening, closing = s.pulse("opening"), s.pulse("closing")
            if opening.empty or closing.empty:  # none, or too few to show (a count of 1 or 2 is someone's own)
                n_open, n_close = s.pulse_answers("opening"), s.pulse_answers("closing")
                said = f"{fmt.plural(n_open, 'person', 'people')} answered at the start, {n_close} at the end."
                return [Note(said), Note(_too_few(min(n_open, n_close)))]
            dist = {
                ph: pulse_.pulse_distribution(p)["answers"].tolist()
                for ph, p in (("opening", opening), ("closing", closing))
            }
            rows = pd.DataFrame(
                {
                    PULSE_QUESTION["opening"]: [f"{k} {v}" for k, v in PULSE_LEVELS.items()],
                    "At the start": dist["opening"],
                    "At the end": dist["closing"],
                }
            )
            means = pd.DataFrame(
                {
                    PULSE_QUESTION["opening"]: ["Average (of 5)"],
                    "At the start": [pulse_.pulse_mean(opening)],
                    "At the end": [pulse_.pulse_mean(closing)],
                }
            )
            table = Table(
                pd.concat([rows, means], ignore_index=True).astype({"At the start": float, "At the end": float}),
                {"At the start": _count_or_mean, "At the end": _count_or_mean},
            )
            said = f"{fmt.plural(len(opening), 'person', 'people')} answered at the start, {len(closing)} at the end."
            if closing.empty:
                said += " Ask the closing question before everyone leaves."
            return [Note(said), table]

        return self._view("pulse-compare", build)

    def pulse_trend(self):
        """The opening pulse at each of the team's sessions so far: answers, average and what it means."""

        def build():
            s = self.session
            rows = []
            upto = s.sessions[s.sessions["date"] <= s.date]
            for r in upto.itertuples():
                if r.session_id == s.session_id:
                    p = s.pulse("opening")
                else:
                    p = _audience.cut_table("pulse", self.eng.pulse(session_id=r.session_id), self.policy)
                    p = _session._pulse(p, PULSE_PHASES[0], "team") if len(p) else p
                mean = pulse_.pulse_mean(p)
                rows.append(
                    {
                        "Session": self._session_words(r._asdict()),
                        "Answers": len(p),
                        "Average (of 5)": mean,
                        "Where the team places itself": pulse_.pulse_words(mean) if len(p) else None,
                    }
                )
            return Table(
                pd.DataFrame(rows),
                {"Answers": fmt.count, "Average (of 5)": lambda x: fmt.num(x, 1)},
                caption="The opening pulse, session by session:",
            )

        return self._view("pulse-trend", build)
