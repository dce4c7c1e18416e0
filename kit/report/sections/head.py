"""The document's head: its title, the team and session, who took part, and who leads the next meeting."""

from ... import _format as fmt

__all__ = ["build", "attendees"]

# Where each table names the people who took part in a session (as the audience's rows show them).
_PEOPLE = {"goals": ["member_id"], "commitments": ["member_id"], "swot": ["author_id"], "swot_votes": ["voter_id"],
           "kpi_votes": ["voter_id"], "roleplay": ["seller_id", "rater_id"], "pulse": ["respondent_id"]}


def attendees(session):
    """Who took part: the members the session's rows name (goals and SWOT carried into a review included; this
    session's actions), sellers first, then by name (member rows, as every audience sees them: the list of who
    took part is shown to the whole team). Give it the session before any cut: a cut replaces the people an
    audience may not see doing something (rating, voting) by pseudonyms, which cannot be named here."""
    ids = set()
    for table, cols in _PEOPLE.items():
        for c in cols:
            ids |= set(session.rows[table][c].dropna())
    ids |= set(session.actions("this")["owner_id"])
    if session.info.get("leader_id"):
        ids.add(session.info["leader_id"])
    m = session.members
    return m[m["member_id"].isin(ids)].sort_values(["role", "name"], ascending=[False, True])


def _plain(words):
    """Text for the page title and the PDF's metadata: one line."""
    return " ".join(str(words).split())


def build(session, policy, present=None):
    """The head of the document for ``policy`` (a team document, a manager's, or one seller's one-pager).

    ``present``: the members who took part (:func:`attendees` of the session before the cut); by default those the
    cut session still names."""
    me = policy.member_id
    present = attendees(session) if present is None else present
    if me is not None:
        title = f"Personal one-pager — {session.name(me)}"
        others = len(present[present["member_id"] != me])
        taking_part = f"{session.name(me)} and {others} colleagues"
        leader = "you" if session.next_leader == me else None
        audience = "member"
    else:
        title = "Manager report — confidential" if policy.individuals else "Team report"
        taking_part = ", ".join(present["name"]) or fmt.DASH
        leader = session.name(session.next_leader) if session.next_leader else None
        audience = "manager" if policy.individuals else "team"
    s = session.info
    return {
        "audience": audience, "title": title,
        "engagement": session.settings.get("name"), "client": session.settings.get("client"),
        "facilitator": session.settings.get("facilitator"), "team": session.team["name"],
        "session_id": s["session_id"], "date": s["date"],
        "kind": "Kickoff workshop" if s["kind"] == "kickoff" else "Review meeting",
        "previous": session.previous["date"] if session.previous else None,
        "attendees": taking_part, "next_leader": leader,
        "doc_title": _plain(f"{title} · {session.team['name']} · {s['date']}"),
        "author": _plain(session.settings.get("facilitator") or session.settings.get("name") or ""),
        "footer": _plain(f"{session.team['name']} · {s['date']} · {title}"),
    }
