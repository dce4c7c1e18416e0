"""Live capture forms for the workshop notebooks: every submit goes straight into the store."""

from .accountability import action_form, leader_form
from .goals import commitment_form, goal_form
from .kpis import catalogue_browser, selection_form
from .kpis import vote_form as kpi_vote_form
from .review import (
    ask_form,
    coaching_form,
    conversation_form,
    department_form,
    goal_progress_form,
    partner_form,
    strategy_form,
)
from .roleplay import scorer
from .swot import item_form as swot_item_form
from .swot import vote_form as swot_vote_form
from .welcome import member_form, pulse_form, session_form, settings_form, team_form

__all__ = [
    "action_form",
    "leader_form",
    "commitment_form",
    "goal_form",
    "catalogue_browser",
    "selection_form",
    "kpi_vote_form",
    "scorer",
    "swot_item_form",
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
