"""The review's forms (notebook 06) write through the store, refuse bad input without writing, and never put what
their audience may not read into a widget."""

import datetime as dt
import json

import pytest
from test_review import _folder

from kit import forms
from kit._store import Engagement
from kit.errors import KitError


@pytest.fixture
def eng(tmp_path):
    e = Engagement(tmp_path / "s.db", create=True)
    e.import_source(_folder(tmp_path))
    yield e
    e.close()


def _state(widget):
    """Everything a widget tree would send to a browser (its state, children included)."""
    from ipywidgets import Widget

    return json.dumps([w.get_state() for w in Widget.widgets.values()], default=str)


def test_an_ask_gets_a_team_wide_id_and_an_earlier_ask_its_status(eng):
    f = forms.ask_form(eng, session_id="r1", audience="wall")
    f.inputs["member_id"].value = "s3"
    f.inputs["ask"].value = "Cover my accounts in August"
    assert f.submit()
    new = eng.asks(session_id="r1")
    assert list(new["ask_id"]) == ["q03"]  # q1 and q2 are the kickoff's: an id names one ask in the whole team
    f.load_entry(next(i for i, r in enumerate(f._entries) if r["ask_id"] == "q1"))  # carried, still open
    assert [c for c, w in f.inputs.items() if not w.disabled] == ["status"]
    f.inputs["status"].value = "done"
    assert f.submit()
    assert eng.asks(session_id="k1").set_index("ask_id").loc["q1", "status"] == "done"


def test_the_proposed_rotation_is_recorded_in_one_click(eng):
    f = forms.partner_form(eng, session_id="r1", audience="wall")
    f.save()
    p = eng.partners(session_id="r1")
    assert sorted(p["member_id"]) == ["s1", "s2", "s3"] and (p["member_id"] != p["partner_id"]).all()
    assert "Rotation recorded" in f.message.value


def test_goals_revisited_are_copied_with_their_progress_text_never_sent(eng):
    f = forms.goal_progress_form(eng, session_id="r1", audience="wall")
    f.seller.value = "s2"  # a private goal ("Buy a home") and one shared with the team
    assert "Buy a home" not in _state(f.widget) and "(private)" in _state(f.widget)
    for t in f.toggles:
        t.value = None
    f.save()
    assert "choose a progress for every goal" in f.message.value and eng.goals(session_id="r1").empty
    for t, p in zip(f.toggles, ("at_risk", "on_track")):
        t.value = p
    f.save()
    g = eng.goals(session_id="r1")
    assert sorted(zip(g["goal"], g["progress"])) == [("Buy a home", "at_risk"), ("Run a marathon", "on_track")]
    assert "Buy a home" not in _state(f.widget)
    f.toggles[0].value = "achieved"  # recorded here now: changed in place, not copied again
    f.save()
    assert len(eng.goals(session_id="r1")) == 2


def test_a_department_answer_is_recorded_on_the_swot_item(eng):
    f = forms.department_form(eng, session_id="r1", audience="wall")
    f.item.value = next(i for i, r in enumerate(f._rows.itertuples()) if r.item_id == "i2")
    assert f.department.value == "sales_ops"
    f.answer.value = "Reminders ship in June"
    f.save()
    assert eng.swot(session_id="k1").set_index("item_id").loc["i2", "answer"] == "Reminders ship in June"


def test_coaching_and_conversations_only_in_the_managers_copy(eng):
    with pytest.raises(KitError, match="audience='manager'"):
        forms.coaching_form(eng, session_id="r1", audience="wall")
    with pytest.raises(KitError, match="audience='manager'"):
        forms.conversation_form(eng, session_id="r1", audience="member:s1")
    f = forms.conversation_form(eng, session_id="r1", audience="manager")
    f.inputs["date"].value = dt.date(2026, 4, 2)
    f.inputs["member_id"].value = "s2"
    f.inputs["topic"].value = "shortfall"
    f.inputs["summary"].value = "Meetings at 60% of target"
    f.inputs["follow_up"].value = dt.date(2026, 3, 1)  # before the conversation
    before = list(eng._con.raw.iterdump())
    assert not f.submit()
    assert "is before the conversation" in f.message.value and list(eng._con.raw.iterdump()) == before
    f.inputs["follow_up"].value = dt.date(2026, 4, 30)
    assert f.submit()
    c = forms.coaching_form(eng, session_id="r1", audience="manager")
    c.inputs["date"].value = dt.date(2026, 4, 3)
    c.inputs["member_id"].value = "s2"
    c.inputs["minutes"].value = "30"
    assert c.submit()
    assert len(eng.coaching()) == 4 and len(eng.conversations()) == 1


def test_the_pulse_about_the_manager_is_kept_apart_and_shown_from_three_answers(eng):
    from kit import workshop

    ws = workshop(eng, "t1", "r1")
    f = ws.pulse_form(dimension="manager")
    for level in ("4", "2"):
        f.inputs["score"].value = level
        assert f.submit()
    assert sorted(eng.pulse(session_id="r1").query("dimension == 'manager'")["score"]) == [2, 4]
    # the team's own opening answers are unchanged: two, too few to show, so the cut left them out and counts them
    assert ws.session.pulse("opening").empty and ws.session.pulse_answers("opening") == 2
    row = ws.pulse_dimensions().data.set_index("How we work").loc["With our manager"]
    assert row["Answers"] == 2 and row["Average (of 5)"] is None  # two answers: no average, no one's own figure
    f.inputs["score"].value = "3"
    assert f.submit()
    ws.refresh()
    assert ws.pulse_dimensions().data.set_index("How we work").loc["With our manager", "Average (of 5)"] == 3
