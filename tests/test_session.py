"""The session model: what a kickoff, a review and a brand-new empty session show, computed by hand on
tests/data/minimal (kickoff k1 on 2026-01-10, review r1 on 2026-04-10)."""

import pytest

from kit import session
from kit.errors import NotFoundError


def test_a_kickoff_shows_its_own_rows(store):
    s = session.load(store, team_id="t1", session_id="k1")
    assert s.previous is None and not s.is_review and s.carried == {}
    assert len(s.rows["goals"]) == 6 and s.rows["goals"].drop(columns="agreed").equals(s.own["goals"])
    # a1 open, a2 done, a3 dropped, a4 open; none overdue on the kickoff's own date
    assert s.action_counts() == {"open": 2, "done": 1, "dropped": 1, "overdue": 0}
    assert not s.actions()["carried"].any()


def test_a_review_carries_what_was_agreed_earlier(store):
    s = session.load(store, team_id="t1", session_id="r1")
    assert s.previous["session_id"] == "k1" and s.is_review
    # r1 has no goals or SWOT of its own: the kickoff's stand, with the date they were agreed
    assert s.carried["goals"] == {"session_id": "k1", "date": "2026-01-10"}
    assert s.carried["swot"]["session_id"] == "k1"
    assert s.own["goals"].empty and len(s.rows["goals"]) == 6
    assert len(s.rows["swot_votes"]) == 6  # the votes come with the items
    # the kickoff's actions are carried; a1 (due 02-01) and a4 (due 01-31) are open and overdue on 04-10
    a = s.actions()
    assert a["carried"].all() and set(a["agreed"]) == {"2026-01-10"}
    assert s.action_counts("earlier") == {"open": 2, "done": 1, "dropped": 1, "overdue": 2}
    in_view = s.actions("in_view")
    assert sorted(in_view["action_id"]) == ["a1", "a4"]  # still open: what the review goes through
    assert set(in_view["open_days"]) == {90}  # 2026-01-10 to 2026-04-10


def test_the_pulse_phases_are_kept_apart(store):
    store.add("pulse", [dict(session_id="r1", score=5, phase="closing"), dict(session_id="r1", score=5)])
    s = session.load(store, team_id="t1", session_id="r1")
    assert sorted(s.pulse("opening")["score"]) == [4, 4, 5]  # an answer without a phase is an opening one
    assert list(s.pulse("closing")["score"]) == [5]
    assert sorted(s.pulse_before()["score"]) == [2, 3, 4, 4]


def test_a_brand_new_session_is_empty_not_broken(store):
    store.add("sessions", dict(session_id="n1", team_id="t1", date="2026-07-01", kind="review"))
    s = session.load(store, team_id="t1", session_id="n1")
    assert s.previous["session_id"] == "r1"
    assert s.own["roleplay"].empty and s.pulse().empty
    assert s.carried["goals"]["session_id"] == "k1"  # still the kickoff's goals
    # each seller's kickoff commitment stands until they revisit it
    assert s.own["commitments"].empty and s.carried["commitments"]["session_id"] == "k1"
    assert set(s.commitments()["session_id"]) == {"k1"} and len(s.commitments()) == 3
    assert s.commitment_total() == store.commitments(session_id="k1")["annual_commitment"].sum()


def test_unknown_session_names_the_valid_ones(store):
    with pytest.raises(NotFoundError, match="valid: t1/k1, t1/r1"):
        session.load(store, team_id="t1", session_id="nope")


def test_the_even_share_counts_every_seller(store):
    """The target split over all three sellers, not over those who have committed so far."""
    s = session.load(store, team_id="t1", session_id="k1")
    store_target = float(s.team["annual_target"])
    assert s.even_share() == store_target / 3
