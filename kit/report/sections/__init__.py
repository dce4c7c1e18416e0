"""The report's sections, one module each, every one built as ``build(session, policy)`` from a session already
cut to the policy's audience (:func:`kit.audience.cut`); none reads the store or decides privacy itself.

A document is its head, at a review its opening page of progress (:mod:`.review`), its 'What we agreed' page and
its sections, in order:

* the team's and the manager's documents: :data:`TEAM_DOCUMENT`;
* one seller's one-pager (a policy with a ``member_id``): :mod:`.mine`, on one page.

Two more documents, for the team audience: the leader's agenda of a review (:mod:`.agenda`) and one brief per
department the SWOT asks for support (:mod:`.briefs`).

A new section is one module here with a ``build`` function, listed in the document(s) that show it.
"""

from ...steps.accounts import section as accounts
from ...steps.goals import section as goals
from ...steps.kpis import section as kpis
from ...steps.pulse import section as pulse
from ...steps.review import progress, trend
from ...steps.review import section as review
from ...steps.roleplay import section as roleplay
from ...steps.swot import section as swot
from . import agenda, agreed, briefs, glance, head, mine

__all__ = ["document", "agenda_document", "brief_document", "departments", "TEAM_DOCUMENT"]

TEAM_DOCUMENT = (
    goals.build,
    accounts.build,
    swot.build,
    kpis.build,
    roleplay.build,
    pulse.build,
    progress.build,
    trend.build,
    review.on_record,
)


def document(session, policy, shortened=()):
    """Everything one document shows (a dict for the template): ``session`` must be cut to ``policy`` already.
    A seller's one-pager (:mod:`.mine`) applies the shortenings named in ``shortened`` (of
    :data:`mine.SHORTENINGS`), and its footer says what each left out."""
    if session.policy != policy:
        raise ValueError(f"the session is cut to {getattr(session.policy, 'name', None)}, not to {policy.name}")
    v = head.build(session, policy)
    v["note"] = None
    if policy.one_seller:  # one page: every part compact, nothing on a page of its own
        v["compact"] = True
        v["opening"] = mine.build(session, policy, set(shortened))
        v["shortened"] = [words for name, words in mine.SHORTENINGS if name in shortened]
        v["agreed"], v["sections"] = [], []
        return v
    # page 1: the executive summary; at a review, progress follows on it and fills the page, so that 'What we
    # agreed' starts a page of its own; at a first session it follows the summary on page 1
    v["opening"] = [glance.build(session, policy)] + review.opening(session, policy)
    v["agreed_new_page"] = session.is_review
    v["agreed"] = agreed.build(session, policy)
    v["sections"] = [s for s in (build(session, policy) for build in TEAM_DOCUMENT) if s is not None]
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
