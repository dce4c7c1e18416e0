"""Actions in the documents: an action's status in words (overdue counted at the session's date), and the table of
actions that 'What we agreed' and a seller's one-pager show."""

from ... import _format as fmt
from ..._blocks import table
from . import model as accountability

__all__ = ["action_status", "actions_table"]


def action_status(session, r):
    """An action's status in a word, as the actions tables show it: open, done, dropped, or overdue (open past due)."""
    if r.status == "open" and not fmt.blank(r.due) and str(r.due) < str(session.date):
        return "overdue"
    return r.status


def actions_table(session, actions):
    """Actions with owner, due date and status ('overdue' when open past due); when the list holds actions agreed
    at earlier sessions, an 'Agreed' column says since when each has been open (None without actions)."""
    if actions.empty:
        return None
    o = accountability.overdue(session.actions("all"), as_of=session.date)
    late = set(zip(o["session_id"], o["action_id"]))
    earlier = bool(actions["carried"].any())
    rows = []
    for r in actions.sort_values(["due", "session_id", "action_id"]).itertuples():
        row = [
            session.name(r.owner_id),
            r.action,
            r.due,
            "overdue" if (r.session_id, r.action_id) in late else r.status,
        ]
        if earlier:
            row.append(
                f"open since {fmt.date(r.agreed)}, {fmt.plural(r.open_days, 'day')}"
                if r.carried and r.status == "open"
                else f"at the session of {fmt.date(r.agreed)}"
                if r.carried
                else "this session"
            )
        rows.append(row)
    return table(["Owner", "Action", "Due", "Status"] + (["Agreed"] if earlier else []), rows)
