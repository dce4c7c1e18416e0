"""Dated history (contract v5): every status change of an action or an ask is stored with its date, and a session
shows everything as it stood on its own date, so a kickoff's report rendered again in April is the January report;
and whom each seller chose to show their KPI results to (``sharing``), in force from the day they chose it."""

import pytest

from conftest import SAMPLE
from kit import audience, report, session
from kit._store import Engagement


@pytest.fixture
def sample(tmp_path):
    db = tmp_path / "s.db"
    with Engagement(db, create=True) as eng:
        eng.import_source(SAMPLE)
    return db


def _load(db, sid, team="north"):
    with Engagement(db, readonly=True) as eng:
        return session.load(eng, team_id=team, session_id=sid)


def _status(s, action_id):
    a = s.rows["actions"]
    found = a[a["action_id"] == action_id]
    return None if found.empty else found.iloc[0]["status"]


def test_a_status_changed_later_shows_as_it_was(sample):
    assert _status(_load(sample, "north-2026-01"), "a04") == "open"
    with Engagement(sample) as eng:
        eng.update(
            "actions",
            {"session_id": "north-2026-01", "action_id": "a04"},
            status="done",
            changed_on="2026-02-10",
            change_note="both case studies published",
        )
        h = eng.table("history", item_id="a04")
    assert h[["date", "record", "item_id", "was", "became", "note"]].values.tolist() == [
        ["2026-02-10", "actions", "a04", "open", "done", "both case studies published"]
    ]
    assert _status(_load(sample, "north-2026-01"), "a04") == "open"  # the kickoff, 20 January: as agreed
    review_ = _load(sample, "north-2026-04")
    row = review_.rows["actions"].set_index("action_id").loc["a04"]
    assert (row["status"], row["changed"], row["note"]) == ("done", "2026-02-10", "both case studies published")


def test_one_row_per_item_and_day_and_a_day_undone_leaves_none(sample):
    key = {"session_id": "north-2026-01", "action_id": "a04"}
    with Engagement(sample) as eng:
        eng.update("actions", key, status="done", changed_on="2026-02-10")
        eng.update("actions", key, status="dropped", changed_on="2026-02-10")
        h = eng.table("history", item_id="a04")
        assert h[["was", "became"]].values.tolist() == [["open", "dropped"]]  # what it was before that day
        eng.update("actions", key, status="open", changed_on="2026-02-10")
        assert eng.table("history", item_id="a04").empty  # the day's changes undid each other
        eng.update("actions", key, status="done", changed_on="2026-02-10")
        eng.update("actions", key, status="open", changed_on="2026-03-01")  # reopened later: two dated changes
        assert eng.table("history", item_id="a04")[["date", "was", "became"]].values.tolist() == [
            ["2026-02-10", "open", "done"],
            ["2026-03-01", "done", "open"],
        ]
    assert _status(_load(sample, "north-2026-04"), "a04") == "open"
    with Engagement(sample) as eng:  # an action removed takes its history with it
        new = {"session_id": "north-2026-01", "action_id": "c09"}
        eng.add("actions", dict(new, owner_id="jake", action="Call Hartwell", due="2026-03-01", status="open"))
        eng.update("actions", new, status="done", changed_on="2026-02-20")
        assert len(eng.table("history", item_id="c09")) == 1  # done (added at the session: no row)
        eng.delete("actions", new)
        assert eng.table("history", item_id="c09").empty and len(eng.table("history", item_id="a04")) == 2


def test_a_row_added_between_sessions_is_not_in_the_earlier_session(sample):
    ask = {"session_id": "north-2026-01", "ask_id": "q90", "member_id": "jake", "ask": "Join my call with Hartwell"}
    with Engagement(sample) as eng:
        eng.add("asks", dict(ask, status="open"), changed_on="2026-02-12")
    kickoff = _load(sample, "north-2026-01")
    assert "q90" not in set(kickoff.rows["asks"]["ask_id"])
    assert "q90" in set(_load(sample, "north-2026-04").rows["asks"]["ask_id"])


def test_a_session_form_dates_its_change_with_the_session(sample):
    """The review's action form changes a kickoff action's status: the change is the review's (21 April)."""
    from kit.steps.actions.capture import action_form

    with Engagement(sample) as eng:
        form = action_form(eng, session_id="north-2026-04", audience="manager")
        shown = form.shown().reset_index(drop=True)
        form.load_entry(int(shown.index[(shown["action_id"] == "a04") & shown["carried"]][0]))
        form.inputs["status"].value = "done"
        assert form.submit()
        assert eng.table("history", item_id="a04")[["date", "was", "became"]].values.tolist() == [
            ["2026-04-21", "open", "done"]
        ]
    assert _status(_load(sample, "north-2026-01"), "a04") == "open"
    assert _status(_load(sample, "north-2026-04"), "a04") == "done"


def test_the_kickoff_report_is_the_same_after_the_quarter(sample, tmp_path):
    def kickoff():
        with Engagement(sample, readonly=True) as eng:
            s = session.load(eng, team_id="north", session_id="north-2026-01")
        return {a: report.render(report.view(s, audience=a)) for a in ("team", "manager", "member:jake")}

    before = kickoff()
    with Engagement(sample) as eng:
        eng.update(
            "actions", {"session_id": "north-2026-01", "action_id": "a04"}, status="done", changed_on="2026-02-10"
        )
        eng.update("asks", {"session_id": "north-2026-01", "ask_id": "q01"}, status="done", changed_on="2026-02-11")
        eng.add(
            "actions",
            {
                "session_id": "north-2026-01",
                "action_id": "c01",
                "owner_id": "jake",
                "action": "Partner check-in",
                "due": "2026-02-12",
                "status": "done",
                "for_id": "marcus",
            },
            changed_on="2026-02-12",
        )
        eng.add("sharing", {"member_id": "jake", "since": "2026-02-12", "kpis": "team"})
        eng.add(
            "coaching",
            {"date": "2026-02-13", "manager_id": "dana", "member_id": "jake", "minutes": 45, "kind": "one_to_one"},
        )
    assert kickoff() == before


def test_export_and_import_carry_the_history(sample, tmp_path):
    with Engagement(sample) as eng:
        eng.update(
            "actions", {"session_id": "north-2026-01", "action_id": "a04"}, status="done", changed_on="2026-02-10"
        )
        eng.add("sharing", {"member_id": "jake", "since": "2026-02-12", "kpis": "partner"})
        eng.export(tmp_path / "out")
    assert "2026-02-10,north-2026-01,actions,a04,open,done" in (tmp_path / "out" / "history.csv").read_text("utf-8-sig")
    with Engagement(tmp_path / "again.db", create=True) as eng:
        eng.import_source(tmp_path / "out")
        assert len(eng.table("history", item_id="a04")) == 1 and len(eng.table("sharing")) == 1
        assert len(eng.table("history")) == 15  # the sample's 14 and the one above
    assert _status(_load(tmp_path / "again.db", "north-2026-01"), "a04") == "open"


def test_sharing_by_choice(sample):
    """Jake shows his results to his partner (Marcus at the kickoff), then to the team; Priya keeps the default."""
    with Engagement(sample) as eng:
        eng.add("sharing", {"member_id": "jake", "since": "2026-02-01", "kpis": "partner"})
    s = _load(sample, "north-2026-04")
    assert s.sharing == {"jake": "partner"}

    def named(pol):
        cut = audience.cut(s, pol)
        return set(cut.attainment["member_id"]) & {m for m in s.members["member_id"]}

    pairs = s.rows["partners"]
    partner = pairs.set_index("member_id").loc["jake", "partner_id"]
    assert "jake" in named(f"member:{partner}")
    others = [m for m in ("priya", "tom", "aisha") if m != partner]
    assert all("jake" not in named(f"member:{m}") for m in others)
    assert "jake" not in named("team")
    with Engagement(sample) as eng:
        eng.add("sharing", {"member_id": "jake", "since": "2026-03-01", "kpis": "team"})
    s = _load(sample, "north-2026-04")
    assert "jake" in named("team") and "priya" not in named("team")
    assert _load(sample, "north-2026-01").sharing == {}  # the kickoff, before either choice


def test_a_version_8_store_gains_the_history_on_open(sample):
    import sqlite3

    con = sqlite3.connect(sample)
    for t in ("history", "sharing", "coaching_ratings", "hub_links", "hub_rated"):
        con.execute(f"DROP TABLE {t}")
    con.execute("UPDATE schema_version SET version = 8")
    con.commit()
    con.close()
    with Engagement(sample) as eng:  # opened for writing: upgraded
        eng.update(
            "actions", {"session_id": "north-2026-01", "action_id": "a04"}, status="done", changed_on="2026-02-10"
        )
        assert len(eng.table("history")) == 1 and eng.table("sharing").empty and eng.hub_links("north") == {}


def test_figures_not_shown_by_choice_stay_a_group_of_three(sample):
    """Five of six sellers show their results to the team: the sixth's result would be the team figure less theirs, so
    it is left out of every team figure; with three or more not shown, theirs stay, as pseudonyms."""
    with Engagement(sample) as eng:
        for m in ("marcus", "priya", "elena", "jake", "aisha"):
            eng.add("sharing", {"member_id": m, "since": "2026-02-01", "kpis": "team"})
    team = audience.cut(_load(sample, "north-2026-04"), "team")
    assert set(team.attainment["member_id"]) == {"marcus", "priya", "elena", "jake", "aisha"}  # tom's left out
    with Engagement(sample) as eng:
        for m in ("jake", "aisha"):
            eng.add("sharing", {"member_id": m, "since": "2026-03-01", "kpis": "manager"})
    team = audience.cut(_load(sample, "north-2026-04"), "team")
    people = set(team.attainment["member_id"])
    assert {"marcus", "priya", "elena"} <= people and len(people) == 6  # tom, jake and aisha as pseudonyms
    assert not {"tom", "jake", "aisha"} & people
