"""Step 4: scores without the self rating, the self gap, and agreement."""

import numpy as np
import pandas as pd
import pytest

from kit.steps.roleplay import model as roleplay


def test_seller_scores_and_self_gap(store):
    s = roleplay.seller_scores(store.roleplay(), rubrics=store.rubrics()).set_index("seller_id")
    assert s.loc["s1", "score"] == pytest.approx((26.5 / 9 + 3) / 2)
    assert s.loc["s1", "self_score"] == 5
    assert s.loc["s1", "self_gap"] == pytest.approx(5 - (26.5 / 9 + 3) / 2)
    assert s.loc["s2", "score"] == 3 and np.isnan(s.loc["s2", "self_gap"])
    assert s.loc["s1", "ratings"] == 2


def test_alpha_perfect_agreement_and_too_little_data():
    rows = [
        dict(session_id="k", scenario="c", seller_id=s, rater_id=r, rater_role="peer", criterion_id="x", score=v)
        for s, v in (("a", 1), ("b", 3), ("c", 5))
        for r in ("r1", "r2")
    ]
    assert roleplay.alpha(pd.DataFrame(rows)) == pytest.approx(1.0)
    assert np.isnan(roleplay.alpha(pd.DataFrame(rows[:1])))


def test_blind_spots_and_criterion_means(store):
    rp = store.roleplay()
    spots = roleplay.blind_spots(rp)
    # s1 rated 5 everywhere; others on opening: (1 + 3) / 2 = 2 -> +3; s2 has no self rating
    assert spots.loc["s1", "opening"] == 3 and list(spots.index) == ["s1"]
    means = roleplay.criterion_means(rp, rubrics=store.rubrics()).set_index("criterion_id")
    # others on opening: s2->s1 1, mgr->s1 3, mgr->s2 4, s3->s2 2 -> 2.5
    assert means.loc["opening", "others"] == 2.5 and means.loc["opening", "self"] == 5


def test_leniency_by_hand(store):
    l_ = roleplay.leniency(store.roleplay()).set_index("rater_id")
    # on s1 the peer s2 gave (1,2,3,4,5,3) against mgr's 3s: offsets (-2,-1,0,1,2,0) -> mean 0; mgr is the mirror
    # on s2 mgr gave 4s against s3's 2s: +2 each; so mgr: (0*6 + 2*6) / 12 = 1, s3: -2, s2: 0
    assert l_["offset"].to_dict() == {"mgr": 1.0, "s2": 0.0, "s3": -2.0}


def test_change_since_previous():
    before = pd.DataFrame(
        [
            dict(
                session_id="a",
                scenario="c",
                rubric_id="r",
                seller_id="x",
                rater_id="y",
                rater_role="peer",
                criterion_id="q",
                score=2.0,
            )
        ]
    )
    now = before.assign(session_id="b", score=3.5)
    rubrics = {"r": {"criteria": [{"id": "q", "weight": 1}]}}
    ch = roleplay.change(now, before, rubrics=rubrics)
    assert ch[["seller_id", "score", "score_before", "change"]].values.tolist() == [["x", 3.5, 2.0, 1.5]]
