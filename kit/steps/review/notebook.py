"""Step 6, the review: what the team owes each other, results against commitments, and what it takes now.

The Workshop's methods for notebook 06 (see kit/_workshop.py). Every figure comes from
:mod:`kit.steps.review.model` on the session cut to the Workshop's audience: under the wall no seller's own
results, coaching or conversation is read.
Coaching and documented conversations are shown and recorded only in the manager's own copy (``audience =
"manager"``); a seller's own copy (``member:<id>``) shows their own.
"""

import pandas as pd

from ... import _format as fmt
from ..._schema import DEPARTMENT_WORDS, GOAL_PROGRESS, MIN_GROUP, SHORTFALL
from ..._views import _KPI_STATUS, _PAIRS, Note, Table
from ...session import derive
from ...validate import split_ids
from ..goals.model import PROGRESS_WORDS, progress_words
from ..kpis import model as kpis
from ..swot import model as swot
from . import model as review
from .section import KIND_WORDS, QUESTIONS, TOPIC_WORDS, need_words

MANAGER_ONLY = (
    "Coaching time and documented conversations are between the manager and each seller: they are recorded and "
    'shown in the manager\'s own copy of this notebook (audience = "manager"), never on the wall.'
)


def _pct(x):
    return fmt.pct(kpis.shown(x))


def _overdue(days):
    return fmt.plural(int(days), "day") if days else "not yet due"


class Review:
    """Step 6, the review: the review loop's views and forms."""

    # ------------------------------------------------------------ who is looking
    def _manager(self):
        """The manager's own copy: the only one that reads and records coaching and conversations."""
        return self.audience.keeps_the_record

    @property
    def _me(self):
        """The seller whose own copy this is (None for the wall, the team and the manager)."""
        return self.audience.member_id

    def _nothing(self, name):
        """What a manager-only cell shows in any other copy: nothing (one line above says where it lives)."""
        return self._view(name, lambda: None)

    # ------------------------------------------------------------ forms
    def ask_form(self):
        """Asks of the manager, with their status (a seller's own copy: their own asks)."""
        from .capture import ask_form

        return self._form(ask_form, session_id=self.session_id, member_id=self._me)

    def update_actions(self):
        """The action form of step 5 under the open actions: a status updated as the team goes through them, new
        actions (the manager's, for a seller, answering an ask) recorded; its own list folded away (the table above
        is the list)."""
        from ..actions.capture import action_form

        form = self._form(action_form, session_id=self.session_id)
        form.list.layout.display = "none"
        return form

    def partner_form(self):
        """The proposed rotation of accountability partners, recorded in one click, and the pairs one by one."""
        from .capture import partner_form

        return self._form(partner_form, session_id=self.session_id)

    def goal_progress_form(self):
        """How each goal stands (a seller's own copy: their own goals, private ones included)."""
        from .capture import goal_progress_form

        return self._form(goal_progress_form, session_id=self.session_id, member_id=self._me)

    def department_form(self):
        """Route a SWOT item to a department, with the ask and, when it comes, the answer."""
        from .capture import department_form

        return self._form(department_form, session_id=self.session_id, show_list=False)

    def strategy_form(self):
        """Write a strategy: the SWOT items it pairs (the kit's pairings offered as questions) and its action."""
        from .capture import strategy_form

        return self._form(strategy_form, session_id=self.session_id, show_list=False)

    def coaching_form(self):
        """The manager's coaching log (only in the manager's own copy; any other copy shows nothing here)."""
        from .capture import coaching_form

        if not self._manager():
            return self._nothing("coaching-form")
        return self._form(coaching_form, session_id=self.session_id)

    def conversation_form(self):
        """Document a conversation (only in the manager's own copy)."""
        from .capture import conversation_form

        if not self._manager():
            return self._nothing("conversation-form")
        return self._form(conversation_form, session_id=self.session_id, show_list=False)

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
            return self._results_by_seller(latest) if self.manager_view else self._results_by_kpi(latest)

        return self._view("wins-and-shortfalls", build)

    def _results_by_kpi(self, latest):
        s = self.session
        mine = latest[latest["member_id"] == self._me] if self._me is not None else latest.iloc[0:0]
        if len(mine):  # a seller's own copy: the team's figures from groups large enough, and their own apart
            people = latest.groupby("kpi")["member_id"].transform("nunique")
            latest = latest[people >= MIN_GROUP]
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
            if self.manager_view or self._me is not None:
                known = [self.manager_view or m == self._me for m in f["member_id"]]  # whose results this copy reads
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
                    if self.manager_view
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

    # ------------------------------------------------------------ 4. the reciprocal ledger
    def ledger(self):
        """The reciprocal ledger: what each seller committed to and asked of the manager, and what the manager
        committed to them, since the last session (and older debts still open)."""

        def build():
            led = review.ledger(self.session)
            if not any(len(x["mine"]) or len(x["manager"]) or len(x["asks"]) for x in led):
                return Note("Nobody has committed to anything yet: record actions in section 1 and asks in section 6.")

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
            sellers = {k: sum(x["counts_mine"][k] for x in led) for k in ("done", "open")}
            manager = {k: sum(x["counts_manager"][k] for x in led) for k in ("done", "open")}
            return Table(
                data,
                caption=(
                    f"The sellers' actions: {sellers['done']} done, {sellers['open']} open; the manager's actions for "
                    f"them: {manager['done']} done, {manager['open']} open."
                ),
            )

        return self._view("ledger", build)

    # ------------------------------------------------------------ 5. partners
    def partners(self):
        """The accountability pairs in force and the check-ins of each pair; after a new rotation at this session,
        the check-ins with the partner until now, beside the new partner."""

        def build():
            p = review.partners(self.session)
            if p.empty:
                return Note("No accountability partners yet: record the proposed rotation below.")
            p = p.sort_values("name")
            rotated = (p["earlier_id"] != p["partner_id"]).any()
            counts = {"Check-ins done": fmt.count, "Check-ins open": fmt.count}
            if rotated:
                data = pd.DataFrame(
                    {
                        "Seller": p["name"],
                        "Partner until now": p["earlier"],
                        "Check-ins done": p["done"],
                        "Check-ins open": p["open"],
                        "New partner": p["partner"],
                    }
                )
                caption = (
                    "A new rotation is recorded at this session; the check-ins are those with the partner until now:"
                )
            else:
                data = pd.DataFrame(
                    {
                        "Seller": p["name"],
                        "Accountability partner": p["partner"],
                        "Check-ins done": p["done"],
                        "Check-ins open": p["open"],
                    }
                )
                caption = "Accountability partners and their check-ins:"
            return Table(data, counts, caption=caption)

        return self._view("partners", build)

    # ------------------------------------------------------------ 6-7. asks of the manager, the manager's commitments
    def manager_commitments(self):
        """The manager's own actions since the last session (and older ones still open): whom each is for and the
        ask it answers; then the asks still open that no action of the manager answers yet."""

        def build():
            s = self.session
            m = s.manager_id
            a = s.actions("all")
            recent = {s.session_id} | ({s.previous["session_id"]} if s.previous else set())
            a = a[(a["owner_id"] == m) & (a["session_id"].isin(recent) | (a["status"] == "open"))]
            a = a.assign(order=a["status"].map({"open": 0, "done": 1, "dropped": 2})).sort_values(["order", "due"])
            asks = s.rows["asks"]
            said = dict(zip(asks["ask_id"], asks["ask"]))
            parts = []
            if a.empty:
                parts.append(Note("The manager has no action yet: record them in section 1 (owner: the manager)."))
            else:
                parts.append(
                    Table(
                        pd.DataFrame(
                            {
                                "The manager committed to": a["action"],
                                "For": [s.name(f) if isinstance(f, str) and f else "the team" for f in a["for_id"]],
                                "Answers the ask": [said.get(q) if isinstance(q, str) else None for q in a["ask_id"]],
                                "Due": a["due"],
                                "Status": [
                                    "open, overdue" if st == "open" and str(d) < str(s.date) else st
                                    for st, d in zip(a["status"], a["due"])
                                ],
                            }
                        ),
                        {"Due": fmt.date},
                        caption="The manager's commitments since the last session, and older ones still open:",
                    )
                )
            answered = set(s.actions("all")["ask_id"].dropna()) if len(s.actions("all")) else set()
            waiting = asks[(asks["status"] == "open") & ~asks["ask_id"].isin(answered)] if len(asks) else asks
            if len(waiting):
                parts.append(
                    Note(
                        "Asks still open that no action of the manager answers yet: "
                        + "; ".join(f"{s.name(r.member_id)}: {r.ask}" for r in waiting.itertuples())
                        + "."
                    )
                )
            elif len(asks):
                parts.append(Note("Every open ask has an action of the manager answering it."))
            return parts

        return self._view("manager-commitments", build)

    # ------------------------------------------------------------ 8. goals revisited
    def goals_progress(self):
        """How the goals this audience may read stand (a goal not yet revisited says so)."""

        def build():
            g = self.session.rows["goals"]
            if g.empty:
                return Note("No goals yet: each seller's goals come from step 1.")
            shown = g[g["shared"]] if "shared" in g else g
            hidden = len(g) - len(shown)
            counts = review.goal_progress(g)
            order = [*GOAL_PROGRESS, "not reviewed"]
            tally = ", ".join(
                f"{counts[k]} {PROGRESS_WORDS.get(k, 'not reviewed yet')}" for k in order if counts.get(k)
            )
            note = (
                f" {fmt.plural(hidden, 'goal')} not shared here: their owners mark them too; the text stays theirs."
                if hidden
                else ""
            )
            if shown.empty:
                return Note(f"No goal here is shared with this audience.{note}")
            data = pd.DataFrame(
                {
                    "Seller": shown["member_id"].map(self.session.name),
                    "Goal": shown["goal"],
                    "Where it stands": [progress_words(p) for p in shown["progress"]],
                    "What it would mean": shown["implication"],
                }
            ).sort_values("Seller", kind="stable")
            return Table(data, caption=f"Goals, and how they stand ({tally}).{note}")

        return self._view("goals-progress", build)

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

    # ------------------------------------------------------------ 11. the manager's own
    def time_against_need(self):
        """Coaching minutes since the last session beside each seller's need (the manager's copy only; a seller's
        own copy says how much time they had)."""

        def build():
            s = self.session
            if self._me is not None:
                c = s.coaching
                since = s.previous["date"] if s.previous else "0000"
                recent = c[c["date"] > since] if c is not None and len(c) else c
                n = 0 if recent is None else len(recent)
                minutes = 0 if recent is None or recent.empty else int(recent["minutes"].sum())
                return Note(
                    f"Coaching with your manager since the last session: {fmt.plural(minutes, 'minute')} "
                    f"({fmt.plural(n, 'meeting')})."
                )
            if not self._manager():
                return Note(MANAGER_ONLY)
            t, flag = review.time_against_need(s)
            if t.empty:
                return Note("No sellers yet: add the team's members in step 0.")
            lead = []
            if flag:
                lead.append(
                    f"⚠ Those who need it most got the least: {' and '.join(flag['most'])} had "
                    f"{fmt.num(flag['most_minutes'])} minutes each on average, the others "
                    f"{fmt.num(flag['others_minutes'])}. Move time to them before the next review."
                )
            elif t["minutes"].sum() == 0:
                lead.append("No coaching time is recorded since the last session: log it below.")
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
            since = "since the last session" if s.previous is not None else "recorded so far"
            return [
                *[Note(x) for x in lead],
                Table(
                    data,
                    {"Need (of 3)": fmt.count, "Minutes": fmt.count},
                    caption=f"Coaching minutes {since}, against need (most in need first):",
                ),
                Note(need_words()["text"]),
            ]

        return self._view("time-against-need", build)

    def conversations(self):
        """The conversations on record (the manager's copy: all of them; a seller's own copy: their own)."""

        def build():
            if not (self._manager() or self._me is not None):
                return None
            s = self.session
            c = s.conversations
            if c is None or c.empty:
                return Note("No conversation documented yet.")
            c = c.sort_values(["date", "member_id"], ascending=[False, True])
            data = pd.DataFrame(
                {
                    "Date": c["date"].map(fmt.date),
                    "Seller": c["member_id"].map(s.name),
                    "About": c["topic"].map(TOPIC_WORDS),
                    "What was said": c["summary"],
                    "Next step": c["agreed_next_step"],
                    "Follow-up": [d if isinstance(d, str) and d else None for d in c["follow_up"]],
                }
            )
            if self._me is not None:
                data = data.drop(columns=["Seller"])
            due = c[c["follow_up"].notna() & (c["follow_up"].astype(str) != "") & (c["follow_up"] <= s.date)]
            lead = (
                [
                    Note(
                        "Follow-ups due by this session: "
                        + "; ".join(f"{s.name(r.member_id)} ({fmt.date(r.follow_up)})" for r in due.itertuples())
                        + "."
                    )
                ]
                if len(due) and self._manager()
                else []
            )
            who = "Conversations on record, the latest first" if self._manager() else "Your conversations on record"
            return [*lead, Table(data, {"Follow-up": fmt.date}, caption=f"{who}:")]

        return self._view("conversations", build)

    # ------------------------------------------------------------ 12. how we work with the manager and departments
    def pulse_dimensions(self):
        """How the team says it works with its manager and with other departments (anonymous answers: a mean is
        shown only from three answers, so that no figure is one person's own)."""

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

    # ------------------------------------------------------------ 13. questions
    def review_questions(self):
        """The questions the method asks the team to discuss at every review, one to a line."""
        return self._view("review-questions", lambda: [Note(f"{i}. {q}") for i, q in enumerate(QUESTIONS, 1)])
