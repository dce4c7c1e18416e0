"""Step 5, commitments and accountability: actions and the next leader.

The Workshop's methods for this step (see kit/_workshop.py).
"""

import pandas as pd

from ... import _format as fmt
from ..._views import _ROLES, _STATUS, Note, Table
from . import model as accountability


class Accountability:
    """Step 5, commitments and accountability: actions and the next leader."""

    # ------------------------------------------------------------ step 5: accountability
    def action_form(self):
        from .capture import action_form

        return self._form(action_form, session_id=self.session_id)

    def leader_form(self):
        from .capture import leader_form

        return self._form(leader_form, session_id=self.session_id)

    def action_summary(self):
        """At a review, the actions agreed earlier: how many are done, open (and overdue), dropped, as the report
        counts them; the overdue ones by name. The open ones are listed, with how long they have been open, under
        the action form."""

        def build():
            s = self.session
            earlier = s.actions("earlier")
            if s.previous is None or earlier.empty:
                return None
            n = s.action_counts("earlier")
            parts = [
                Note(
                    f"Actions from earlier sessions: {n['done']} done, {n['open']} open ({n['overdue']} "
                    f"overdue), {n['dropped']} dropped."
                )
            ]
            for r in accountability.overdue(earlier, as_of=s.date).itertuples():
                late = (pd.Timestamp(s.date) - pd.Timestamp(r.due)).days
                parts.append(
                    Note(
                        f"Overdue: {s.name(r.owner_id)}: {r.action} (due {fmt.date(r.due)}, "
                        f"{fmt.plural(late, 'day')} ago)."
                    )
                )
            return parts

        return self._view("action-summary", build)

    def actions_by_owner(self):
        """Actions per owner and status, agreed at this session or earlier; the manager's own first."""

        def build():
            s = self.session
            a = s.actions("all")
            if a.empty:
                return Note("No actions yet: they appear here as they are saved.")
            role = dict(zip(s.members["member_id"], s.members["role"]))
            t = pd.crosstab(a["owner_id"], a["status"]).reindex(columns=list(_STATUS), fill_value=0).reset_index()
            t["order"] = t["owner_id"].map(lambda m: 0 if role.get(m) == "manager" else 1)
            t["name"] = t["owner_id"].map(s.name)
            t = t.sort_values(["order", "name"])
            data = pd.DataFrame(
                {
                    "Owner": t["name"],
                    "Role": t["owner_id"].map(role).map(_ROLES),
                    **{label: t[k].values for k, label in _STATUS.items()},
                }
            )
            return Table(
                data,
                {label: fmt.count for label in _STATUS.values()},
                caption="Actions per owner, agreed at this session or earlier:" if s.previous is not None else None,
            )

        return self._view("actions-by-owner", build)

    def overdue(self, as_of=None):
        """Open actions, from any session so far, due before ``as_of`` (default: this session's date)."""

        def build():
            s = self.session
            when = as_of or s.date
            late = accountability.overdue(s.actions("all"), as_of=when)
            if late.empty:
                return Note("Nothing overdue.")
            days = [(pd.Timestamp(when) - pd.Timestamp(d)).days for d in late["due"]]
            data = pd.DataFrame(
                {
                    "Owner": late["owner_id"].map(s.name),
                    "Action": late["action"],
                    "Was due": late["due"].map(fmt.date),
                    "Agreed": late["agreed"].map(fmt.date),
                    "Days overdue": days,
                }
            )
            return Table(data, {"Days overdue": fmt.count}, caption="Open and past due:")

        return self._view("overdue", build)

    def next_leader(self):
        """The name of who leads the next meeting in the rotation (None for a team without members)."""
        nxt = self.session.next_leader
        return self.session.name(nxt) if nxt else None
