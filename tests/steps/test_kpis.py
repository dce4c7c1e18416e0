"""Step 3: vote tally and consensus, the selection and its 3-5 advice, and direction-aware attainment."""

import pandas as pd
import pytest

from kit.catalog import shipped_kpis
from kit.steps.kpis import model as kpis

CAT = {k["id"]: k for k in shipped_kpis()}


def test_tally_by_hand(store):
    # minimal: new_meetings 2 (mgr) + 1 (s2) = 3 dots from 2 people; win_rate 3 dots from 1
    t = kpis.tally(store.kpi_votes(session_id="k1"), catalog=CAT)
    assert t[["kpi_id", "dots", "voters"]].values.tolist() == [["new_meetings", 3, 2], ["win_rate", 3, 1]]
    assert t["share"].tolist() == [0.5, 0.5]


def test_selection_advice(store):
    adv = kpis.selection_advice(store.kpis(session_id="k1"), catalog=CAT).set_index("scope")
    # new_meetings and pipeline_to_quota are leading, win_rate lagging
    assert adv.loc["team"].tolist() == [3, 2, 1, True]


def test_attainment_direction_aware():
    members = pd.DataFrame(dict(member_id=["a", "b"], name=["A", "B"], role="seller", territory=["X", "Y"]))
    selected = pd.DataFrame(
        dict(
            session_id="k",
            scope=["team", "X"],
            kpi_id=["new_meetings", "follow_up_hours"],
            target=[5.0, 24.0],
            period="week",
        )
    )
    actuals = pd.DataFrame(
        dict(
            member_id=["a", "b", "a"],
            kpi_id=["new_meetings", "new_meetings", "follow_up_hours"],
            period_end="2026-03-31",
            value=[6.0, 3.0, 30.0],
        )
    )
    a = kpis.attainment(actuals, selected, members, catalog=CAT).set_index(["member_id", "kpi_id"])
    assert a.loc[("a", "new_meetings"), "attainment"] == pytest.approx(6 / 5)
    assert a.loc[("a", "new_meetings"), "status"] == "win"
    assert a.loc[("b", "new_meetings"), "status"] == "shortfall"  # 3/5 = 60%
    # lower is better: target / value = 24/30 = 80% -> on the way (not below 80%)
    assert a.loc[("a", "follow_up_hours"), "attainment"] == pytest.approx(0.8)
    assert a.loc[("a", "follow_up_hours"), "status"] == "on the way"
    assert ("b", "follow_up_hours") not in a.index  # territory Y did not choose it


def test_kpis_in_force_at_a_review(store):
    sel = kpis.in_force(store.kpis(), store.sessions(), team_id="t1", as_of="2026-04-10")
    assert set(sel["session_id"]) == {"k1"}
    assert kpis.in_force(store.kpis(), store.sessions(), team_id="t1", as_of="2026-01-01").empty
