"""Contract v2 (the review loop's files and columns): every new rule with a bad-input fixture and the message it
must give, nothing imported when a file is refused, v1 folders and stores opening unchanged in meaning, and
export / import round trips."""

import math
import shutil
import sqlite3

import pytest

from conftest import DATA, MINIMAL, SAMPLE, overlay
from kit import session
from kit._schema import TABLES
from kit._store import SCHEMA_VERSION, Engagement
from kit.errors import ValidationError
from kit.validate import validate

# case, file, row as a spreadsheet shows it, column, words the message must contain
ERRORS = [
    ("v2_unknown_ask", "actions.csv", 6, "ask_id", "'q9' is not an ask_id of team t1 in asks.csv; valid: q1"),
    ("v2_partner_self", "partners.csv", 2, "partner_id", "'s1' is the member themself; name a colleague"),
    ("v2_strategy_unknown_item", "strategies.csv", 2, "item_ids", "names i99, not an item_id of team t1's SWOT"),
    ("v2_strategy_unknown_action", "strategies.csv", 2, "action_id", "'a99' is not an action_id of team t1"),
    ("v2_coaching_wrong_manager", "coaching.csv", 2, "manager_id", "is not the manager of s1's team t1; valid: mgr"),
    ("v2_coaching_unknown_member", "coaching.csv", 2, "member_id", "'s99' is not a member_id in members.csv"),
    ("v2_coaching_zero_minutes", "coaching.csv", 2, "minutes", "'0' is not a whole number from 1 to 1440"),
    ("v2_coaching_bad_kind", "coaching.csv", 2, "kind", "'lunch' is not one of one_to_one, joint_call"),
    ("v2_conversation_bad_topic", "conversations.csv", 2, "topic", "'rant' is not one of praise, shortfall"),
    ("v2_follow_up_before", "conversations.csv", 2, "follow_up", "is before the conversation (2026-02-01)"),
    ("v2_goal_progress", "goals.csv", 2, "progress", "'great' is not one of on_track, at_risk, achieved, dropped"),
    ("v2_bad_department", "swot.csv", 3, "department", "'legal' is not one of product, marketing, sales_ops"),
    ("v2_ask_without_department", "swot.csv", 3, "department", "the item asks something; name the department"),
    ("v2_pulse_dimension", "pulse.csv", 2, "dimension", "'mood' is not one of team, manager, other_departments"),
    ("v2_duplicate_ask", "asks.csv", 3, "ask_id", "repeats row 2 (same session_id + ask_id)"),
]


@pytest.mark.parametrize("case, file, row, column, words", ERRORS, ids=[c[0] for c in ERRORS])
def test_each_v2_rule_names_file_row_column_and_imports_nothing(tmp_path, case, file, row, column, words):
    folder = overlay(case, tmp_path / case)
    ds = validate(folder)
    hits = [p for p in ds.errors if p.where == file and p.row == row and p.column == column]
    assert hits, f"no error at {file} row {row} column {column}; got:\n" + "\n".join(p.text() for p in ds.problems)
    assert any(words in p.text() for p in hits), "\n".join(p.text() for p in hits)
    assert len(ds.errors) == 1, "\n".join(p.text() for p in ds.errors)  # no follow-on errors
    eng = Engagement(tmp_path / "s.db", create=True)
    eng.import_source(MINIMAL)
    before = list(eng._con.raw.iterdump())
    with pytest.raises(ValidationError, match="Nothing was imported"):
        eng.import_source(folder)
    assert list(eng._con.raw.iterdump()) == before
    eng.close()


def _meaning(eng):
    """What every team-session of a store means: the figures a report is made of."""
    out = {}
    for r in eng.sessions().itertuples():
        s = session.load(eng, team_id=r.team_id, session_id=r.session_id)
        att = s.latest_attainment()
        out[r.session_id] = dict(
            commitments=s.commitment_total(),
            actions=s.action_counts(),
            pulse=round(s.pulse()["score"].mean(), 6) if len(s.pulse()) else None,
            attainment=sorted(zip(att["member_id"], att["kpi_id"], att["attainment"].round(6))),
            goals=sorted(zip(s.rows["goals"]["member_id"], s.rows["goals"]["goal"])),
            swot=sorted(s.rows["swot"]["item_id"]),
        )
    return out


@pytest.mark.parametrize("name", ["v1_store.db", "v1_contract_store.db"])
def test_a_v1_store_opens_migrated_and_means_what_it_meant(tmp_path, name):
    """v1_store.db: store version 1 (before the pulse had a phase); v1_contract_store.db: store version 3, the v1
    sample (tests/data/v1_folder) as the kit stored it before contract v2."""
    old = shutil.copyfile(DATA / name, tmp_path / name)
    with Engagement(old) as eng:
        assert all(eng.table(t).empty for t in ("asks", "partners", "strategies", "coaching", "conversations"))
        meaning = _meaning(eng)
        sid = eng.sessions()["session_id"].iloc[0]
        member = eng.members().query("role == 'seller'")["member_id"].iloc[0]
        eng.add("asks", dict(session_id=sid, ask_id="q1", member_id=member, ask="A joint call", status="open"))
        assert len(eng.asks()) == 1
    con = sqlite3.connect(old)
    assert con.execute("SELECT version FROM schema_version").fetchone() == (SCHEMA_VERSION,)
    con.close()
    if name == "v1_contract_store.db":
        fresh = Engagement(tmp_path / "fresh.db", create=True)
        fresh.import_source(DATA / "v1_folder")
        assert _meaning(fresh) == meaning
        fresh.close()


def test_a_v1_folder_validates_imports_and_exports_as_v2(tmp_path):
    assert validate(DATA / "v1_folder").errors == []
    eng = Engagement(tmp_path / "s.db", create=True)
    eng.import_source(DATA / "v1_folder")
    eng.export(tmp_path / "out")
    header = (tmp_path / "out" / "goals.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == ",".join(TABLES["goals"].names)  # the v2 columns, empty
    again = Engagement(tmp_path / "again.db", create=True)
    again.import_source(tmp_path / "out")
    assert _meaning(again) == _meaning(eng)
    eng.close()
    again.close()


def test_the_sample_round_trips_with_every_v2_file(tmp_path):
    eng = Engagement(tmp_path / "s.db", create=True)
    eng.import_source(SAMPLE)
    for t in ("asks", "partners", "strategies", "coaching", "conversations"):
        assert len(eng.table(t)), t  # the sample shows every new file
    eng.export(tmp_path / "out")
    for t in ("asks", "partners", "strategies", "coaching", "conversations"):
        assert (tmp_path / "out" / f"{t}.csv").is_file()
    again = Engagement(tmp_path / "again.db", create=True)
    again.import_source(tmp_path / "out")
    for t in TABLES:
        a, b = (x.drop(columns="row_id", errors="ignore") for x in (eng.table(t), again.table(t)))
        if TABLES[t].shuffled and not TABLES[t].key:  # anonymous answers have no order to keep (kit._schema)
            a, b = (x.sort_values(list(x.columns)).reset_index(drop=True) for x in (a, b))
        assert a.equals(b), t
    assert math.isclose(
        session.load(again, team_id="north", session_id="north-2026-04").coaching["minutes"].sum(), 785
    )  # Dana's minutes, Jan to Apr
    eng.close()
    again.close()
