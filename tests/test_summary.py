"""summary(): the contract's headline figures, against values computed by hand from tests/data/minimal."""

import math

import pytest

from kit.summary import COLUMNS, summary


def test_kickoff_figures_by_hand(store):
    s = summary(store).set_index("session_id")
    assert list(summary(store).columns) == COLUMNS
    k1 = s.loc["k1"]
    assert (k1["team_id"], k1["date"], k1["kind"], k1["sellers"]) == ("t1", "2026-01-10", "kickoff", 3)
    assert k1["annual_target"] == 300000
    assert k1["commitment_total"] == 120000 + 100000 + 90000
    assert k1["commitment_gap"] == 300000 - 310000
    # votes: i1 5, i2 3+1, i3 2+2, i4 1 -> i1 "Loyal customers"
    assert k1["top_swot_item"] == "Loyal customers"
    assert k1["kpis_selected"] == 3
    # s1: peer (1*1 + 2*2 + 1.5*3 + 1.5*4 + 1*5 + 2*3) / 9 = 26.5/9, manager 3 -> (26.5/9 + 3) / 2
    # s2: manager 4, peer 2 -> 3; team mean = mean of the two sellers
    s1 = (26.5 / 9 + 3) / 2
    assert k1["roleplay_mean"] == pytest.approx((s1 + 3) / 2)
    # Krippendorff interval alpha over 12 units of 2 values each:
    # D_o = sum 2(a-b)^2 / n = 2*(10 + 24)/24; D_e = (2n*sum v^2 - 2(sum v)^2) / (n(n-1)) = 1056/552
    assert k1["roleplay_alpha"] == pytest.approx(1 - (68 / 24) / (1056 / 552))
    assert k1["pulse_mean"] == pytest.approx((2 + 3 + 4 + 4) / 4)
    assert (k1["actions_open"], k1["actions_done"]) == (2, 1)
    # leaders: mgr led k1; s1 leads r1 (later) -> as of k1, s1/s2/s3 never led, s1 first by id
    assert k1["next_leader"] == "s1"


def test_review_blank_where_steps_not_run(store):
    r1 = summary(store).set_index("session_id").loc["r1"]
    assert r1["pulse_mean"] == 4.0
    for col in ("commitment_total", "commitment_gap", "top_swot_item", "kpis_selected", "roleplay_mean",
                "roleplay_alpha", "actions_open", "actions_done"):
        assert r1[col] is None or (isinstance(r1[col], float) and math.isnan(r1[col])), col
    assert r1["next_leader"] == "s2"  # mgr and s1 have led once each; s2 is next by id


def test_filters(store):
    assert summary(store, sessions=["r1"])["session_id"].tolist() == ["r1"]
    assert summary(store, teams=["nope"]).empty
