"""The document's head: its title, the team and session, who took part, and who leads the next meeting."""

from ... import _format as fmt
from ... import brand
from ..._schema import SESSION_KIND_WORDS

__all__ = ["build"]


def _plain(words):
    """Text for the page title and the PDF's metadata: one line."""
    return " ".join(str(words).split())


def build(session, policy):
    """The head of the document for ``policy`` (a team document, a manager's, or one seller's one-pager)."""
    me = policy.member_id
    present = session.attendees  # who took part is shown to every audience (session.attendees is taken uncut)
    if me is not None:
        title = f"Personal one-pager — {session.name(me)}"
        others = len(present[present["member_id"] != me])
        taking_part = f"{session.name(me)} and {others} colleagues"
        leader = "you" if session.next_leader == me else None
        audience = "member"
    else:
        title = "Manager report — confidential" if policy.reads_each_person else "Team report"
        taking_part = ", ".join(present["name"]) or fmt.DASH
        leader = session.name(session.next_leader) if session.next_leader else None
        audience = "manager" if policy.reads_each_person else "team"
    s = session.info
    return {
        "audience": audience,
        "title": title,
        "engagement": session.settings.get("name"),
        "client": session.settings.get("client"),
        "facilitator": session.settings.get("facilitator"),
        "team": session.team["name"],
        "session_id": s["session_id"],
        "session_words": f"{s['kind']}, {fmt.date(s['date'])}",  # 'kickoff, 20 Jan 2026' (the footer)
        "date": s["date"],
        "kind": SESSION_KIND_WORDS[s["kind"]],
        "previous": session.previous["date"] if session.previous else None,
        "attendees": taking_part,
        "next_leader": leader,
        "next_leader_proposed": not session.next_leader_recorded,  # only the rotation's proposal: said so
        "doc_title": _plain(f"{title} · {session.team['name']} · {s['date']}"),
        "author": _plain(session.settings.get("facilitator") or session.settings.get("name") or ""),
        "footer": _plain(f"{session.team['name']} · {s['date']} · {title}"),
        "brand": brand.for_documents(session.settings),  # the consulting firm's name, logo and colour, if any
        "compact": False,
        "agreed_new_page": False,  # True for the one-pager: laid out to fit one printed page
        "pages": None,  # a fitted one-pager's page count (more than 1 only when every shortening was not enough)
        "shortened": [],  # what the one-pager shortened to fit (kit.report.sections.mine.SHORTENINGS)
    }
