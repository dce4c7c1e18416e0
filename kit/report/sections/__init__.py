"""The report's sections, one module each, every one built as ``build(session, policy)`` from a session already
cut to the policy's audience (:func:`kit.audience.cut`); none reads the store or decides privacy itself.

A document is its head, its 'What we agreed' page and its sections, in order:

* the team's and the manager's documents: :data:`TEAM_DOCUMENT`;
* one seller's one-pager (a policy with a ``member_id``): :data:`MEMBER_DOCUMENT`.

A new section is one module here with a ``build`` function, listed in the document(s) that show it.
"""

from . import agreed, goals, head, kpis, mine, progress, pulse, roleplay, swot

__all__ = ["document", "TEAM_DOCUMENT", "MEMBER_DOCUMENT"]

TEAM_DOCUMENT = (goals.build, swot.build, kpis.build, roleplay.build, pulse.build, progress.build)


def _pulse_all_answers(session, policy):
    return pulse.build(session, policy, title="How the team works together (all answers)")


MEMBER_DOCUMENT = (mine.goals, mine.roleplay, mine.progress_section, _pulse_all_answers)


def document(session, policy):
    """Everything one document shows (a dict for the template): ``session`` must be cut to ``policy`` already."""
    if session.policy != policy:
        raise ValueError(f"the session is cut to {getattr(session.policy, 'name', None)}, not to {policy.name}")
    v = head.build(session, policy)
    one_pager = policy.member_id is not None
    v["agreed"] = (mine.agreed if one_pager else agreed.build)(session, policy)
    v["sections"] = [
        s
        for s in (build(session, policy) for build in (MEMBER_DOCUMENT if one_pager else TEAM_DOCUMENT))
        if s is not None
    ]
    return v
