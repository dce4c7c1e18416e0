"""What the team owes each other: the reciprocal ledger, partners and their check-ins, the manager's own
commitments, and how each goal stands."""

import pandas as pd

from .... import _format as fmt
from ...._schema import GOAL_PROGRESS
from ...._views import Note, Table
from ...goals.model import PROGRESS_WORDS, progress_words
from .. import model as review


class Owed:
    """The review notebook's ledger: what the team and the manager owe each other."""

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
