"""The hub's pages driven through their widgets, in process (the browser test, test_hub.py, walks a quarter): every
write checked on the server and refused in plain words with nothing changed; the coaching rated anonymously and
shown to the manager only from three raters; sharing by choice reaching the partner's page; a session in force at
a kickoff, at a review and before a team's first session; the calendar file."""

import html

import pytest

from conftest import SAMPLE
from kit._store import Engagement
from kit.hub._hub import Hub
from kit.hub.calendar import ics
from kit.hub.pages import ManagerPage, SellerPage, TeamPage


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.db"
    with Engagement(path, create=True) as eng:
        eng.import_source(SAMPLE)
    return path


def _walk(x, out):
    out.append(x)
    for c in getattr(x, "children", ()):
        _walk(c, out)
    return out


def find(page, cls):
    return [x for x in _walk(page.widget, []) if cls in getattr(x, "_dom_classes", ())]


def words(page):
    return html.unescape("\n".join(str(getattr(x, "value", "")) for x in _walk(page.widget, []) if hasattr(x, "value")))


def _count(db, table):
    with Engagement(db, readonly=True) as eng:
        return len(eng.table(table))


def test_refused_writes_change_nothing(db):
    hub = Hub(db, team_id="north", today="2026-02-10")
    elena = SellerPage(hub, member_id="elena", token="t-elena")
    before = {t: _count(db, t) for t in ("asks", "actions", "history", "coaching")}
    find(elena, "kit-hub-ask")[0].click()  # nothing written yet
    assert "Write what you need first" in elena.message.value
    find(elena, "kit-hub-checkin-date")[0].value = __import__("datetime").date(2026, 1, 2)  # before the kickoff
    find(elena, "kit-hub-checkin")[0].click()
    assert "Pick the day of the check-in: after the last session (20 Jan 2026)" in elena.message.value
    elena._set_status({"session_id": "north-2026-01", "action_id": "a01"}, "done", None)  # Marcus's action
    assert "not one of your actions" in elena.message.value
    dana = ManagerPage(hub, member_id="dana", token="t-dana")
    find(dana, "kit-hub-coach")[0].click()
    assert "Choose the seller and the minutes first" in dana.message.value
    find(dana, "kit-hub-talk")[0].click()
    assert "write what was said" in dana.message.value
    assert {t: _count(db, t) for t in before} == before
    # a second coaching of the same kind, seller and day is refused with what to do instead
    find(dana, "kit-hub-coach-who")[0].value = "elena"
    find(dana, "kit-hub-coach-minutes")[0].value = 30
    find(dana, "kit-hub-coach")[0].click()
    assert "logged for 10 Feb 2026" in dana.message.value
    find(dana, "kit-hub-coach-who")[0].value = "elena"
    find(dana, "kit-hub-coach-minutes")[0].value = 30
    find(dana, "kit-hub-coach")[0].click()
    assert "is logged already" in dana.message.value
    assert _count(db, "coaching") == before["coaching"] + 1


def test_done_then_open_again_leaves_no_history(db):
    hub = Hub(db, team_id="north", today="2026-02-10")
    elena = SellerPage(hub, member_id="elena", token="t")
    box = next(b for b in find(elena, "kit-hub-action") if "healthcare" in b.children[0].value)
    next(x for x in _walk(box, []) if "kit-hub-done" in getattr(x, "_dom_classes", ())).click()
    assert "Marked done" in elena.message.value and _count(db, "history") == 15
    assert "Done or dropped since the last session" in words(elena)
    find(elena, "kit-hub-reopen")[0].click()
    assert "Open again" in elena.message.value and _count(db, "history") == 14  # the day's changes undo each other


def test_coaching_ratings_are_anonymous_and_shown_from_three_at_the_next_review(db):
    with Engagement(db) as eng:
        for m in ("elena", "jake", "tom"):
            eng.add("coaching", dict(date="2026-02-01", manager_id="dana", member_id=m, minutes=30, kind="joint_call"))
    hub = Hub(db, team_id="north", today="2026-02-02")  # the sample's next one-to-ones come later
    assert "Rate your coaching" not in words(SellerPage(hub, member_id="priya", token="t-priya"))  # not coached yet
    for i, m in enumerate(("elena", "jake", "tom")):
        page = SellerPage(hub, member_id=m, token=f"token-{m}")
        assert "Rate your coaching" in words(page) and "you had 1 joint call with Dana Whitfield" in words(page)
        find(page, "kit-hub-rate")[0].click()
        assert "Choose a level for each of the four" in page.message.value
        for c in ("asks_first", "lets_me_run", "one_behaviour", "follows_up"):
            find(page, f"kit-hub-rate-{c}")[0].value = 2 + i
        find(page, "kit-hub-rate")[0].click()
        assert "with nobody" in page.message.value
        assert "Rate your coaching" not in words(page)  # once a period
        assert "Rate your coaching" not in words(SellerPage(hub, member_id=m, token=f"token-{m}"))
        # while the period runs, the manager sees no figure that one rating could move
        manager = words(ManagerPage(hub, member_id="dana", token="t-dana"))
        assert "as your sellers rate it" not in manager and "you see it at the next review" in manager
    with Engagement(db, readonly=True) as eng:
        r = eng.table("coaching_ratings")
        assert len(r) == 12 and r["rating"].nunique() == 3 and set(r["session_id"]) == {"north-2026-01"}
    # after the April review, the period is closed: the manager sees it, from three sellers, and nobody else does
    later = Hub(db, team_id="north", today="2026-05-01")
    manager = words(ManagerPage(later, member_id="dana", token="t-dana"))
    assert 'since 20 Jan 2026</td><td class="num">3</td><td class="num">3.0' in manager
    assert "as your sellers rate it" not in words(TeamPage(later, member_id="elena", token="t"))
    assert "as your sellers rate it" not in words(SellerPage(later, member_id="elena", token="token-elena"))
    from kit import report, session

    with Engagement(db, readonly=True) as eng:
        review = session.load(eng, team_id="north", session_id="north-2026-04")
    assert "Your coaching, as your sellers rate it" in report.render(report.view(review, audience="manager"))
    assert "as your sellers rate it" not in report.render(report.view(review, audience="team"))


def test_two_ratings_are_withheld(db):
    with Engagement(db) as eng:
        for m in ("elena", "jake"):
            eng.add("coaching", dict(date="2026-02-01", manager_id="dana", member_id=m, minutes=30, kind="one_to_one"))
    hub = Hub(db, team_id="north", today="2026-02-02")
    for m in ("elena", "jake"):
        page = SellerPage(hub, member_id=m, token=f"token-{m}")
        for c in ("asks_first", "lets_me_run", "one_behaviour", "follows_up"):
            find(page, f"kit-hub-rate-{c}")[0].value = 4
        find(page, "kit-hub-rate")[0].click()
    manager = words(ManagerPage(Hub(db, team_id="north", today="2026-05-01"), member_id="dana", token="t"))
    assert "2 sellers rated so far; shown from 3" in manager and "4.0" not in manager.split("rate it")[-1][:400]


def test_nothing_is_recorded_on_the_day_of_a_session(db):
    hub = Hub(db, team_id="north", today="2026-04-21")  # the April review's own day
    elena = SellerPage(hub, member_id="elena", token="t")
    find(elena, "kit-hub-ask-text")[0].value = "A question"
    find(elena, "kit-hub-ask")[0].click()
    assert "Today is the day of the team's session (21 Apr 2026)" in html.unescape(elena.message.value)
    assert _count(db, "asks") == 12


def test_a_result_of_zero_on_a_lower_is_better_kpi_draws(db):
    with Engagement(db) as eng:  # attainment has no value: the page says so with a dash
        eng.put("kpi_actuals", dict(member_id="marcus", kpi_id="follow_up_hours", period_end="2026-02-28", value=0))
        eng.add("sharing", dict(member_id="marcus", since="2026-02-01", kpis="team"))
    hub = Hub(db, team_id="north", today="2026-03-20")
    assert "Follow-up time" in words(SellerPage(hub, member_id="marcus", token="t"))
    assert "could not be drawn" not in words(TeamPage(hub, member_id="jake", token="t"))


def test_hub_ids_are_the_teams(db):
    """An ask made in one period never takes the id of an ask of another: answers name their ask by id."""
    ids = []
    for today, who in (("2026-02-10", "elena"), ("2026-05-02", "jake")):
        page = SellerPage(Hub(db, team_id="north", today=today), member_id=who, token="t")
        find(page, "kit-hub-ask-text")[0].value = f"{who}'s ask"
        find(page, "kit-hub-ask")[0].click()
    with Engagement(db, readonly=True) as eng:
        ids = list(eng.asks(team_id="north")["ask_id"])
    assert len(ids) == len(set(ids))


def test_sharing_reaches_the_partner_and_the_team(db):
    hub = Hub(db, team_id="north", today="2026-03-20")
    priya = SellerPage(hub, member_id="priya", token="t-priya")  # Elena's partner since the kickoff
    assert "Elena Petrova shows you theirs" not in words(priya)
    team = words(TeamPage(hub, member_id="priya", token="t"))
    assert "Shown by choice" not in team
    elena = SellerPage(hub, member_id="elena", token="t-elena")
    find(elena, "kit-hub-share")[0].value = "partner"
    assert "your accountability partner" in elena.message.value
    assert "Elena Petrova shows you theirs: " in words(SellerPage(hub, member_id="priya", token="t-priya"))
    assert "Elena Petrova shows you" not in words(SellerPage(hub, member_id="jake", token="t-jake"))
    assert "Shown by choice" not in words(TeamPage(hub, member_id="priya", token="t"))
    find(elena, "kit-hub-share")[0].value = "team"
    assert "Shown by choice" in words(TeamPage(hub, member_id="jake", token="t"))
    find(elena, "kit-hub-share")[0].value = "manager"  # taken back the same day: saved, and the team sees it no more
    assert "your manager only" in elena.message.value
    assert "Shown by choice" not in words(TeamPage(hub, member_id="jake", token="t"))
    with Engagement(db, readonly=True) as eng:
        assert eng.table("sharing")[["since", "kpis"]].values.tolist() == [["2026-03-20", "manager"]]


def test_every_session_kind(db):
    """Before the team's first session, at a kickoff's weeks, after a review, and in a brand-new empty session."""
    with Engagement(db) as eng:
        eng.add("sessions", dict(session_id="north-2027-01", team_id="north", date="2027-01-12", kind="kickoff"))
    for today, expect in (
        ("2025-12-01", "The team's first session is on 20 Jan 2026"),
        ("2026-02-10", "Your partner is Priya Natarajan"),
        ("2026-05-02", "Your partner is Marcus Lee"),  # the review's rotation
        ("2027-01-20", "Your partner is Marcus Lee"),  # a brand-new session: the pairs in force carry
    ):
        hub = Hub(db, team_id="north", today=today)
        assert expect in words(SellerPage(hub, member_id="elena", token="t"))
        ManagerPage(hub, member_id="dana", token="t")
        TeamPage(hub, member_id="elena", token="t")


def test_leader_confirmed_and_calendar(db):
    hub = Hub(db, team_id="south", today="2026-02-10")  # South's April review has no leader recorded
    team = TeamPage(hub, member_id="luis", token="t")
    text = words(team)
    assert "(the rotation's proposal)" in text
    find(team, "kit-hub-lead")[0].click()
    assert "leads the review of 23 Apr 2026" in team.message.value
    with Engagement(db, readonly=True) as eng:
        led = eng.sessions(session_id="south-2026-04").iloc[0]["leader_id"]
        assert isinstance(led, str) and led
    assert "(the rotation's proposal)" not in words(team)
    body = ics(
        team={"team_id": "south", "name": "Commercial South"},
        session=dict(session_id="s", date="2026-04-23", kind="review"),
        leader="Zoë Martin",
    )
    text = body.decode()
    assert "DTSTART;VALUE=DATE:20260423" in text and "DTEND;VALUE=DATE:20260424" in text
    assert "led by Zoë Martin" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_a_bad_today_is_refused(db):
    from kit.errors import KitError

    with pytest.raises(KitError, match="not a date"):
        Hub(db, team_id="north", today="2026-13-01")
    with pytest.raises(KitError, match="no team 'west'"):
        Hub(db, team_id="west")


def test_backup_while_the_store_is_open(db, tmp_path, capsys):
    from kit.cli import main

    with Engagement(db) as eng:  # a page holds the store open and writes while the copy is made
        eng.add("sharing", {"member_id": "jake", "since": "2026-02-10", "kpis": "team"})
        assert main(["backup", str(db), str(tmp_path / "copy.db")]) == 0
    with Engagement(tmp_path / "copy.db", readonly=True) as eng:
        assert len(eng.table("sharing")) == 1 and len(eng.actions()) > 0
    assert main(["backup", str(db), str(tmp_path / "copy.db")]) == 1  # never over an existing file
    assert "exists; choose a new name" in capsys.readouterr().err
    assert main(["backup", str(tmp_path / "none.db"), str(tmp_path / "c2.db")]) == 1
    assert not (tmp_path / "c2.db").exists()


def test_the_manager_answers_an_ask_between_sessions(db):
    hub = Hub(db, team_id="north", today="2026-02-10")
    jake = SellerPage(hub, member_id="jake", token="t-jake")
    assert "No answer yet" in words(jake)  # q04: sit in on my next three first meetings
    dana = ManagerPage(hub, member_id="dana", token="t-dana")
    box = next(b for b in find(dana, "kit-hub-open-ask") if "next three first meetings" in b.children[0].value)
    find_in = [x for x in _walk(box, []) if "kit-hub-answer" in getattr(x, "_dom_classes", ())]
    find_in[0].click()
    assert "Write what you will do, and by when" in dana.message.value
    [x for x in _walk(box, []) if "kit-hub-answer-text" in getattr(x, "_dom_classes", ())][0].value = "Join 3 calls"
    [x for x in _walk(box, []) if "kit-hub-answer-due" in getattr(x, "_dom_classes", ())][0].value = __import__(
        "datetime"
    ).date(2026, 3, 6)
    find_in[0].click()
    assert "Committed" in dana.message.value and "Join 3 calls" in words(dana)
    assert "Your manager: Join 3 calls (open, due 6 Mar 2026)" in words(SellerPage(hub, member_id="jake", token="t"))
    with Engagement(db, readonly=True) as eng:
        a = eng.actions(team_id="north")
        new = a[a["action"] == "Join 3 calls"].iloc[0]
        assert (new["owner_id"], new["ask_id"], new["for_id"], new["session_id"]) == (
            "dana",
            "q04",
            "jake",
            "north-2026-01",
        )
    # the kickoff's documents do not show it: it was agreed on 10 February
    from kit import session

    with Engagement(db, readonly=True) as eng:
        kickoff = session.load(eng, team_id="north", session_id="north-2026-01")
    assert "Join 3 calls" not in set(kickoff.rows["actions"]["action"])
