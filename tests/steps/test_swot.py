"""Step 2: priorities by votes; a tie is shown as a tie (listed by item_id within it)."""

from kit.steps.swot import model as swot


def test_priorities_rank_by_votes_then_id(store):
    p = swot.priorities(store.swot(session_id="k1"), votes=store.swot_votes(session_id="k1"))
    assert p[["item_id", "votes", "rank", "tied"]].values.tolist() == [
        ["i1", 5, 1, False],
        ["i2", 4, 2, True],
        ["i3", 4, 2, True],
        ["i4", 1, 4, False],
    ]
    assert [swot.rank_label(r, t) for r, t in zip(p["rank"], p["tied"])] == ["1", "2=", "2=", "4"]
    assert swot.priorities(store.swot(), top=2)["item_id"].tolist() == ["i1", "i2"]  # no votes: by id


def test_a_tie_for_first_is_a_tie(store):
    """Four items with the same dots all rank first; none is picked silently as 'the' top priority."""
    p = swot.priorities(store.swot(session_id="k1"))  # no votes at all: every item ties for first
    top = swot.top_priorities(p)
    assert len(top) == 4 and p["tied"].all() and set(p["rank"]) == {1}


def test_control_split_and_strategies(store):
    items = store.swot(session_id="k1")
    split = swot.control_split(items)
    assert split.loc["S"].tolist() == [1, 0, 0] and split.loc["T"].tolist() == [0, 0, 1]
    ranked = swot.priorities(items, votes=store.swot_votes(session_id="k1"))
    st = swot.strategies(ranked, top=1)
    # one item per quadrant: SO i1+i3 = 9 votes, WO i2+i3 = 8, ST i1+i4 = 6, WT i2+i4 = 5
    assert st[["kind", "first", "second", "votes"]].values.tolist() == [
        ["SO", "i1", "i3", 9],
        ["WO", "i2", "i3", 8],
        ["ST", "i1", "i4", 6],
        ["WT", "i2", "i4", 5],
    ]
    assert st["strategy"][0] == "How can we use 'Loyal customers' to win 'New market'?"
