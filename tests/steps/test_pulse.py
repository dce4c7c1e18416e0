"""Steps 1 and 8, the pulse: its figures by hand, its one chart, the small-group rule, and its one form on a phone
and in a notebook (minimal data: k1 has answers 2, 3, 4, 4; r1 has 4, 4)."""

import pytest

from kit import _blocks, report
from kit.steps.pulse import model as pulse_
from kit.steps.pulse import section
from kit.steps.pulse.capture import pulse_form


def test_the_pulse_by_hand(store):
    k1 = store.pulse(session_id="k1")
    assert pulse_.pulse_mean(k1) == pytest.approx((2 + 3 + 4 + 4) / 4)  # 3.25
    assert pulse_.pulse_distribution(k1)["answers"].tolist() == [0, 1, 1, 2, 0]
    assert pulse_.pulse_words(3.25) == "between compliance and cooperation"
    assert pulse_.pulse_words(3.1) == "compliance" and pulse_.pulse_words(3.8) == "cooperation"
    assert pulse_.pulse_words(float("nan")) == "no answers"


def test_one_chart_for_the_report_the_notebook_and_the_wall(store):
    chart = section.chart(store.pulse(session_id="k1"))
    assert chart["title"] == "The team places itself at 3.2 of 5: between compliance and cooperation"
    assert [(r["label"], r["text"]) for r in chart["rows"]] == [
        ("2 resistance", "1 answer"),
        ("3 compliance", "1 answer"),
        ("4 cooperation", "2 answers"),
    ]  # no bar for a level nobody chose
    drawn = _blocks.html(chart)
    assert drawn.count('class="bar t-') == 3 and "2 answers" in drawn
    v = report.view(report.load(store, team_id="t1", session_id="k1"), audience="team")
    part = next(s for s in v["sections"] if s["title"] == section.TITLE)
    assert part["blocks"][0] == chart  # the report's is the same block


def test_two_answers_are_not_shown_anywhere(store):
    """r1 has two anonymous answers: a figure of two is someone's own, so no view shows it."""
    session = report.load(store, team_id="t1", session_id="r1")
    for audience in ("team", "manager"):
        part = next(s for s in report.view(session, audience=audience)["sections"] if s["title"] == section.TITLE)
        assert [b["kind"] for b in part["blocks"]] == ["empty"]
        assert "shown from 3 answers" in part["blocks"][0]["text"]
        glance = report.view(session, audience=audience)["opening"][0]["blocks"][0]["rows"]
        assert ["Pulse", "– 2 answers: shown from 3"] in glance


def test_a_phone_answers_once_anonymously_with_the_notebooks_own_form(store):
    """The phone's form is the notebook's pulse form for one person: a level, Send, stored without a name; the
    room's once-per-link guard wraps its write, and nothing is listed (an answer without a name is nobody's)."""
    done, writes = [], []

    def once(add):
        if writes:
            return False
        writes.append(1)
        add()
        return True

    form = pulse_form(
        store,
        session_id="r1",
        member_id="s1",
        audience="member:s1",
        write=once,
        after=lambda what, row: done.append(what),
    )
    assert list(form.inputs) == ["score"] and form.save.description == "Send my answer"
    assert form.entry_options() == [] and form.list not in form.widget.children
    n = len(store.pulse(session_id="r1"))
    form.save.click()
    assert "Choose a level first." in form.message.value and len(store.pulse(session_id="r1")) == n
    form.inputs["score"].value = "5"
    form.save.click()
    new = store.pulse(session_id="r1")
    assert len(new) == n + 1 and done == ["added"]
    row = new.iloc[-1]
    assert row["score"] == 5 and (row["respondent_id"] is None or row["respondent_id"] != row["respondent_id"])
    form.inputs["score"].value = "1"
    form.save.click()  # the guard says this link has answered: nothing more is written
    assert len(store.pulse(session_id="r1")) == n + 1


def test_the_notebook_enters_answers_for_the_room(store):
    """The facilitator's form: one answer after another (nothing left chosen), anonymous unless a name is chosen."""
    form = pulse_form(store, session_id="r1", phase="closing")
    for level in ("3", "4", "4"):
        form.inputs["score"].value = level
        assert form.submit()
        assert form.inputs["score"].value is None
    closing = store.pulse(session_id="r1")
    closing = closing[closing["phase"] == "closing"]
    assert sorted(closing["score"].astype(int)) == [3, 4, 4] and closing["respondent_id"].isna().all()
