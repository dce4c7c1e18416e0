"""Where the manager's time goes against need, the documented conversations, the pulse by dimension, and the
review's closing questions."""

import pandas as pd

from .... import _format as fmt
from ...._schema import MIN_GROUP
from ...._views import Note, Table
from .. import model as review
from ..section import KIND_WORDS, QUESTIONS, TOPIC_WORDS, need_words
from ._parts import MANAGER_ONLY


class Time:
    """The review notebook's time against need, conversations, pulse and closing questions."""

    # ------------------------------------------------------------ 11. the manager's own
    def manager_side(self):
        """The manager held to their side: each seller to address early beside what the manager still owes them, and
        the recurring promises against the coaching log (the manager's copy; a seller's own copy: their own line)."""
        from ..owed import failed_them, promise_against_practice

        def build():
            s = self.session
            if self._me is not None:
                p = review.promises(s)
                p = p[(p["member_id"] == self._me) & (p["times"] > 0)]
                if p.empty:
                    return Note("No recurring promise of your manager's to you has fallen due yet.")
                return [
                    Note(
                        f"Your manager promised “{r.action}”: {fmt.count(r.promised)} minutes with you by "
                        f"{fmt.date(r.until)}; the coaching log shows {fmt.count(r.logged)}"
                        + (" (the log counts each minute once, across your manager's promises)." if len(p) > 1 else ".")
                    )
                    for r in p.itertuples()
                ]
            if not self._manager():
                return Note(MANAGER_ONLY)
            parts = []
            for sec in (failed_them(s), promise_against_practice(s)):
                if sec:
                    title = sec["title"] if sec["title"].endswith("?") else sec["title"] + "."
                    parts += [Note(f"{title} {sec['intro']}")] + sec["blocks"]
            return parts or Note(
                "Nobody is flagged to address early, and no recurring promise of yours has fallen due yet."
            )

        return self._view("manager-side", build)

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
                        "Answers": self.session.pulse_answers("opening", dim),
                        # too few to show are left out by the audience's cut: no average
                        "Average (of 5)": p["score"].mean() if len(p) else None,
                        "Last time": before["score"].mean() if len(before) else None,
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
