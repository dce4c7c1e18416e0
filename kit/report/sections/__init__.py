"""The report's sections, one module each, every one built as ``build(session, policy)`` from a session already
cut to the policy's audience (:func:`kit.audience.cut`); none reads the store or decides privacy itself.

A document is its head, at a review its opening page of progress (:mod:`.review`), its 'What we agreed' page and
its sections, in order:

* the team's and the manager's documents: :data:`TEAM_DOCUMENT`;
* one seller's one-pager (a policy with a ``member_id``): :data:`MEMBER_DOCUMENT`.

Two more documents, for the team audience: the leader's agenda of a review (:mod:`.agenda`) and one brief per
department the SWOT asks for support (:mod:`.briefs`).

A new section is one module here with a ``build`` function, listed in the document(s) that show it.
"""

from . import agenda, agreed, briefs, glance, goals, head, kpis, mine, progress, pulse, review, roleplay, swot, trend

__all__ = ["document", "agenda_document", "brief_document", "departments", "TEAM_DOCUMENT", "MEMBER_DOCUMENT"]

TEAM_DOCUMENT = (
    goals.build,
    swot.build,
    kpis.build,
    roleplay.build,
    pulse.build,
    progress.build,
    trend.build,
    review.on_record,
)


def _pulse_all_answers(session, policy):
    return pulse.build(session, policy, title="How the team works together (all answers)")


MEMBER_DOCUMENT = (mine.goals, mine.roleplay, mine.progress_section, _pulse_all_answers, review.my_record)


def document(session, policy):
    """Everything one document shows (a dict for the template): ``session`` must be cut to ``policy`` already."""
    if session.policy != policy:
        raise ValueError(f"the session is cut to {getattr(session.policy, 'name', None)}, not to {policy.name}")
    v = head.build(session, policy)
    one_pager = policy.member_id is not None
    v["note"] = None
    # page 1: the executive summary; at a review, progress follows on it
    v["opening"] = ([] if one_pager else [glance.build(session, policy)]) + review.opening(session, policy)
    v["agreed"] = (mine.agreed if one_pager else agreed.build)(session, policy)
    v["sections"] = [
        s
        for s in (build(session, policy) for build in (MEMBER_DOCUMENT if one_pager else TEAM_DOCUMENT))
        if s is not None
    ]
    return v


def _team_only(session, policy):
    if session.policy != policy:
        raise ValueError(f"the session is cut to {getattr(session.policy, 'name', None)}, not to {policy.name}")


def agenda_document(session, policy):
    """The leader's agenda of a review: ``session`` must be cut to ``policy`` (the team's) already."""
    _team_only(session, policy)
    return agenda.document(session, policy)


def brief_document(session, policy, department):
    """One department's brief: ``session`` must be cut to ``policy`` (the team's) already."""
    _team_only(session, policy)
    return briefs.document(session, policy, department)


def departments(session):
    """The departments the session's SWOT asks for support (each gets a brief)."""
    return briefs.departments(session)
