"""The review loop's forms (notebook 06): asks of the manager, accountability partners, goals revisited with their
progress, SWOT asks to other departments and their answers, the team's strategies, and (the manager's own copy
only) coaching time and documented conversations.

Every form writes through the store at once and shows only rows cut to its audience (kit.audience): coaching and
conversations are read into a form only under the ``manager`` audience; a goal an audience may not read is listed
as "(private)" and its text is copied server-side when its progress is recorded, never sent to the page.
"""

from ...._schema import PROGRESS_WORDS
from .asks import ask_form
from .departments import department_form
from .goals import goal_progress_form
from .one_to_one import coaching_form, conversation_form
from .partners import partner_form
from .strategies import strategy_form

__all__ = [
    "ask_form",
    "partner_form",
    "goal_progress_form",
    "department_form",
    "strategy_form",
    "coaching_form",
    "conversation_form",
    "PROGRESS_WORDS",
]
