"""Step 4: scores without the self rating, the self gap, and agreement."""

import numpy as np
import pandas as pd
import pytest

from kit import roleplay


def test_seller_scores_and_self_gap(store):
    s = roleplay.seller_scores(store.roleplay(), rubrics=store.rubrics()).set_index("seller_id")
    assert s.loc["s1", "score"] == pytest.approx((26.5 / 9 + 3) / 2)
    assert s.loc["s1", "self_score"] == 5
    assert s.loc["s1", "self_gap"] == pytest.approx(5 - (26.5 / 9 + 3) / 2)
    assert s.loc["s2", "score"] == 3 and np.isnan(s.loc["s2", "self_gap"])
    assert s.loc["s1", "ratings"] == 2


def test_alpha_perfect_agreement_and_too_little_data():
    rows = [dict(session_id="k", scenario="c", seller_id=s, rater_id=r, rater_role="peer", criterion_id="x", score=v)
            for s, v in (("a", 1), ("b", 3), ("c", 5)) for r in ("r1", "r2")]
    assert roleplay.alpha(pd.DataFrame(rows)) == pytest.approx(1.0)
    assert np.isnan(roleplay.alpha(pd.DataFrame(rows[:1])))
