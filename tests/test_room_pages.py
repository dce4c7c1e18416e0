"""The room's pages without a browser: every step of a participant's page and of the wall draws at a kickoff, at a
review and in a brand-new empty session, and the state of every widget a page holds (what its browser would be
sent) carries nobody else's private or manager-only goal, no unrevealed SWOT text, no other person's comment."""

import json
from pathlib import Path

import ipywidgets as w
import pytest

from kit import open_engagement
from kit.room._room import STEPS, Room
from kit.room.participant import ParticipantPage
from kit.room.wall import WallPage

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = ("north-2026-01", "north-2026-04", "north-2026-10")  # kickoff, review, a new empty one


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("pages") / "engagement.db"
    with open_engagement(path, create=True) as eng:
        eng.import_source(ROOT / "sample_data")
        eng.add("sessions", dict(session_id="north-2026-10", team_id="north", date="2026-10-01", kind="review"))
    return path


def _state(widget, seen=None):
    """Every widget under ``widget`` with its full state, as ipywidgets would send it to the browser."""
    seen = seen if seen is not None else {}
    if id(widget) in seen:
        return seen
    seen[id(widget)] = widget.get_state()
    for child in getattr(widget, "children", ()) or ():
        if isinstance(child, w.Widget):
            _state(child, seen)
    return seen


def _sent(page):
    return json.dumps(list(_state(page.widget).values()), default=str)


def _move(eng, sid, step, **extra):
    state = dict(step=step, revealed=step == "swot_vote", roleplay=None, results={"step": step, "n": 1})
    if step == "roleplay":
        state["roleplay"] = {"seller_id": "jake", "rubric_id": "discovery_call", "scenario": "Discovery call"}
    state.update(extra)
    eng.set_room_state(sid, **state)


@pytest.mark.parametrize("sid", SESSIONS)
def test_every_step_draws_for_every_kind_of_session(store, sid):
    room = Room(store, team_id="north", session_id=sid)
    writer = room.open()
    pages = [ParticipantPage(room, member_id=m, token=f"token-{m}") for m in ("tom", "dana")]
    wall = WallPage(room, presenter=True)
    for p in pages + [wall]:
        room.register(p)
    try:
        for step in STEPS:
            _move(writer, sid, step)
            assert room.poll()
            assert room.state["step"] == step
            for p in pages:
                text = _sent(p)
                assert "went wrong" not in text, (sid, step, p.member_id, text[:2000])
                assert f"Step {STEPS.index(step) + 1} of {len(STEPS)}" in text
            assert "Could not draw" not in wall.results.value and "nan" not in wall.counts.value.lower()
            assert wall.message.value == "", wall.message.value
            assert "Your script for this step" in wall.script.value
    finally:
        _move(writer, sid, "pulse")
        writer.close()
        room.stop()


def test_no_page_holds_what_its_person_may_not_see(store):
    sid = "north-2026-10"
    with open_engagement(store) as eng:
        eng.add(
            "goals",
            [
                dict(session_id=sid, member_id="tom", goal="ZQ-TOM-PRIVATE", category="personal", visibility="private"),
                dict(session_id=sid, member_id="aisha", goal="ZQ-AISHA-MGR", category="career", visibility="manager"),
            ],
        )
        eng.add("swot", dict(session_id=sid, item_id="rx1", quadrant="W", text="ZQ-TOM-ITEM", control="team"))
        eng.put(
            "roleplay",
            [
                dict(
                    session_id=sid,
                    scenario="Discovery call",
                    rubric_id="discovery_call",
                    seller_id="jake",
                    rater_id="aisha",
                    rater_role="peer",
                    criterion_id=c["id"],
                    score=2,
                    comment="ZQ-AISHA-COMMENT",
                )
                for c in eng.rubrics()["discovery_call"]["criteria"]
            ],
        )
    room = Room(store, team_id="north", session_id=sid)
    room.remember("token-tom", "swot:rx1")  # Tom wrote it, unsigned: the room remembers, the store does not
    writer = room.open()
    people = {m: ParticipantPage(room, member_id=m, token=f"token-{m}") for m in ("tom", "aisha", "jake", "dana")}
    wall = WallPage(room)
    for p in list(people.values()) + [wall]:
        room.register(p)
    forbidden = {
        "tom": ["ZQ-AISHA-MGR", "ZQ-AISHA-COMMENT"],
        "aisha": ["ZQ-TOM-PRIVATE", "ZQ-TOM-ITEM"],
        "jake": ["ZQ-TOM-PRIVATE", "ZQ-AISHA-MGR", "ZQ-TOM-ITEM", "ZQ-AISHA-COMMENT"],
        "dana": ["ZQ-TOM-PRIVATE", "ZQ-TOM-ITEM", "ZQ-AISHA-COMMENT"],
    }
    try:
        for step in STEPS:
            _move(writer, sid, step, revealed=False)
            room.poll()
            for who, page in people.items():
                text = _sent(page)
                for marker in forbidden[who]:
                    assert marker not in text, f"{who}'s page at {step} holds {marker}"
            on_wall = _sent(wall)
            for marker in ("ZQ-TOM-PRIVATE", "ZQ-AISHA-MGR", "ZQ-TOM-ITEM", "ZQ-AISHA-COMMENT"):
                assert marker not in on_wall, f"the wall at {step} holds {marker}"
        _move(writer, sid, "goals")
        room.poll()
        assert "ZQ-TOM-PRIVATE" in _sent(people["tom"])  # a private goal is on its owner's own page
        _move(writer, sid, "swot", revealed=False)
        room.poll()
        assert "ZQ-TOM-ITEM" in _sent(people["tom"])  # an anonymous item, remembered by the room for its writer
        assert "ZQ-TOM-ITEM" not in _sent(people["aisha"])
        with open_engagement(store) as eng:  # nothing in the store says who wrote it
            assert eng.swot(session_id=sid).set_index("item_id").isna().loc["rx1", "author_id"]
            tables = {n for (n,) in eng._con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            assert not [t for t in tables if "mark" in t]
    finally:
        _move(writer, sid, "pulse")
        writer.close()
        room.stop()


def test_the_walls_results_stay_as_shown_until_shown_again(store):
    """A result that moved with every answer would give away the answer just sent: the wall draws a step's results
    when the facilitator presses Show results, and keeps them until the next press (the counts stay live)."""
    sid = "north-2026-10"
    room = Room(store, team_id="north", session_id=sid)
    writer = room.open()
    wall = WallPage(room)
    room.register(wall)
    try:
        _move(writer, sid, "pulse", results=None)
        room.poll()
        assert "press <b>Show results</b>" in wall.results.value and wall.show.description == "Show results"
        for score in (2, 4, 4):
            writer.add("pulse", dict(session_id=sid, score=score, phase="opening"))
        room.poll()
        assert "3 of 7 have answered" in wall.counts.value
        wall.show.click()
        room.poll()
        shown = wall.results.value
        assert 'class="bar t-' in shown and wall.show.description == "Update results"  # the chart, drawn
        writer.add("pulse", dict(session_id=sid, score=1, phase="opening"))
        room.poll()
        assert "4 of 7 have answered" in wall.counts.value and wall.results.value == shown  # not moved
        wall.show.click()
        room.poll()
        assert "1 resentment" not in shown and "1 resentment" in wall.results.value  # the new answer, shown now
        wall.next.click()  # a new step starts with its results hidden
        room.poll()
        assert "press <b>Show results</b>" in wall.results.value
    finally:
        _move(writer, sid, "pulse")
        writer.close()
        room.stop()
