"""Live capture forms for the workshop notebooks: every submit goes straight into the store."""

from ..steps.accounts.capture import account_form
from ..steps.actions.capture import action_form, leader_form
from ..steps.goals.capture import commitment_form, goal_form
from ..steps.kpis.capture import catalogue_browser, selection_form
from ..steps.kpis.capture import vote_form as kpi_vote_form
from ..steps.pulse.capture import pulse_form
from ..steps.review.capture import (
    ask_form,
    coaching_form,
    conversation_form,
    department_form,
    goal_progress_form,
    partner_form,
    strategy_form,
)
from ..steps.roleplay.capture import scorer
from ..steps.swot.capture import item_form as swot_item_form
from ..steps.swot.capture import merge_form as swot_merge_form
from ..steps.swot.capture import vote_form as swot_vote_form
from .setup import member_form, session_form, settings_form, team_form

__all__ = [
    "account_form",
    "action_form",
    "leader_form",
    "commitment_form",
    "goal_form",
    "catalogue_browser",
    "selection_form",
    "kpi_vote_form",
    "scorer",
    "swot_item_form",
    "swot_merge_form",
    "swot_vote_form",
    "pulse_form",
    "settings_form",
    "team_form",
    "member_form",
    "session_form",
    "ask_form",
    "partner_form",
    "goal_progress_form",
    "department_form",
    "strategy_form",
    "coaching_form",
    "conversation_form",
]
