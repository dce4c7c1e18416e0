"""The store: lossless round trip, idempotent import, all-or-nothing writes, concurrent writers, versions."""

import csv
import multiprocessing
import sqlite3

import openpyxl
import pytest

from conftest import MINIMAL, SAMPLE, minimal_workbook, overlay
from kit import KitError, ValidationError, open_engagement
from kit._store import SCHEMA_VERSION
from kit.validate import validate

TRICKY = 'Zoë says "hi", <script>alert(1)</script>\nsecond line; 日本語 & émoji 🎯'


def content(folder):
    """What a folder means, independent of formatting: parsed rows per table, settings, own KPIs/rubrics."""
    ds = validate(folder)
    assert ds.errors == [], [p.text() for p in ds.errors]
    tables = {n: sorted(repr((r.values, r.extra)) for r in rows) for n, rows in ds.tables.items() if rows}
    return tables, ds.engagement, ds.extra_kpis, ds.extra_rubrics


def dump(path):
    con = sqlite3.connect(path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


@pytest.mark.parametrize("source", [SAMPLE, MINIMAL], ids=["sample_data", "minimal"])
def test_round_trip_is_lossless(tmp_path, source):
    with open_engagement(tmp_path / "e.db", create=True) as eng:
        eng.import_source(source)
        eng.export(tmp_path / "out")
    assert content(tmp_path / "out") == content(source)


def test_free_text_extra_columns_and_own_catalogue_survive(tmp_path, minimal):
    with open(minimal / "goals.csv", "a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow(["k1", "s3", TRICKY, "other", "team"])
    text = (minimal / "actions.csv").read_text().replace("status\n", "status,note\n", 1)
    (minimal / "actions.csv").write_text(text.replace("open\n", 'open,"call, then mail"\n', 1))
    (minimal / "kpi_catalog.yaml").write_text(
        "kpis:\n  - {id: demos_given, name: Demos, definition: Demos held, unit: demos, direction: higher,"
        " kind: leading}\n"
    )
    (minimal / "rubrics").mkdir()
    (minimal / "rubrics" / "cold_call.yaml").write_text(
        "id: cold_call\nname: Cold call\nscale: {min: 1, max: 4}\ncriteria:\n"
        "  - {id: hook, name: Hook, weight: 1, anchors: {1: none, 4: sharp}}\n"
    )
    with open(minimal / "kpis.csv", "a") as f:
        f.write("k1,East,demos_given,4,week\n")
    with open_engagement(tmp_path / "e.db", create=True) as eng:
        eng.import_source(minimal)
        assert TRICKY in set(eng.goals()["goal"])
        eng.export(tmp_path / "out")
    assert content(tmp_path / "out") == content(minimal)
    with open(tmp_path / "out" / "goals.csv", encoding="utf-8-sig", newline="") as f:
        assert TRICKY in [row["goal"] for row in csv.DictReader(f)]


def test_import_twice_changes_nothing(tmp_path):
    db = tmp_path / "e.db"
    with open_engagement(db, create=True) as eng:
        eng.import_source(SAMPLE)
    before = dump(db)
    with open_engagement(db) as eng:
        assert eng.import_source(SAMPLE).changes == 0
    assert dump(db) == before


def test_import_updates_same_ids_and_keeps_other_teams(tmp_path, minimal):
    db = tmp_path / "e.db"
    with open_engagement(db, create=True) as eng:
        eng.import_source(minimal)
    # a second folder of the same engagement: only team t1 with a new target and new pulse rows for k1
    (minimal / "teams.csv").write_text("team_id,name,manager_id,annual_target\nt1,Team One,mgr,250000\n")
    (minimal / "pulse.csv").write_text("session_id,respondent_id,score\nk1,,5\n")
    with open_engagement(db) as eng:
        eng.import_source(minimal)
        assert eng.teams()["annual_target"].tolist() == [250000.0]
        assert sorted(eng.pulse(session_id="k1")["score"]) == [5]  # k1's pulse replaced
        assert sorted(eng.pulse(session_id="r1")["score"]) == [4, 4]  # r1's left alone
    other = tmp_path / "other"
    with open_engagement(db) as eng:
        eng.export(other)
    text = (other / "teams.csv").read_text(encoding="utf-8-sig")
    assert "250000" in text


def test_folder_with_errors_imports_nothing(tmp_path, store):
    before = dump(store.path)
    bad = overlay("bad_enum", tmp_path / "bad")
    with pytest.raises(ValidationError) as e:
        store.import_source(bad)
    assert "goals.csv row 8, column visibility" in str(e.value)
    assert str(e.value).endswith("Nothing was imported.")
    assert dump(store.path) == before


def test_other_engagement_is_refused(tmp_path, store, minimal):
    (minimal / "engagement.yaml").write_text("name: Another one\nclient: X\ncurrency: EUR\n")
    with pytest.raises(KitError, match="holds engagement 'Minimal test engagement'"):
        store.import_source(minimal)


def test_api_write_validates_and_rejects_without_change(store):
    before = dump(store.path)
    with pytest.raises(ValidationError) as e:
        store.add("goals", dict(session_id="k1", member_id="s1", goal="x", category="financial", visibility="secret"))
    assert "new goals row, column visibility: 'secret' is not one of team, manager, private" in str(e.value)
    with pytest.raises(ValidationError, match="'zed' is not a member_id"):
        store.add("goals", dict(session_id="k1", member_id="zed", goal="x", category="financial", visibility="team"))
    with pytest.raises(ValidationError, match="repeats a row already stored"):
        store.add(
            "commitments",
            dict(
                session_id="k1", member_id="s1", annual_commitment=1, avg_deal_size=1, win_rate=0.5, sales_cycle_days=10
            ),
        )
    with pytest.raises(ValidationError, match="to more than 5"):
        store.add("swot_votes", dict(session_id="k1", item_id="i1", voter_id="s1", dots=3))
    with pytest.raises(ValidationError, match="is not a member_id"):
        store.delete("members", {"member_id": "s3"})  # s3 still has goals, votes, actions
    assert dump(store.path) == before


def test_api_writes_add_update_delete(store):
    [rid] = store.add(
        "goals", dict(session_id="k1", member_id="s3", goal="Mentor a new hire", category="career", visibility="team")
    )
    store.update("goals", {"row_id": rid}, visibility="private")
    assert store.goals().set_index("row_id").loc[rid, "visibility"] == "private"
    store.put(
        "commitments",
        dict(
            session_id="k1",
            member_id="s1",
            annual_commitment=150000,
            avg_deal_size=10000,
            win_rate="30%",
            sales_cycle_days=60,
        ),
    )
    c = store.commitments(session_id="k1").set_index("member_id")
    assert c.loc["s1", "annual_commitment"] == 150000 and c.loc["s1", "win_rate"] == 0.3
    store.delete("goals", {"row_id": rid})
    assert rid not in set(store.goals()["row_id"])
    store.update("sessions", {"session_id": "r1"}, leader_id="s3")  # a session with rows that refer to it
    assert store.sessions(session_id="r1")["leader_id"].iloc[0] == "s3"
    store.update("actions", {"session_id": "k1", "action_id": "a1"}, status="done")
    assert store.actions(team_id="t1").set_index("action_id").loc["a1", "status"] == "done"


def _writer(args):
    db, worker, n = args
    from kit import open_engagement

    with open_engagement(db) as eng:
        for i in range(n):
            eng.add(
                "goals",
                dict(
                    session_id="r1",
                    member_id="s1",
                    goal=f"worker {worker} goal {i}",
                    category="other",
                    visibility="team",
                ),
            )
            eng.add("pulse", dict(session_id="r1", respondent_id=None, score=1 + (i % 5)))
    return n


def test_eight_concurrent_writers_lose_nothing(store):
    n = 15
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(8) as pool:
        done = pool.map(_writer, [(str(store.path), w, n) for w in range(8)])
    assert done == [n] * 8
    goals = store.goals(session_id="r1")
    assert len(goals) == 8 * n
    assert set(goals["goal"]) == {f"worker {w} goal {i}" for w in range(8) for i in range(n)}
    assert len(store.pulse(session_id="r1")) == 2 + 8 * n


def test_workbook_imports_like_the_folder(tmp_path):
    wb = minimal_workbook(typed=True)
    wb.save(tmp_path / "capture.xlsx")
    with open_engagement(tmp_path / "e.db", create=True) as eng:
        eng.import_source(tmp_path / "capture.xlsx")
        eng.export(tmp_path / "out")
    assert content(tmp_path / "out")[0] == content(MINIMAL)[0]


def test_workbook_problems_name_the_sheet(tmp_path):
    wb = openpyxl.load_workbook(MINIMAL.parent.parent.parent / "templates" / "capture" / "capture.xlsx")
    wb["engagement"]["B2"] = "X"
    wb["engagement"]["B3"] = "Y"
    wb["engagement"]["B4"] = "EUR"
    wb["teams"].append(["t1", "Team", "mgr", "lots"])
    wb.save(tmp_path / "c.xlsx")
    errors = [p.text() for p in validate(tmp_path / "c.xlsx").errors]
    assert any(t.startswith("c.xlsx, sheet teams row 2, column annual_target: 'lots' is not a number") for t in errors)


def test_store_versions_and_bad_files(tmp_path, store):
    con = sqlite3.connect(store.path)
    assert con.execute("SELECT version FROM schema_version").fetchone() == (SCHEMA_VERSION,)
    con.execute("UPDATE schema_version SET version = 99")
    con.commit()
    con.close()
    with pytest.raises(KitError, match="written by a newer kit"):
        open_engagement(store.path)
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all" * 100)
    with pytest.raises(KitError, match="not a workshop store"):
        open_engagement(junk)
    with pytest.raises(KitError, match="no such store"):
        open_engagement(tmp_path / "missing.db")


def test_store_settings_and_foreign_keys(store):
    assert store.settings["currency"] == "EUR" and store.settings["dot_budget"] == 5
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    con.close()
    store.set_settings(dot_budget=6)
    assert store.settings["dot_budget"] == 6
    with pytest.raises(ValidationError, match="brings s2's dots in session k1 to more than 3"):
        store.set_settings(dot_budget=3)  # s2 already spent 5 dots
    assert store.settings["dot_budget"] == 6
    with pytest.raises(ValidationError, match="ISO 4217"):
        store.set_settings(currency="Dollars")


def test_a_version_1_store_is_migrated_on_open(tmp_path):
    """tests/data/v1_store.db was written by the kit before the pulse had a phase; it opens, and its answers
    are opening ones."""
    import shutil

    from conftest import DATA

    old = shutil.copyfile(DATA / "v1_store.db", tmp_path / "v1.db")
    with open_engagement(old) as eng:
        p = eng.pulse()
        assert len(p) and set(p["phase"]) == {"opening"}
        eng.add("pulse", dict(session_id=p["session_id"].iloc[0], score=4, phase="closing"))
        assert sorted(eng.pulse()["phase"]).count("closing") == 1
        sid = p["session_id"].iloc[0]
        assert eng.room_state(sid) == {} and eng.set_room_state(sid, step="goals") == {"step": "goals"}  # v3's room
    con = sqlite3.connect(old)
    assert con.execute("SELECT version FROM schema_version").fetchone() == (SCHEMA_VERSION,)
    con.close()
