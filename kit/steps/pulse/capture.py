"""The opening and closing pulse's form: one anonymous answer per person."""

import pandas as pd

from ... import _format as fmt
from ..._capture import ANONYMOUS, RowForm, _names, choices, member_options, session_info
from ..._schema import MIN_GROUP, PULSE_DIMENSIONS, PULSE_LEVELS, PULSE_PHASES, PULSE_QUESTION
from ...audience import policy as as_policy
from ...errors import KitError

__all__ = ["pulse_form"]


def pulse_form(
    eng,
    *,
    session_id,
    phase="opening",
    dimension="team",
    audience="wall",
    on_change=None,
    member_id=None,
    write=None,
    after=None,
):
    """One answer per person: a level from 1 resentment to 5 collaboration, anonymous unless they choose.

    ``phase`` is when in the session it is taken: the opening pulse (the mean and the trend) or the closing one at
    the end of the session, stored apart and never mixed into the opening answers. On the wall the list shows the
    distribution only, never who answered what.

    With ``member_id`` (a participant's own phone) the form is their one anonymous answer: a level and Send, stored
    without their name, no list (an answer without a name is nobody's to list); ``write`` and ``after`` (see
    :class:`RowForm`) let the room take it once per link and thank them."""
    if phase not in PULSE_PHASES:
        raise KitError(f"unknown pulse phase {phase!r}; valid: {', '.join(PULSE_PHASES)}")
    if dimension not in PULSE_DIMENSIONS:
        raise KitError(f"unknown pulse dimension {dimension!r}; valid: {', '.join(PULSE_DIMENSIONS)}")
    s = session_info(eng, session_id)
    buttons = choices([(f"{k} · {v}", str(k)) for k, v in PULSE_LEVELS.items()])
    pol = as_policy(audience)
    if member_id is not None:
        return RowForm(
            eng,
            "pulse",
            fixed={"session_id": session_id, "phase": phase, "dimension": dimension, "respondent_id": None},
            fields=["score"],
            name=f"room-pulse-{phase}",
            widgets={"score": buttons},
            required={"score": "Choose a level first."},
            rows=lambda: eng.pulse(session_id=session_id).iloc[0:0],
            listing=False,
            save_words="Send my answer",
            audience=pol,
            on_change=on_change,
            write=write,
            after=after,
        )

    names = _names(eng, s["team_id"])  # a notebook's list and entries, for an audience that reads who answered

    def rows():
        p = eng.pulse(session_id=session_id)
        same = (p["phase"].fillna(PULSE_PHASES[0]) == phase) & (p["dimension"].fillna("team") == dimension)
        return p[same].reset_index(drop=True)

    def listing(df):
        if df.empty:
            n = len(rows())  # answers too few to show are left out by the cut: the list says how many
            if n:
                return pd.DataFrame({"Answers": [f"{n} so far: shown from {MIN_GROUP}, so that none is anyone's own"]})
            return df
        if not pol.names_who_said:
            counts = df["score"].astype(int).value_counts()
            return pd.DataFrame(
                {
                    "Level": [f"{k} {v}" for k, v in PULSE_LEVELS.items()],
                    "Answers": [int(counts.get(k, 0)) for k in PULSE_LEVELS],
                }
            )
        return pd.DataFrame(
            {
                "Who": [names.get(r, "anonymous") if not fmt.blank(r) else "anonymous" for r in df["respondent_id"]],
                "Level": [f"{int(x)} {PULSE_LEVELS.get(int(x), '')}" for x in df["score"]],
            }
        )

    def label(r):
        level = f"{int(r['score'])} {PULSE_LEVELS.get(int(r['score']), '')}"
        who = names.get(r["respondent_id"]) if not fmt.blank(r["respondent_id"]) else None
        return f"{who or 'an answer'} · {level}"

    title = PULSE_QUESTION[phase]
    if dimension != "team":
        title = {
            "manager": "How does the team work with its manager today?",
            "other_departments": "How does the team work with other departments today?",
        }[dimension]
    return RowForm(
        eng,
        "pulse",
        fixed={"session_id": session_id, "phase": phase, "dimension": dimension},
        fields=["respondent_id", "score"],
        name=("pulse" if phase == "opening" else "pulse-closing") + ("" if dimension == "team" else f"-{dimension}"),
        title=title,
        options={"respondent_id": member_options(eng, s["team_id"], blank=ANONYMOUS)},
        labels={"respondent_id": "Who answers", "score": "Level (1-5)"},
        required={"score": "Choose a level first."},
        listing=listing,
        label=label,
        rows=rows,
        hidden=lambda p: () if p.names_who_said else ("respondent_id",),
        widgets={"score": buttons},
        audience=pol,
        on_change=on_change,
    )
