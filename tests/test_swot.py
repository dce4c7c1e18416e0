"""Step 2: priorities by votes, ties broken by item_id."""

from kit import swot


def test_priorities_rank_by_votes_then_id(store):
    p = swot.priorities(store.swot(session_id="k1"), votes=store.swot_votes(session_id="k1"))
    assert p[["item_id", "votes", "rank"]].values.tolist() == [["i1", 5, 1], ["i2", 4, 2], ["i3", 4, 3], ["i4", 1, 4]]
    assert swot.priorities(store.swot(), top=2)["item_id"].tolist() == ["i1", "i2"]  # no votes: by id
