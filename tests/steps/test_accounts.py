"""Target accounts (contract v3): the same account however two sellers typed it, what each audience may read of
an account, the form on a seller's own page, carrying into a review account by account, the documents, and a store
written by an older kit upgraded without losing anything."""

import shutil
import sqlite3

import pandas as pd
import pytest

from conftest import MINIMAL
from kit import audience, open_engagement, report
from kit.errors import KitError
from kit.steps.accounts import model as accounts
from kit.steps.accounts.capture import account_form

ROWS = [
    ("k1", "s1", "ACME Corp.", "Three plants to re-equip", "team"),
    ("k1", "s2", "Acme", "Their Buffalo plant asked for a demo", "team"),
    ("k1", "s3", "acme corporation", "A friend there", "private"),  # private: compared with nobody's
    ("k1", "s3", "Initech", "", "manager"),
    ("k1", "s1", "Globex", "Renewal in March", "team"),
]


@pytest.fixture
def eng(tmp_path):
    folder = shutil.copytree(MINIMAL, tmp_path / "engagement")
    pd.DataFrame(ROWS, columns=["session_id", "member_id", "account", "why", "visibility"]).to_csv(
        folder / "accounts.csv", index=False
    )
    e = open_engagement(tmp_path / "e.db", create=True)
    e.import_source(folder)
    yield e
    e.close()


@pytest.mark.parametrize(
    "a, b",
    [
        ("ACME Corp.", "acme"),
        ("Acme Corporation", "ACME"),
        ("Zoë Foods GmbH", "zoe foods"),
        ("Harbor  Logistics", "harbor logistics inc"),
    ],
)
def test_the_same_account_however_it_was_typed(a, b):
    assert accounts.same_account(a) == accounts.same_account(b)


def test_different_accounts_stay_different():
    assert accounts.same_account("Acme") != accounts.same_account("Acme Health")
    assert accounts.same_account("Co") == "co"  # a name that is only a suffix is kept


def test_the_team_sees_two_sellers_on_one_account_and_never_the_private_third(eng):
    s = report.load(eng, team_id="t1", session_id="k1")
    team = audience.cut(s, audience.TEAM)
    o = accounts.overlaps(team.rows["accounts"])
    assert o["account"].tolist() == ["ACME Corp."] and o["member_ids"].tolist() == [["s1", "s2"]]
    shown = team.rows["accounts"]
    assert "acme corporation" not in set(shown["account"]) and "Initech" not in set(shown["account"])
    assert shown.loc[~shown["shared"], "why"].isna().all()  # what is said of it is as private as its name
    manager = audience.cut(s, audience.MANAGER).rows["accounts"]
    assert "Initech" in set(manager["account"]) and "acme corporation" not in set(manager["account"])
    own = audience.cut(s, audience.member("s3")).rows["accounts"]
    assert {"acme corporation", "Initech"} <= set(own["account"])


def test_the_form_on_a_sellers_own_page_is_private_by_default_and_holds_only_theirs(eng):
    form = account_form(eng, session_id="k1", audience=audience.member("s2"), member_id="s2")
    assert form.inputs["visibility"].value == "private"  # nothing is shared by accident
    assert "progress" not in form.inputs and "won" not in form.inputs  # asked at a review only
    listed = " ".join(t for t, _ in form.entry_options())
    assert "Acme" in listed and "Globex" not in listed and "Initech" not in listed
    form.inputs["account"].value = "Umbrella"
    form.inputs["why"].value = "New budget in May"
    assert form.submit()
    row = eng.table("accounts", session_id="k1").set_index("account").loc["Umbrella"]
    assert (row["member_id"], row["visibility"]) == ("s2", "private")


def test_a_bad_row_is_refused_and_changes_nothing(eng):
    before = len(eng.table("accounts"))
    with pytest.raises(KitError, match="visibility"):
        eng.add("accounts", dict(session_id="k1", member_id="s1", account="Hooli", why="", visibility="everyone"))
    with pytest.raises(KitError, match="won"):
        eng.add("accounts", dict(session_id="k1", member_id="s1", account="Hooli", visibility="team", won=-5))
    assert len(eng.table("accounts")) == before


def test_accounts_carry_into_the_review_account_by_account_with_their_progress(eng):
    eng.add(
        "accounts",
        dict(session_id="r1", member_id="s1", account="Globex", why="", visibility="team", progress="won", won=50000),
    )
    s = report.load(eng, team_id="t1", session_id="r1")
    a = s.rows["accounts"]
    mine = a[a["member_id"] == "s1"].set_index("account")
    assert set(mine.index) == {"Globex", "ACME Corp."}  # the account revisited replaced; the other stands
    assert mine.loc["Globex", "session_id"] == "r1" and mine.loc["ACME Corp.", "session_id"] == "k1"
    team = audience.cut(s, audience.TEAM).rows["accounts"]
    assert accounts.won_total(team) == 50000
    assert accounts.progress_counts(team)["won"] == 1


def test_revisiting_an_earlier_account_records_it_here_and_keeps_the_kickoffs_as_agreed(eng):
    form = account_form(eng, session_id="r1", audience=audience.member("s2"), member_id="s2")
    assert "progress" in form.inputs and "won" in form.inputs  # asked at a review
    form.load_entry(next(i for i, r in enumerate(form._entries) if r["account"] == "Acme"))
    assert form.inputs["account"].disabled and not form.inputs["progress"].disabled
    form.inputs["progress"].value = "meeting"
    assert form.submit()
    rows = eng.table("accounts").set_index(["session_id", "member_id", "account"])
    assert rows.loc[("r1", "s2", "Acme"), "progress"] == "meeting"
    assert rows.loc[("r1", "s2", "Acme"), "why"] == "Their Buffalo plant asked for a demo"  # copied, not retyped
    assert pd.isna(rows.loc[("k1", "s2", "Acme"), "progress"])  # the kickoff's report says what it said
    assert form.inputs["visibility"].value == "private"  # the next entry starts private again


@pytest.mark.parametrize("session_id", ["k1", "r1"])
def test_the_documents_show_the_accounts_each_audience_may_read(eng, session_id):
    s = report.load(eng, team_id="t1", session_id=session_id)
    team = report.view(s, audience="team")
    section = next(x for x in team["sections"] if x["title"] == "Target accounts")
    words = str(section)
    assert "ACME Corp." in words and "Named by two sellers or more" in words
    assert "acme corporation" not in words and "Initech" not in words and "A friend there" not in words
    assert "1 account kept private and 1 account shared with the manager only by their sellers" in words
    own = str(report.view(s, audience="member:s3")["opening"])
    assert "acme corporation" in own and "Initech" in own
    assert "ACME Corp." not in own  # a seller's page holds their own accounts only


def test_a_session_without_accounts_shows_no_section(tmp_path):
    e = open_engagement(tmp_path / "e.db", create=True)
    e.import_source(MINIMAL)
    s = report.load(e, team_id="t1", session_id="k1")
    assert all(x["title"] != "Target accounts" for x in report.view(s, audience="team")["sections"])
    e.close()


def test_a_store_from_before_accounts_is_upgraded_and_keeps_everything(tmp_path):
    e = open_engagement(tmp_path / "e.db", create=True)
    e.import_source(MINIMAL)
    goals = len(e.goals())
    e.close()
    con = sqlite3.connect(tmp_path / "e.db")  # as the kit before contract v3 left it (store version 5)
    con.execute("DROP TABLE accounts")
    con.execute("UPDATE schema_version SET version = 5")
    con.commit()
    con.close()
    e = open_engagement(tmp_path / "e.db")
    assert len(e.goals()) == goals and e.table("accounts").empty
    e.add("accounts", dict(session_id="k1", member_id="s1", account="Hooli", why="", visibility="team"))
    assert len(e.table("accounts")) == 1
    e.close()
