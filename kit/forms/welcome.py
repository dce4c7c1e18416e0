"""Step 0, welcome: the opening pulse — how the team works together, from resentment to collaboration."""

import ipywidgets as w

from ..accountability import PULSE_LEVELS
from ._form import ANONYMOUS, RowForm, member_options, session_info

__all__ = ["pulse_form"]


def pulse_form(eng, *, session_id):
    """One answer per person: a level from 1 resentment to 5 collaboration, anonymous unless they choose."""
    s = session_info(eng, session_id)
    buttons = w.ToggleButtons(options=[(f"{k} {v}", str(k)) for k, v in PULSE_LEVELS.items()], value="3",
                              description="level", style={"description_width": "180px", "button_width": "130px"})
    buttons.add_class("kit-pulse-score")
    return RowForm(eng, "pulse", fixed={"session_id": session_id}, fields=["respondent_id", "score"], name="pulse",
                   title="Where is our team today?",
                   options={"respondent_id": member_options(eng, s["team_id"], blank=ANONYMOUS)},
                   labels={"respondent_id": "who answers", "score": "level (1-5)"},
                   listing=lambda df: df.assign(
                       who=df["respondent_id"].fillna("anonymous"),
                       level=df["score"].map(PULSE_LEVELS))[["who", "score", "level"]],
                   widgets={"score": buttons})
