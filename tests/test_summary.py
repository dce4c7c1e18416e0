"""summary(): the contract's headline figures, against values computed by hand from tests/data/minimal."""

import csv
import math
import shutil

from conftest import MINIMAL
from kit import open_engagement
from kit.summary import COLUMNS, summary


def _blank(x):
    return x is None or (isinstance(x, float) and math.isnan(x))


def test_kickoff_figures_by_hand(store):
    s = summary(store).set_index("session_id")
    assert list(summary(store).columns) == COLUMNS
    k1 = s.loc["k1"]
    assert (k1["team_id"], k1["date"], k1["kind"], k1["sellers"]) == ("t1", "2026-01-10", "kickoff", 3)
    assert k1["annual_target"] == 300000
    assert k1["commitment_total"] == 120000 + 100000 + 90000
    assert k1["commitment_surplus_or_gap(+surplus/-short)"] == 310000 - 300000  # above 0: a surplus
    assert (k1["team_name"], k1["next_leader_name"]) == ("Team One", "Sam One")
    # votes: i1 5, i2 3+1, i3 2+2, i4 1 -> i1 "Loyal customers"
    assert k1["top_swot_item"] == "Loyal customers"
    assert k1["kpis_selected"] == 3
    # s1: peer (1*1 + 2*2 + 1.5*3 + 1.5*4 + 1*5 + 2*3) / 9 = 26.5/9, manager 3 -> (26.5/9 + 3) / 2
    # s2: manager 4, peer 2 -> 3; team mean = mean of the two sellers
    s1 = (26.5 / 9 + 3) / 2
    assert k1["roleplay_mean"] == round((s1 + 3) / 2, 2)  # rounded as the reports show it
    # Krippendorff interval alpha over 12 units of 2 values each:
    # D_o = sum 2(a-b)^2 / n = 2*(10 + 24)/24; D_e = (2n*sum v^2 - 2(sum v)^2) / (n(n-1)) = 1056/552
    assert k1["roleplay_alpha"] == round(1 - (68 / 24) / (1056 / 552), 2)
    assert k1["pulse_mean"] == round((2 + 3 + 4 + 4) / 4, 1)
    assert _blank(k1["pulse_closing"])
    # a1 open, a2 done, a3 dropped, a4 open; none due before 2026-01-10
    assert (k1["actions_open"], k1["actions_done"], k1["actions_overdue"]) == (2, 1, 0)
    # leaders: mgr led k1; s1 leads r1 (later) -> as of k1, s1/s2/s3 never led, s1 first by id
    assert k1["next_leader"] == "s1"


def test_review_blank_where_steps_not_run(store):
    r1 = summary(store).set_index("session_id").loc["r1"]
    assert _blank(r1["pulse_mean"])  # two anonymous answers: not shown, so neither is anyone's own
    for col in (
        "commitment_total",
        "commitment_surplus_or_gap(+surplus/-short)",
        "top_swot_item",
        "kpis_selected",
        "roleplay_mean",
        "roleplay_alpha",
        "pulse_closing",
    ):
        assert _blank(r1[col]), col
    assert r1["next_leader"] == "s2"  # mgr and s1 have led once each; s2 is next by id


def test_review_counts_every_action_agreed_so_far(store):
    # r1 agreed none itself: k1's four by their current status; a1 (due 1 Feb) and a4 (31 Jan) are overdue on 10 Apr.
    # Before, the review counted only its own actions and showed blanks while its report listed four.
    r1 = summary(store).set_index("session_id").loc["r1"]
    assert (r1["actions_open"], r1["actions_done"], r1["actions_overdue"]) == (2, 1, 2)


def _store(tmp_path, change):
    folder = tmp_path / "engagement"
    shutil.copytree(MINIMAL, folder)
    change(folder)
    eng = open_engagement(tmp_path / "store.db", create=True)
    eng.import_source(folder)
    return eng


def test_a_tie_for_the_top_swot_item_is_named(tmp_path):
    def tie(folder):
        with open(folder / "swot_votes.csv", "a", newline="") as f:
            csv.writer(f).writerow(["k1", "i3", "s3", 1])  # i3 "New market": 2 + 2 + 1 = 5, as i1

    eng = _store(tmp_path, tie)
    assert summary(eng).set_index("session_id").loc["k1", "top_swot_item"] == "tied: Loyal customers; New market"


def test_pulse_mean_is_the_opening_pulse(tmp_path):
    def closing(folder):
        rows = list(csv.reader(open(folder / "pulse.csv")))
        rows = [rows[0] + ["phase"]] + [r + [""] for r in rows[1:]]  # blank: the opening (as older files)
        rows += [["k1", "", "5", "closing"], ["k1", "s1", "4", "closing"], ["k1", "", "4", "closing"]]
        csv.writer(open(folder / "pulse.csv", "w", newline="")).writerows(rows)

    eng = _store(tmp_path, closing)
    k1 = summary(eng).set_index("session_id").loc["k1"]
    assert k1["pulse_mean"] == round((2 + 3 + 4 + 4) / 4, 1)  # not (2 + 3 + 4 + 4 + 5 + 4 + 4) / 7
    assert k1["pulse_closing"] == round((5 + 4 + 4) / 3, 1)


def test_filters(store):
    assert summary(store, sessions=["r1"])["session_id"].tolist() == ["r1"]
    assert summary(store, teams=["nope"]).empty
