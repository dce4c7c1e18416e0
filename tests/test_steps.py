"""The registry of steps (kit.steps) is the one list the room, the notebooks and the tests read: every notebook is
a step's, every room step is drawn by the wall, the script and a participant's page, and a step one of them does
not know is an error at import, never a silent fallback."""

from pathlib import Path

import pytest

from kit import steps
from kit.errors import KitError
from kit.room import participant, wall

ROOT = Path(__file__).resolve().parent.parent


def test_every_notebook_is_a_steps_and_every_step_has_its_notebook():
    on_disk = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
    assert sorted(s.notebook for s in steps.STEPS) == on_disk
    assert [s.notebook[:2] for s in steps.STEPS] == sorted(s.notebook[:2] for s in steps.STEPS)  # in workshop order


def test_every_room_step_is_drawn_by_the_wall_the_script_and_a_participants_page():
    for drawn in (wall._VIEWS, wall._COUNTS, wall.SCRIPT, participant._PAGES):
        assert list(drawn) == list(steps.ROOM_STEPS)
    assert steps.room_step_number("swot_vote") == steps.ROOM_STEPS.index("swot_vote") + 1 and steps.ROOM_WORDS[
        "swot_vote"
    ].startswith("Sales SWOT")


def test_a_room_step_left_out_or_made_up_is_an_error_naming_it():
    views = dict(wall._VIEWS)
    del views["kpis"]
    with pytest.raises(KitError, match="the wall's results: no entry for room step kpis"):
        steps.require("the wall's results", views)
    with pytest.raises(KitError, match="an entry for retro, not a room step"):
        steps.require("the wall's results", {**wall._VIEWS, "retro": None})
    with pytest.raises(KitError, match="no workshop step 'retro'; valid: pulse, goals"):
        steps.step("retro")
