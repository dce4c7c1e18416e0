"""Notebook 06, the review: every view and form at a kickoff, at a review, at a new session that carries what was
agreed, and in an engagement with no rows at all; under the wall, the team, the manager and one seller; the
manager's one-to-ones (a coaching note, a conversation) never in a copy for the room, in its outputs or its
widgets' saved state; every form refusing bad input with the store's one-line message and writing nothing.

The notebook itself is executed a few times only (in two workers, one kernel each, as tests/test_notebooks.py does):
under the team and the manager at a review, under one seller, and in the empty engagement. The wall's copy runs
for every session in tests/test_notebooks.py.
"""

import datetime as dt
import html
import json
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import ipywidgets as w
import pytest
from ipywidgets.widgets import widget as _widget
from test_notebooks import COACH, MANAGER_ONLY, NB_DIR, NEW_SESSION, PRIVATE, TALK, _execute, _plant, _start_kernel

from kit._store import Engagement
from kit._workshop import start, workshop

NOTEBOOK = NB_DIR / "06_review.ipynb"
KICKOFF, REVIEW, NEW = "north-2026-01", "north-2026-04", NEW_SESSION["session_id"]
EMPTY = "t-2026-05"  # the only session of an engagement with nothing else in it
VIEWS = [
    "open_actions",
    "wins_and_shortfalls",
    "funnels_rebuilt",
    "ledger",
    "partners",
    "manager_commitments",
    "goals_progress",
    "department_asks",
    "strategies",
    "time_against_need",
    "conversations",
    "pulse_dimensions",
    "review_questions",
]
FORMS = [
    "update_actions",
    "partner_form",
    "ask_form",
    "goal_progress_form",
    "department_form",
    "strategy_form",
    "coaching_form",
    "conversation_form",
]
AUDIENCES = ["wall", "team", "manager", "member:elena"]
OWN = "ELENA-OWN-PRIVATE-MARKER-0d2e"  # a private goal Elena recorded at the review: Elena's own copy only


def _cells(nb_path):
    """Each code cell's source beside what the notebook calls, to check the notebook calls only real methods."""
    nb = json.loads(Path(nb_path).read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def test_the_notebook_calls_every_view_and_form_in_the_methods_order():
    calls = [re.fullmatch(r"ws\.(\w+)\(.*\)", c.strip()) for c in _cells(NOTEBOOK)[2:]]
    names = [m.group(1) for m in calls if m]
    assert set(VIEWS + FORMS) <= set(names)
    order = ["open_actions", "wins_and_shortfalls", "funnels_rebuilt", "ledger", "partners", "ask_form"]
    order += ["manager_commitments", "goals_progress", "department_asks", "strategies", "time_against_need"]
    assert [names.index(n) for n in order] == sorted(names.index(n) for n in order)


# ---------------------------------------------------------------- stores


def _empty_store(path):
    """An engagement with a team, its manager, two sellers and one session: no other row at all."""
    eng = Engagement(path, create=True)
    eng.set_settings(name="Empty", client="Nobody yet", currency="EUR")
    eng.add_many(
        {
            "teams": [dict(team_id="t", name="Team T", manager_id="m", annual_target=1_000_000)],
            "members": [
                dict(member_id="m", team_id="t", name="Mia Manager", role="manager", territory=None, annual_quota=0),
                dict(member_id="s1", team_id="t", name="Sol One", role="seller", territory="East", annual_quota=1),
                dict(member_id="s2", team_id="t", name="Sam Two", role="seller", territory="West", annual_quota=1),
            ],
        }
    )
    eng.add("sessions", dict(session_id=EMPTY, team_id="t", date="2026-05-04", kind="review"))
    return eng


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """The sample engagement with private markers planted (goals, a coaching note for Jake, a conversation with
    Elena) and a new session, and the empty engagement: closed files, copied by the tests that write."""
    tmp = tmp_path_factory.mktemp("review")
    with start(tmp / "sample.db", import_from=_plant(tmp / "planted")) as eng:
        eng.add("sessions", NEW_SESSION)
        eng.add(
            "goals",
            dict(
                session_id=REVIEW,
                member_id="elena",
                goal=f"{OWN} a sabbatical",
                category="personal",
                visibility="private",
            ),
        )
    _empty_store(tmp / "empty.db").close()
    return tmp / "sample.db", tmp / "empty.db"


@pytest.fixture
def sample(stores, tmp_path):
    shutil.copy(stores[0], tmp_path / "s.db")
    e = Engagement(tmp_path / "s.db")
    yield e
    e.close()


@pytest.fixture
def empty(stores, tmp_path):
    shutil.copy(stores[1], tmp_path / "e.db")
    e = Engagement(tmp_path / "e.db")
    yield e
    e.close()


def _state():
    """Everything the widgets made so far would send to a browser."""
    return json.dumps([x.get_state() for x in _widget._instances.values()], default=str)


def _said(form):
    return html.unescape(re.sub(r"<[^>]+>", "", form.message.value)).strip()


def _dump(eng):
    return list(eng._con.raw.iterdump())


# ---------------------------------------------------------------- every view and form, everywhere


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("where", ["kickoff", "review", "new", "empty"])
def test_every_view_and_form_works_for_every_audience(stores, where, audience):
    """Each view draws in words (no NaN, None, True/False) and each form builds, at a kickoff, at a review, at a new
    session carrying what was agreed, and in an engagement with no rows; nothing private reaches a copy that may not
    read it, in a view or in a widget's state."""
    path, team, sid = (stores[1], "t", EMPTY) if where == "empty" else (stores[0], "north", NEW)
    sid = {"kickoff": KICKOFF, "review": REVIEW}.get(where, sid)
    audience = "member:s1" if where == "empty" and audience.startswith("member:") else audience
    w.Widget.close_all()
    with Engagement(path) as eng:
        ws = workshop(eng, team, sid, audience=audience)
        shown = []
        for name in VIEWS:
            view = getattr(ws, name)()
            shown.append(view.html())
            for t in view.tables:
                cells = set(t.text().to_numpy().ravel()) | set(t.text().columns)
                assert not cells & {"nan", "NaN", "None", "True", "False", "<NA>", "NaT"}, (name, cells)
        for name in FORMS:
            getattr(ws, name)()
    seen = "\n".join(shown) + _state()
    assert PRIVATE not in seen  # Tom's private goal (in force at the kickoff): Tom's own copy only
    assert (OWN in seen) == (audience == "member:elena" and where in ("review", "new"))  # carried to the new session
    assert (MANAGER_ONLY in seen) == (audience == "manager" and where == "kickoff")  # Marcus's, revisited since
    if audience == "manager":  # the coaching log and the conversations form list every row of the manager's
        assert (COACH in seen and TALK in seen) == (where != "empty")
    else:
        assert COACH not in seen  # Jake's coaching note: Jake and the manager only
        assert (TALK in seen) == (audience == "member:elena" and where in ("review", "new"))  # dated 25 Mar


def test_the_room_is_told_once_where_one_to_ones_live(stores):
    with Engagement(stores[0]) as eng:
        for audience in ("wall", "team"):
            ws = workshop(eng, "north", REVIEW, audience=audience)
            said = [getattr(ws, n)().text() for n in ("time_against_need", "coaching_form", "conversations")]
            said.append(ws.conversation_form().text())
            assert said[0].startswith("Coaching time and documented conversations are between the manager")
            assert said[1:] == ["", "", ""]


def test_an_empty_engagement_says_what_to_do_next(stores):
    with Engagement(stores[1]) as eng:
        ws = workshop(eng, "t", EMPTY, audience="manager")
        said = {n: getattr(ws, n)().text() for n in VIEWS}
    assert said["open_actions"] == "No action is open."
    assert said["wins_and_shortfalls"].startswith("No KPI results are reported yet")
    assert said["funnels_rebuilt"].startswith("No commitments yet")
    assert said["partners"].startswith("No accountability partners yet")
    assert said["strategies"].startswith("No SWOT yet")
    assert "No coaching time is recorded" in said["time_against_need"]


# ---------------------------------------------------------------- figures by hand (north's review, sample data)


def test_the_review_figures_by_hand(stores):
    with Engagement(stores[0]) as eng:
        wall = workshop(eng, "north", REVIEW)
        manager = workshop(eng, "north", REVIEW, audience="manager")
        opened = wall.open_actions()
        assert opened.tables[0].caption.startswith("10 open actions, 4 overdue")
        assert opened.data["Overdue"].tolist()[:4] == [51, 51, 37, 4]
        assert "not yet due" in opened.text()
        wins = wall.wins_and_shortfalls()
        assert wins.data["KPI"].tolist() == ["Follow-up time", "Forecast accuracy"]  # wins first, as team figures
        assert "Jake Sullivan" not in wins.text() and "Win rate 80%" in wins.text()  # 80% is on the way
        praise = manager.wins_and_shortfalls()
        assert "Praised" in praise.tables[0].data and "Jake Sullivan" in praise.tables[1].data["Seller"].tolist()
        assert "Won so far" not in wall.funnels_rebuilt().data and "Won so far" in manager.funnels_rebuilt().data
        mine = manager.manager_commitments().data.set_index("The manager committed to")
        row = mine.loc["Join Elena's two largest hospital calls in May"]
        assert (row["For"], row["Answers the ask"]) == ("Elena Petrova", "Join my two largest hospital calls in May")
        p = wall.partners().data.set_index("Seller")
        assert (p.loc["Aisha Rahman", "Partner until now"], p.loc["Aisha Rahman", "New partner"]) == (
            "Tom Okafor",
            "Jake Sullivan",
        )
        need = manager.time_against_need()
        assert need.notes[0].startswith("⚠ Those who need it most got the least: Elena Petrova and Jake Sullivan")


# ---------------------------------------------------------------- the forms write through the store


def test_every_review_form_refuses_bad_input_and_writes_nothing(sample):
    ws = workshop(sample, "north", REVIEW, audience="manager")
    forms = {n: getattr(ws, n)() for n in FORMS}
    before = _dump(sample)

    forms["ask_form"].inputs["ask"].value = ""
    assert not forms["ask_form"].submit()
    pairs = forms["partner_form"].form
    pairs.inputs["member_id"].value = pairs.inputs["partner_id"].value = "jake"
    assert not pairs.submit()
    assert "is the member themself" in _said(pairs)
    dept = forms["department_form"]
    dept.department.value = ""
    dept.ask.value = "Price approvals within a day"
    dept.save()
    assert "name the department it asks" in _said(dept)
    goals = forms["goal_progress_form"]
    goals.seller.value = "jake"
    for t in goals.toggles:
        t.value = None
    goals.save()  # no progress chosen
    assert "choose a progress for every goal" in _said(goals)
    st = forms["strategy_form"]
    st.inputs["text"].value = "Win renewals with references"
    assert not st.submit()
    assert "choose the SWOT items" in _said(st)
    coach = forms["coaching_form"]
    coach.inputs["date"].value, coach.inputs["member_id"].value, coach.inputs["minutes"].value = (
        dt.date(2026, 4, 22),
        "jake",
        "0",
    )
    assert not coach.submit()
    assert "is not a whole number from 1 to 1440" in _said(coach)
    talk = forms["conversation_form"]
    talk.inputs["date"].value, talk.inputs["member_id"].value = dt.date(2026, 4, 22), "jake"
    talk.inputs["summary"].value = ""
    assert not talk.submit()
    for f in (forms["ask_form"], talk):
        assert _said(f).startswith("Not saved:")
    assert _dump(sample) == before


def test_the_manager_answers_an_ask_and_the_ledger_shows_it(empty):
    ws = workshop(empty, "t", EMPTY, audience="manager")
    acts = ws.update_actions()  # the action form of step 5, made first, as section 1 of the notebook shows it
    asks = ws.ask_form()
    asks.inputs["member_id"].value, asks.inputs["ask"].value = "s2", "Join my call with Acme"
    assert asks.submit()
    ask_id = empty.asks(session_id=EMPTY)["ask_id"].iloc[0]
    assert ask_id in [v for _, v in acts.inputs["ask_id"].options]  # offered at once, in the form made before
    acts.inputs["owner_id"].value, acts.inputs["action"].value = "m", "Join Sam's call with Acme"
    acts.inputs["due"].value, acts.inputs["for_id"].value, acts.inputs["ask_id"].value = (
        dt.date(2026, 5, 20),
        "s2",
        ask_id,
    )
    assert acts.submit()
    ws.refresh()
    mine = ws.manager_commitments()
    assert mine.data[["For", "Answers the ask"]].values.tolist() == [["Sam Two", "Join my call with Acme"]]
    assert "Every open ask has an action of the manager answering it." in mine.notes
    led = ws.ledger().data.set_index("Seller")
    assert led.loc["Sam Two", "The manager committed to"] == "Join Sam's call with Acme (open)"


def test_a_rotation_is_recorded_in_one_click_in_an_empty_engagement(empty):
    ws = workshop(empty, "t", EMPTY)
    form = ws.partner_form()
    assert "Sam Two and Sol One" in form.proposal.value
    form.record.click()
    assert sorted(empty.partners(session_id=EMPTY)["member_id"]) == ["s1", "s2"]
    assert "Rotation recorded" in _said(form)
    assert ws.partners().data["Accountability partner"].tolist() == ["Sol One", "Sam Two"]
    assert "Recorded at this session" in form.proposal.value and form.record.disabled  # nothing left to record


def test_a_strategy_starts_from_a_suggested_pairing_in_the_teams_own_words(sample):
    ws = workshop(sample, "north", REVIEW)
    form = ws.strategy_form()
    first = form._pairs[0]
    form.suggest.value = 0
    assert set(form.pick.value) == {first.first, first.second}
    assert form.inputs["text"].value == "" and first.strategy in html.unescape(form.hint.value)  # a question only
    form.inputs["text"].value = "Fix the forecast before a faster competitor takes the RFPs"
    assert form.submit()
    stored = sample.strategies(session_id=REVIEW)
    assert stored["item_ids"].tolist() == [f"{first.first} {first.second}"]
    ws.refresh()
    shown = ws.strategies().data["Strategy"].tolist()  # written at a review whose SWOT was agreed at the kickoff
    assert "Fix the forecast before a faster competitor takes the RFPs" in shown and len(shown) == 4
    assert not [label for label, _ in form.suggest.options if first.strategy in label]  # written: not suggested
    earlier = next(i for i, r in enumerate(form._entries) if r["carried"])
    form.load_entry(earlier)  # a strategy agreed at the kickoff: only its action changes here
    assert form.pick.disabled and form.inputs["text"].disabled and not form.inputs["action_id"].disabled


def test_a_seller_revisits_their_own_goals_private_ones_included(sample):
    w.Widget.close_all()
    wall = workshop(sample, "north", NEW).goal_progress_form()
    wall.seller.value = "elena"
    assert OWN not in _state() and "(private)" in _state()
    w.Widget.close_all()
    form = workshop(sample, "north", NEW, audience="member:elena").goal_progress_form()
    assert OWN in _state() and len(form.toggles) == 3  # her own copy: her private goal too, and only her goals
    for t, p in zip(form.toggles, ("on_track", "at_risk", "achieved")):
        t.value = p
    form.save()
    g = sample.goals(session_id=NEW)  # agreed at the review: recorded again at this session, with the progress
    assert sorted(g["member_id"]) == ["elena"] * 3 and g["goal"].str.contains(OWN).sum() == 1
    assert sorted(g["progress"]) == ["achieved", "at_risk", "on_track"]


def test_a_departments_answer_is_recorded_and_shown(sample):
    ws = workshop(sample, "north", REVIEW)
    form = ws.department_form()
    assert form.item.value == 0 and form.list.layout.display == "none"  # the table above lists the asks
    form.item.value = next(i for i, r in enumerate(form._rows.itertuples()) if r.department == "marketing")
    form.answer.value = "Two events co-funded, Chicago in June"
    form.save()
    ws.refresh()
    answers = ws.department_asks().data.set_index("Department")["Their answer"]
    assert answers["Marketing"] == "Two events co-funded, Chicago in June"


# ---------------------------------------------------------------- the notebook, executed


RUNS = {
    "team": ("north", REVIEW, "team"),
    "manager": ("north", REVIEW, "manager"),
    "elena": ("north", REVIEW, "member:elena"),
    "empty": ("t", EMPTY, "manager"),
}


@pytest.fixture(scope="module")
def executed(stores, tmp_path_factory):
    """Notebook 06 run in each copy of RUNS, two at a time; {run: (executed notebook path, error or None)}."""
    tmp = tmp_path_factory.mktemp("executed")
    jobs = []
    for run, (team, sid, audience) in RUNS.items():
        store = stores[1] if run == "empty" else stores[0]
        params = dict(engagement=str(store), team_id=team, session_id=sid, audience=audience)
        jobs.append((str(NOTEBOOK), str(tmp / f"06-{run}.ipynb"), params))
    t = time.perf_counter()
    with ProcessPoolExecutor(2, initializer=_start_kernel, initargs=(str(tmp),)) as pool:
        results = list(pool.map(_execute, jobs))
    print(f"\n{len(jobs)} runs of notebook 06 in {time.perf_counter() - t:.1f} s")
    return {run: (Path(out), err) for run, (out, err, _) in zip(RUNS, results)}


def test_the_notebook_runs_in_every_copy(executed):
    for run, (path, err) in executed.items():
        assert err is None, (run, err)
        nb = json.loads(path.read_text())
        assert not [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"], run
        assert "widgets" in nb["metadata"], run  # the saved widget state is searched below


def test_one_to_ones_reach_the_managers_copy_and_no_copy_for_the_room(executed):
    text = {run: path.read_text() for run, (path, _) in executed.items()}
    assert COACH not in text["team"] and TALK not in text["team"]
    assert PRIVATE not in text["team"] and MANAGER_ONLY not in text["team"]
    assert "between the manager and each seller" in text["team"] and OWN not in text["team"] + text["manager"]
    assert COACH in text["manager"] and TALK in text["manager"] and PRIVATE not in text["manager"]
    assert TALK in text["elena"] and OWN in text["elena"]  # her own conversation and her own private goal
    assert COACH not in text["elena"] and PRIVATE not in text["elena"]  # Jake's coaching, Tom's goal
    assert "No action is open." in text["empty"]
