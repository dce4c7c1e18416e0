"""Step 1 figures: commitment total and gap, and the goal-funding funnel."""

import pandas as pd
import pytest

from kit.steps.goals import model as goals


def test_funnel_by_hand(store):
    f = goals.funnel(store.commitments(session_id="k1"), meetings_per_opportunity=2, weeks=46).set_index("member_id")
    # s1: 120000/10000 = 12 deals, /0.25 = 48 opportunities; s2: 5 deals, /0.5 = 10; s3: 3 deals, /0.3 = 10
    assert f["deals_needed"].to_dict() == {"s1": 12, "s2": 5, "s3": 3}
    assert f["opportunities_needed"].to_dict() == {"s1": 48, "s2": 10, "s3": 10}
    assert f.loc["s1", "meetings_per_week"] == pytest.approx(48 / 46 * 2)
    assert f.loc["s3", "pipeline_needed"] == pytest.approx(10 * 30000 * 90 / 365)


def test_deals_round_up():
    c = pd.DataFrame(
        [dict(member_id="a", annual_commitment=100001, avg_deal_size=10000, win_rate=0.3, sales_cycle_days=30)]
    )
    f = goals.funnel(c)
    assert (f["deals_needed"][0], f["opportunities_needed"][0]) == (11, 37)


def test_commitment_total_counts_sellers_only(store):
    members = store.members()
    c = store.commitments(session_id="k1")
    manager_row = c.iloc[[0]].assign(member_id="mgr", annual_commitment=999999)
    both = pd.concat([c, manager_row])
    assert goals.commitment_total(both, members=members) == 310000
    assert goals.commitment_gap(c, members=members, annual_target=300000) == -10000


def test_goals_by_category(store):
    g = goals.goals_by_category(store.goals()).set_index("category")["goals"]
    assert g.to_dict() == {"financial": 3, "career": 1, "personal": 1, "learning": 1, "other": 0}
