"""The post-workshop report: one team-session, cut to what an audience may see, built section by section, rendered
as HTML and PDF.

The flow, one module per stop:

* the data: :func:`load` (:func:`kit.session.load`): everything the team-session shows, read once;
* the audience: :func:`view` cuts the session to the audience's policy (:func:`kit.audience.cut`) **first**. The
  audience is one :class:`kit.audience.Policy` from the command line to the template, named in one vocabulary:
  ``team``, ``manager``, ``member:<member_id>`` (and ``member`` on the command line: every seller's);
* the sections: ``kit/report/sections/<name>.py``, each ``build(session, policy)`` from the cut session only;
* the rendering: ``kit/report/_render.py`` (Jinja, HTML, PDF).

The audiences: ``team`` (goals shared with the team, team-level role-play figures, SWOT without authors),
``manager`` (everything except goals kept private) and ``member:<member_id>`` (one seller's own goals, private ones
included, their commitment, role play with its comments, KPIs and actions, set against team figures).
"""

import hashlib
import json
from pathlib import Path

from .. import audience as _audience
from ..session import Session, load
from . import sections
from ._render import PAGE_SIZES, page_count, render, write_pdf

__all__ = [
    "PAGE_SIZES",
    "Session",
    "load",
    "view",
    "fit",
    "render",
    "preview",
    "documents",
    "agenda",
    "briefs",
    "write_documents",
    "Written",
    "fingerprint",
]


def _checked(session, audience):
    """``audience`` (a :class:`kit.audience.Policy` or its name: team, manager, member:<id>) as a policy, a seller's
    own checked to be one of this session's sellers."""
    return _audience.for_documents([_audience.policy(audience).name], session.sellers["member_id"])[0]


def view(session, *, audience, page_size=None):
    """What one document shows: the session cut to the audience's policy first, then every section built from
    the cut rows only (the privacy rules live in :mod:`kit.audience`). With ``page_size`` (A4, Letter), a
    seller's one-pager is fitted to one printed page (:func:`fit`); without it, it keeps everything (a web page
    has no page length)."""
    policy = _checked(session, audience)
    cut = _audience.cut(session, policy)
    if not policy.one_seller or page_size is None:
        return sections.document(cut, policy)
    return fit(cut, policy, page_size)


def fit(session, policy, page_size="A4"):
    """A seller's one-pager (``session`` cut to ``policy``) shortened until its PDF is one page of ``page_size``:
    the rules of :data:`kit.report.sections.mine.SHORTENINGS` are applied one after another, least important
    first, and the footer names those that changed something; the HTML page shows what the PDF shows.

    A page still longer than one page with every rule applied (goal or action texts of several paragraphs) is
    returned as it is, with ``v["pages"]`` saying how many pages it runs to (:func:`write_documents` reports it)."""
    applied = []
    v = sections.document(session, policy)
    pages = page_count(render(v, page_size=page_size, pdf=True))  # one layout when everything fits
    for name, _ in sections.mine.SHORTENINGS:
        if pages == 1:
            break
        shorter = sections.document(session, policy, applied + [name])
        if shorter["opening"] == v["opening"]:  # nothing of this kind on the page: the next rule
            continue
        applied.append(name)
        v = shorter
        pages = page_count(render(v, page_size=page_size, pdf=True))
    # a rule a later one made moot (comments counted after some were listed) is not named in the footer
    for name in list(applied):
        fewer = [a for a in applied if a != name]
        if sections.document(session, policy, fewer)["opening"] == v["opening"]:
            applied = fewer
    if len(applied) < len(v["shortened"]):
        v = sections.document(session, policy, applied)  # the same page, its footer shorter
    v["pages"] = pages
    if pages > 1:  # counted again as it will be written: its footer names fewer rules and says it is long
        v["pages"] = page_count(render(v, page_size=page_size, pdf=True))
    return v


def preview(session, *, audience="manager", page_size=None, member_id=None):
    """Show one audience's document in the notebook (team, manager, member:<id>; nothing when ``audience`` is
    empty). ``member_id`` keeps a report notebook of one's own written before the one vocabulary working
    (``audience="member", member_id="elena"`` is ``audience="member:elena"``)."""
    if not audience:
        return None
    if audience == "member" and member_id:
        audience = f"member:{member_id}"
    from IPython.display import HTML

    return HTML(render(view(session, audience=audience, page_size=page_size)))


def agenda(session):
    """The leader's agenda of a review (None at a first session): team figures only."""
    if not session.is_review:
        return None
    return sections.agenda_document(_audience.cut(session, _audience.TEAM), _audience.TEAM)


def briefs(session):
    """{department: view} of the department briefs: one per department the SWOT in force asks for support."""
    team = _audience.cut(session, _audience.TEAM)
    return {d: sections.brief_document(team, _audience.TEAM, d) for d in sections.departments(team)}


def documents(session, *, audiences=_audience.DOCUMENTS, page_size=None):
    """(relative path, view) for every document of this team-session that ``audiences`` asks for (team, manager,
    member: one per seller, member:<id>: one seller's); with the team's, the leader's agenda (at a review) and the
    department briefs. With ``page_size``, each one-pager is fitted to one printed page of that size."""
    out = []
    for pol in _audience.for_documents(audiences, session.sellers["member_id"], strict=False):
        out.append((Path(f"{_audience.document_name(pol)}.html"), view(session, audience=pol, page_size=page_size)))
        if pol == _audience.TEAM:
            v = agenda(session)
            if v is not None:
                out.append((Path("agenda.html"), v))
            out += [(Path("briefs") / f"{d}.html", b) for d, b in briefs(session).items()]
    return out


class Written(list):
    """The paths :func:`write_documents` wrote; ``long``: the one-pager PDFs that every shortening rule still
    left longer than one page (goal or action texts of several paragraphs), for the batch to name."""

    def __init__(self):
        super().__init__()
        self.long = []


def write_documents(session, out_dir, *, audiences=_audience.DOCUMENTS, formats=("html",), page_size="A4"):
    """Render and write this team-session's documents under ``out_dir``; returns the paths written, a
    :class:`Written` list whose ``long`` names the one-pagers still longer than one printed page."""
    out_dir = Path(out_dir)
    written = Written()
    if "pptx" in formats and "team" in audiences:  # the team's readout deck, one per team-session
        from .readout import write_readout

        out_dir.mkdir(parents=True, exist_ok=True)
        written.append(write_readout(session, out_dir / "readout.pptx"))
    # a one-pager is fitted to its printed page when a PDF is made (the HTML beside it then shows the same); an
    # HTML page written alone keeps everything, and costs no page layout
    fitted = page_size if "pdf" in formats else None
    for rel, v in documents(session, audiences=audiences, page_size=fitted):
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if "html" in formats:
            path.write_text(render(v, page_size=page_size), encoding="utf-8")
            written.append(path)
        if "pdf" in formats:
            pdf = path.with_suffix(".pdf")
            write_pdf(render(v, page_size=page_size, pdf=True), pdf)
            written.append(pdf)
            if (v.get("pages") or 1) > 1:
                written.long.append(pdf)
    return written


def fingerprint(session):
    """A digest of everything the documents are made from (to skip re-rendering unchanged reports)."""
    parts = {
        "settings": session.settings,
        "team": session.team,
        "session": session.info,
        "previous": session.previous,
        "leaders": [session.leader, session.next_leader, session.next_leader_recorded, session.next_session],
        "carried": session.carried,
    }
    frames = {
        "members": session.members,
        "kpis_in_force": session.kpis_in_force,
        "actuals": session.actuals,
        "coaching": session.coaching,
        "history": session.history,
        "conversations": session.conversations,
        **{f"now_{k}": v for k, v in session.rows.items()},
        **{f"before_{k}": v for k, v in session.before.items()},
    }
    h = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode())
    for k in sorted(frames):  # what a row says, not where the store keeps it (an anonymous row's place is random)
        h.update(k.encode())
        h.update(frames[k].drop(columns="row_id", errors="ignore").to_csv(index=False).encode())
    h.update(json.dumps([session.catalog, session.rubrics], sort_keys=True, default=str).encode())
    return h.hexdigest()
