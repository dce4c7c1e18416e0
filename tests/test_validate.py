"""Every rule of the contract, each with a bad-input fixture in tests/data/bad/ and the message it must give."""

import subprocess
import sys

import pytest

from conftest import MINIMAL, SAMPLE, overlay
from kit.validate import validate

# case, file, row as a spreadsheet shows it, column, words the message must contain
ERRORS = [
    ("missing_file", "teams.csv", None, None, "is missing"),
    ("empty_file", "goals.csv", None, None, "is empty; it needs at least the header row"),
    ("missing_column", "goals.csv", 1, "visibility", "missing; the header row needs visibility"),
    ("not_utf8", "goals.csv", 3, None, "is not UTF-8 text (byte 0xeb)"),
    ("bad_enum", "goals.csv", 8, "visibility", "'secret' is not one of team, manager, private"),
    ("bad_date", "sessions.csv", 4, "date", "'03/14/2026' is not a date written YYYY-MM-DD"),
    ("bad_number", "teams.csv", 3, "annual_target", "'$1,200' is not a number of at least 0"),
    ("bad_rate", "commitments.csv", 5, "win_rate", "'25' is not a rate such as 0.25 or 25%"),
    ("bad_int", "swot_votes.csv", 8, "dots", "'1.5' is not a whole number of at least 1"),
    ("bad_id", "members.csv", 6, "member_id", "'../evil' is not an id of letters, digits, - and _ only"),
    ("blank_required", "goals.csv", 8, "goal", "is empty; write some text"),
    ("duplicate_key", "commitments.csv", 5, "member_id", "repeats row 3 (same session_id + member_id)"),
    ("unknown_session", "goals.csv", 8, "session_id", "'k9' is not a session_id in sessions.csv; valid: k1, r1"),
    ("unknown_member", "goals.csv", 8, "member_id", "'zed' is not a member_id in members.csv"),
    ("other_team", "goals.csv", 8, "member_id", "'x1' belongs to team t2, but session k1 is team t1's"),
    ("unknown_team", "members.csv", 6, "team_id", "'t9' is not a team_id in teams.csv; valid: t1"),
    ("manager_not_manager", "teams.csv", 2, "manager_id", "must be a member of team t1 with role manager"),
    ("leader_outside_team", "sessions.csv", 4, "leader_id", "'nobody' is not a member of team t1"),
    ("seller_without_territory", "members.csv", 6, "territory", "a seller needs a territory"),
    ("unknown_kpi", "kpis.csv", 5, "kpi_id", "'happiness' is not in the KPI catalogue; valid: "),
    (
        "scope_not_territory",
        "kpis.csv",
        5,
        "scope",
        "'Mars' is not 'team' nor a territory of team t1; valid: team, East, West",
    ),
    ("unknown_criterion", "roleplay.csv", 32, "criterion_id", "'charisma' is not a criterion of rubric discovery_call"),
    (
        "score_outside_scale",
        "roleplay.csv",
        32,
        "score",
        "'7' is outside rubric discovery_call's scale; write a score from 1 to 5",
    ),
    (
        "unknown_rubric",
        "roleplay.csv",
        32,
        "rubric_id",
        "'cold_call' is not a rubric; valid: discovery_call, negotiation, objection_handling",
    ),
    ("self_rating_other_rater", "roleplay.csv", 32, "rater_id", "'s2' must equal seller_id (s3) for a self rating"),
    ("dot_budget", "swot_votes.csv", 8, "dots", "brings s3's dots in session k1 to more than 5"),
    ("unknown_swot_item", "swot_votes.csv", 8, "item_id", "'i9' is not an item_id of session k1 in swot.csv"),
    ("vote_item_missing", "swot_votes.csv", 8, "item_id", "'i1' is not an item_id of session r1"),
    ("bad_currency", "engagement.yaml", None, "currency", "'Dollars' is not an ISO 4217 currency code"),
    ("pulse_out_of_range", "pulse.csv", 8, "score", "'6' is not a whole number from 1 to 5"),
    ("ragged_row", "goals.csv", 8, None, "has 6 cells but the header has 5; a comma inside a value needs"),
    ("bad_rubric_file", "rubrics/cold_call.yaml, criterion 1", None, "weight", "-1 must be a number above 0"),
    ("manager_quota", "members.csv", 6, "annual_quota", "'50000' should be 0 for a manager"),
    (
        "manager_rating_from_seller",
        "roleplay.csv",
        32,
        "rater_role",
        "'manager' says manager, but s1 is a seller; use peer",
    ),
    ("peer_rating_by_seller", "roleplay.csv", 32, "rater_role", "'peer' must be self when the rater is the seller"),
    ("duplicate_header", "pulse.csv", 1, "score", "appears twice in the header"),
    ("unknown_actual_member", "kpi_actuals.csv", 5, "member_id", "'ghost' is not a member_id in members.csv"),
    ("unknown_action_kpi", "actions.csv", 6, "kpi_id", "'smiles' is not in the KPI catalogue"),
    ("bad_kpi_catalog", "kpi_catalog.yaml, KPI 1", None, "direction", "'up' is not one of higher, lower"),
    ("bad_dot_budget", "engagement.yaml", None, "dot_budget", "'lots' is not a whole number of at least 1"),
    ("bad_yaml", "engagement.yaml", 1, None, "is not valid YAML (while scanning a quoted scalar"),
    # hardening: hostile and careless input (issue 8)
    ("yaml_alias_engagement", "engagement.yaml", 5, None, "aliases (*name) are not allowed here"),
    ("yaml_alias_catalog", "kpi_catalog.yaml", 2, None, "aliases (*name) are not allowed here"),
    ("yaml_alias_rubric", "rubrics/bomb.yaml", 5, None, "aliases (*name) are not allowed here"),
    ("infinite_target", "teams.csv", 2, "annual_target", "'1e309' is too large for the kit's figures"),
    ("huge_commitment", "commitments.csv", 2, "annual_commitment", "'1e309' is too large for the kit's figures"),
    ("tiny_deal_size", "commitments.csv", 2, "avg_deal_size", "'1e-320' is too small for the kit's figures"),
    ("tiny_win_rate", "commitments.csv", 2, "win_rate", "'1e-320' is too small a rate"),
    ("nan_weight", "rubrics/cold_call.yaml, criterion 1", None, "weight", "nan must be a number above 0"),
    ("inf_weight", "rubrics/cold_call.yaml, criterion 1", None, "weight", "inf must be a number above 0"),
    ("empty_engagement", "engagement.yaml", None, None, "is empty; it needs name, client and currency"),
    ("comment_only_engagement", "engagement.yaml", None, None, "is empty; it needs name, client and currency"),
    ("engagement_name_list", "engagement.yaml", None, "name", "['a', 'b'] is not text"),
    ("rubric_scale_bools", "rubrics/cold_call.yaml", None, None, "scale needs numbers min and max"),
    ("kpi_name_list", "kpi_catalog.yaml, KPI 1", None, "name", "['Happiness', 'joy'] is not text"),
    (
        "decimal_comma",
        "commitments.csv",
        2,
        "win_rate",
        "'0,279' is not a rate such as 0.25 or 25%: a decimal "
        "comma; write 0.279, or save the whole file with ';' between values",
    ),
    ("wrong_team_id", "members.csv", 4, "team_id", "'tone' is not a team_id in teams.csv; valid: t1"),
    ("members_cp1252", "members.csv", 4, None, "is not UTF-8 text (byte 0xf6)"),
    ("bad_rubric_no_follow_on", "rubrics/cold_call.yaml", None, "name", "['x'] is not text"),
    ("bad_catalog_no_follow_on", "kpi_catalog.yaml, KPI 1", None, "direction", "'up' is not one of higher, lower"),
]

# cases whose first problem must be the only one: nothing that follows from it is listed again
ONE_ERROR = [
    "yaml_alias_engagement",
    "yaml_alias_catalog",
    "yaml_alias_rubric",
    "wrong_team_id",
    "members_cp1252",
    "bad_rubric_no_follow_on",
    "bad_catalog_no_follow_on",
    "missing_file",
    "not_utf8",
    "empty_engagement",
    "infinite_target",
    "tiny_win_rate",
]

WARNINGS = [
    ("warn_goal_count", "Sam One (s1) has 1 personal goal in kickoff session k1; the method asks for two or three"),
    ("warn_kpi_count", "session k1, scope West: 1 KPI selected; the method advises three to five"),
    ("warn_commitment_short", "add up to 100,000, 200,000 short of team t1's annual_target of 300,000"),
]


def test_minimal_and_sample_are_clean():
    # minimal's one warning: a seller committing below their quota (issue 18, item 11)
    assert [p.text() for p in validate(MINIMAL).problems] == [
        "warning: commitments.csv row 4: session k1: s3 (Sid Three) commits 90,000, 10,000 below their annual "
        "quota of 100,000"
    ]
    assert validate(SAMPLE).errors == []


@pytest.mark.parametrize("case, file, row, column, words", ERRORS, ids=[c[0] for c in ERRORS])
def test_each_rule_names_file_row_column(tmp_path, case, file, row, column, words):
    ds = validate(overlay(case, tmp_path / case))
    hits = [p for p in ds.errors if p.where == file and p.row == row and p.column == column]
    assert hits, f"no error at {file} row {row} column {column}; got:\n" + "\n".join(p.text() for p in ds.problems)
    assert any(words in p.text() for p in hits), "\n".join(p.text() for p in hits)
    loc = file + (f" row {row}" if row else "") + (f", column {column}" if column else "")
    assert any(p.text().startswith(loc + ":") for p in hits)


@pytest.mark.parametrize("case", ONE_ERROR)
def test_no_follow_on_errors(tmp_path, case):
    ds = validate(overlay(case, tmp_path / case))
    assert len(ds.errors) == 1, "\n".join(p.text() for p in ds.errors)


@pytest.mark.parametrize("case, words", WARNINGS, ids=[c[0] for c in WARNINGS])
def test_advice_is_a_warning_not_an_error(tmp_path, case, words):
    ds = validate(overlay(case, tmp_path / case))
    assert ds.errors == []
    assert any(words in p.text() and p.text().startswith("warning: ") for p in ds.warnings), ds.warnings


def test_every_problem_is_reported_at_once(tmp_path):
    folder = overlay("bad_enum", tmp_path / "many")
    with open(folder / "sessions.csv", "a") as f:
        f.write("k2,t1,2026-13-40,kickoff,\n")
    with open(folder / "pulse.csv", "a") as f:
        f.write("k1,,0\n")
    texts = [p.text() for p in validate(folder).errors]
    assert any("goals.csv row 8, column visibility" in t for t in texts)
    assert any("sessions.csv row 4, column date: '2026-13-40' is not a real date" in t for t in texts)
    assert any("pulse.csv row 8, column score" in t for t in texts)


def test_byte_order_mark_and_extra_columns_are_accepted(tmp_path, minimal):
    teams = minimal / "teams.csv"
    text = teams.read_text().replace("annual_target", "annual_target,notes").replace("300000", "300000,key account")
    teams.write_bytes(b"\xef\xbb\xbf" + text.encode())
    ds = validate(minimal)
    assert ds.errors == []
    assert ds.tables["teams"][0].extra == {"notes": "key account"}


def test_quoted_newlines_count_as_one_spreadsheet_row(minimal):
    with open(minimal / "goals.csv", "a") as f:
        f.write('k1,s3,"Two\nlines",financial,team\nk1,s3,Third,financial,nope\n')
    [p] = validate(minimal).errors
    assert p.row == 9 and p.column == "visibility"


def test_case_and_spelling_of_choices(minimal):
    with open(minimal / "swot.csv", "a") as f:
        f.write("k1,i5,strength,Good people,,TEAM\n")
    ds = validate(minimal)
    assert ds.errors == []
    item = ds.tables["swot"][-1].values
    assert (item["quadrant"], item["control"]) == ("S", "team")


def test_folder_that_does_not_exist(tmp_path):
    [p] = validate(tmp_path / "nope").errors
    assert "no such folder or file" in p.text()


def test_cli_gives_lines_not_tracebacks(tmp_path):
    folder = overlay("not_utf8", tmp_path / "cp1252")
    for args, code in ([str(folder)], 1), ([str(tmp_path / "missing")], 1), ([str(MINIMAL)], 0):
        r = subprocess.run([sys.executable, "-m", "kit", "validate", *args], capture_output=True, text=True)
        assert r.returncode == code, r.stdout + r.stderr
        assert "Traceback" not in r.stdout + r.stderr
    r = subprocess.run([sys.executable, "-m", "kit", "validate", str(folder)], capture_output=True, text=True)
    assert "goals.csv row 3: is not UTF-8 text" in r.stdout
    assert r.stdout.strip().endswith("fix the errors above, then run validate again.")
