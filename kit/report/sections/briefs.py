"""Department briefs (``briefs/<department>.html``): one page per department the team's SWOT asks for support,
worded so that a sales leader can forward it as it is. Team audience: SWOT items without authors, no votes by
person, nothing private."""

from ... import _format as fmt
from ..._blocks import section, table, text
from ..._schema import DEPARTMENT_WORDS
from ...steps.swot import model as swot
from . import head

__all__ = ["departments", "document"]

_QUADRANT = {"S": "a strength", "W": "a weakness", "O": "an opportunity", "T": "a threat"}


def departments(session):
    """The departments this session's SWOT (as in force) addresses, in the contract's order."""
    return list(swot.department_asks(session))


def document(session, policy, department):
    """One department's brief (a dict for the report template); ``session`` is cut to ``policy`` (TEAM)."""
    if policy.personal:
        raise ValueError("a department brief is a team document: cut the session to the team audience")
    rows = swot.department_asks(session).get(department)
    if rows is None:
        raise ValueError(f"the SWOT addresses nothing to {department!r}")
    name = DEPARTMENT_WORDS[department]
    team = session.team["name"]
    v = head.build(session, policy)
    v.update(
        title=f"Brief for {name}",
        doc_title=head._plain(f"Brief for {name} · {team} · {session.info['date']}"),
        footer=head._plain(f"{team} · {session.info['date']} · Brief for {name}"),
        note=f"Written to be forwarded to {name}: team figures only, nothing private.",
        agreed=[],
        opening=[],
        next_leader=None,
        attendees=None,
    )
    manager = session.name(session.manager_id) if session.manager_id else "the sales manager"
    agreed = session.carried.get("swot", {}).get("date") or session.info["date"]
    n_people = len(session.sellers)
    table_rows = [
        [
            r.text,
            _QUADRANT.get(r.quadrant, r.quadrant),
            fmt.plural(int(r.votes), "dot"),
            r.ask or "(no ask written yet)",
            r.answer or "awaiting your answer",
        ]
        for r in rows.itertuples()
    ]
    v["sections"] = [
        section(
            f"What {team} asks of {name}",
            text(
                f"At its workshop of {fmt.date(agreed)}, {team} ({n_people} sellers and {manager}) reviewed what "
                f"helps and hinders its sales this year and voted on what matters most. These points concern "
                f"{name}. We would value your answer before our next review: for each ask, what you can do, by when, "
                "and who is our contact."
            ),
            table(["What the team sees", "Seen as", "Votes", "Our ask", "Your answer"], table_rows),
            text(
                f"Reply to {manager}. Votes are the dots the team (its sellers and {manager}) placed on each point: "
                "more dots, more weight to the team."
            ),
        )
    ]
    return v
