"""Step 6, the review: what the team owes each other, results against commitments, and what it takes now.

The Workshop's methods for notebook 06 (see kit/_workshop.py). Every figure comes from :mod:`kit.review` on the
session cut to the Workshop's audience: under the wall no seller's own bookings, coaching or conversation is read.
"""

import pandas as pd

from .. import _format as fmt
from .. import review, swot
from .._views import Note, Table
from ..report.sections.agenda import QUESTIONS
from ..report.sections.review import KIND_WORDS, PROGRESS_WORDS, TOPIC_WORDS

MANAGER_ONLY = (
    "Coaching time and documented conversations are between the manager and each seller: they are recorded and "
    'shown in the manager\'s own copy of this notebook (audience = "manager"), never on the wall.'
)


class Review:
    """Step 6, the review: the review loop's views and forms."""

    # ------------------------------------------------------------ forms
    def ask_form(self):
        from ..forms import ask_form

        return self._form(ask_form, session_id=self.session_id)

    def partner_form(self):
        from ..forms import partner_form

        return self._form(partner_form, session_id=self.session_id)

    def goal_progress_form(self):
        from ..forms import goal_progress_form

        return self._form(goal_progress_form, session_id=self.session_id)

    def department_form(self):
        from ..forms import department_form

        return self._form(department_form, session_id=self.session_id)

    def strategy_form(self):
        from ..forms import strategy_form

        return self._form(strategy_form, session_id=self.session_id)

    def coaching_form(self):
        """The manager's coaching log (only in the manager's own copy; elsewhere one line says where it lives)."""
        from ..forms import coaching_form

        return self._form(coaching_form, session_id=self.session_id) if self._manager() else Note(MANAGER_ONLY)

    def conversation_form(self):
        """Documented conversations (only in the manager's own copy)."""
        from ..forms import conversation_form

        return self._form(conversation_form, session_id=self.session_id) if self._manager() else Note(MANAGER_ONLY)

    def _manager(self):
        return self.audience.individuals and self.audience.authors

    # ------------------------------------------------------------ views
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
                    "Due": a["due"].map(fmt.date),
                    "Days overdue": a["days_overdue"],
                    "Agreed": [fmt.date(d) if c else "this session" for d, c in zip(a["agreed"], a["carried"])],
                }
            )
            return Table(data, {"Days overdue": fmt.count}, caption="Open actions, most overdue first:")

        return self._view("open-actions", build)

    def funnels_rebuilt(self):
        """Each seller's funnel rebuilt from what this audience may see of their results: the first meetings a week
        the rest of their commitment takes, beside the kickoff plan and the KPI target."""

        def build():
            s = self.session
            f = review.rebuilt_funnel(s)
            if f.empty:
                return Note("No commitments yet: record them in step 1.")
            sees = s.policy.individuals or s.policy.member_id is not None
            data = pd.DataFrame(
                {
                    "Seller": f["name"],
                    "Commitment": f["annual_commitment"],
                    "Won so far": f["won"],
                    "Planned a week": f["plan_meetings_per_week"],
                    "Takes now a week": f["meetings_per_week"],
                    "KPI target a week": f["kpi_target"],
                }
            )
            weeks = fmt.num(f["weeks_left"].iloc[0], 0)
            caption = (
                f"First meetings a week each commitment takes with {weeks} selling weeks left, rebuilt from the "
                "bookings, win rate and deal size reported so far:"
                if sees
                else f"First meetings a week each commitment takes with {weeks} selling weeks left, if nothing is won "
                "yet (each seller's own results rebuild theirs in their one-pager and the manager's copy):"
            )
            if not sees:
                data = data.drop(columns=["Won so far"])
            one = lambda x: fmt.num(x, 1)  # noqa: E731
            return Table(
                data,
                {
                    "Commitment": self._money,
                    "Won so far": self._money,
                    "Planned a week": one,
                    "Takes now a week": one,
                    "KPI target a week": one,
                },
                caption=caption,
            )

        return self._view("funnels-rebuilt", build)

    def ledger(self):
        """The reciprocal ledger: what each seller committed to and asked of the manager, and what the manager
        committed to them, since the last session (and older debts still open)."""

        def build():
            led = review.ledger(self.session)
            if not any(len(x["mine"]) or len(x["manager"]) or len(x["asks"]) for x in led):
                return Note("Nobody has committed to anything yet: record actions in step 5 and asks below.")

            def said(df, col):
                return "; ".join(f"{r[col]} ({r['status']})" for _, r in df.iterrows()) or None

            data = pd.DataFrame(
                {
                    "Seller": [x["name"] for x in led],
                    "Committed to": [said(x["mine"], "action") for x in led],
                    "Asked of the manager": [said(x["asks"], "ask") for x in led],
                    "The manager committed to": [said(x["manager"], "action") for x in led],
                }
            )
            return Table(data, caption="Both ways: the sellers' commitments beside the manager's to each of them:")

        return self._view("ledger", build)

    def partners(self):
        """The accountability pairs in force and the check-ins each pair recorded."""

        def build():
            p = review.partners(self.session)
            if p.empty:
                return Note("No accountability partners yet: record the proposed rotation below.")
            data = pd.DataFrame(
                {
                    "Seller": p["name"],
                    "Partner": p["partner"],
                    "Until now with": [e if e != n else None for e, n in zip(p["earlier"], p["partner"])],
                    "Check-ins done": p["done"],
                    "Check-ins open": p["open"],
                }
            ).sort_values("Seller")
            if data["Until now with"].isna().all():
                data = data.drop(columns=["Until now with"])
            return Table(
                data,
                {"Check-ins done": fmt.count, "Check-ins open": fmt.count},
                caption="Accountability partners (a check-in is an action of one partner for the other):",
            )

        return self._view("partners", build)

    def goals_progress(self):
        """How the goals this audience may read stand (a goal not yet revisited says so)."""

        def build():
            g = self.session.rows["goals"]
            if g.empty:
                return Note("No goals yet: each seller's goals come from step 1.")
            shown = g[g["shared"]] if "shared" in g else g
            hidden = len(g) - len(shown)
            data = pd.DataFrame(
                {
                    "Seller": shown["member_id"].map(self.session.name),
                    "Goal": shown["goal"],
                    "Progress": [PROGRESS_WORDS.get(p if isinstance(p, str) else None, p) for p in shown["progress"]],
                    "What it would mean": shown["implication"],
                }
            ).sort_values("Seller", kind="stable")
            note = (
                f" ({fmt.plural(hidden, 'goal')} not shared here: their owners record progress too)" if hidden else ""
            )
            return Table(data, caption=f"Goals, and how they stand{note}:")

        return self._view("goals-progress", build)

    def department_asks(self):
        """The SWOT items routed to other departments, with the team's ask and their answer."""

        def build():
            asks = review.department_asks(self.session)
            rows = [
                {
                    "Department": review.DEPARTMENT_NAMES[d],
                    "SWOT item": r.text,
                    "Our ask": r.ask,
                    "Their answer": r.answer or "no answer yet",
                }
                for d, g in asks.items()
                for r in g.itertuples()
            ]
            if not rows:
                return Note("No SWOT item is routed to another department yet: use the form below.")
            return Table(pd.DataFrame(rows), caption="Asks to other departments (each gets a brief in the reports):")

        return self._view("department-asks", build)

    def strategies(self):
        """The team's strategies with their action; without any, the pairings to consider (questions)."""

        def build():
            s = self.session
            st = review.strategies(s)
            if len(st):
                return Table(
                    pd.DataFrame(
                        {
                            "Strategy": st["text"],
                            "Pairs": [" + ".join(i) for i in st["items"]],
                            "Action": [
                                f"{a} ({o}, {x})" if a else "no action yet"
                                for a, o, x in zip(st["action"], st["owner"], st["status"])
                            ],
                        }
                    ),
                    caption="Our strategies:",
                )
            items = s.rows["swot"]
            if items.empty:
                return Note("No SWOT yet: build it in step 2, then write the strategies here.")
            pairs = swot.strategies(swot.priorities(items, votes=s.rows["swot_votes"])).head(4)
            return Table(
                pd.DataFrame(
                    {"Question to answer": pairs["strategy"], "Items": pairs["first"] + " " + pairs["second"]}
                ),
                caption="No strategy is written yet. Pairings to consider (write the answer in your own words below, "
                "with the item ids):",
            )

        return self._view("strategies", build)

    def time_against_need(self):
        """Coaching minutes since the last session beside each seller's need (the manager's copy only)."""

        def build():
            if not self._manager():
                return Note(MANAGER_ONLY)
            t, flag = review.time_against_need(self.session)
            if t.empty:
                return Note("No sellers yet.")
            notes = []
            if flag:
                notes.append(
                    f"⚠ Those who need it most got the least: {' and '.join(flag['most'])} had "
                    f"{fmt.num(flag['most_minutes'])} minutes each on average, the others "
                    f"{fmt.num(flag['others_minutes'])}."
                )
            data = pd.DataFrame(
                {
                    "Seller": t["name"],
                    "Need (of 3)": t["need"],
                    "Why": [r or "none flagged" for r in t["reasons"]],
                    "Minutes": t["minutes"],
                    "How": [
                        ", ".join(f"{KIND_WORDS[k]} {v}" for k, v in sorted(b.items())) or None for b in t["by_kind"]
                    ],
                }
            )
            return Table(
                data,
                {"Need (of 3)": fmt.count, "Minutes": fmt.count},
                caption=" ".join(notes + ["Coaching since the last session, against need:"]),
            )

        return self._view("time-against-need", build)

    def conversations(self):
        """The conversations on record (the manager's copy only)."""

        def build():
            if not self._manager():
                return Note(MANAGER_ONLY)
            c = self.session.conversations
            if c is None or c.empty:
                return Note("No conversation documented yet.")
            data = pd.DataFrame(
                {
                    "Date": c["date"].map(fmt.date),
                    "Seller": c["member_id"].map(self.session.name),
                    "About": c["topic"].map(TOPIC_WORDS),
                    "What was said": c["summary"],
                    "Next step": c["agreed_next_step"],
                    "Follow-up": c["follow_up"].map(lambda d: fmt.date(d) if d else None),
                }
            )
            return Table(data, caption="Conversations on record:")

        return self._view("conversations", build)

    def pulse_dimensions(self):
        """How the team says it works with its manager and with other departments (anonymous answers: a mean is
        shown only from three answers, so that no figure is one person's own)."""
        from .._schema import MIN_GROUP

        def build():
            rows = []
            for dim, words in (("manager", "With our manager"), ("other_departments", "With other departments")):
                p = self.session.pulse("opening", dimension=dim)
                before = self.session.pulse_before(dimension=dim)
                rows.append(
                    {
                        "How we work": words,
                        "Answers": len(p),
                        "Average (of 5)": p["score"].mean() if len(p) >= MIN_GROUP else None,
                        "Last time": before["score"].mean() if len(before) >= MIN_GROUP else None,
                    }
                )
            data = pd.DataFrame(rows)
            if data["Answers"].sum() == 0:
                return Note("No answers yet: use the two forms below (anonymous unless someone chooses).")
            one = lambda x: fmt.num(x, 1)  # noqa: E731
            return Table(
                data,
                {"Answers": fmt.count, "Average (of 5)": one, "Last time": one},
                caption=f"1 resentment … 5 collaboration; an average needs at least {MIN_GROUP} answers:",
            )

        return self._view("pulse-dimensions", build)

    def review_questions(self):
        """The questions the method asks the team to discuss at every review."""
        return Note(" ".join(f"({i}) {q}" for i, q in enumerate(QUESTIONS, 1)))
