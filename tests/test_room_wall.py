"""The wall's and the presenter's tools, in-process, at a kickoff, a review and a brand-new session: the results in
pages that fit the projected screen, the step's countdown timer (set on the wall, shown on every phone, gone once the
room moves on), the merge of two SWOT items that say the same thing, and a seller's commitment prefilled on their
phone."""

import re

import pandas as pd
import pytest
from test_room_steps import _find, _move, _one, _page, room  # noqa: F401  (room: a kickoff, a review, a new session)

from kit import Workshop, open_engagement
from kit._views import Table, View
from kit.errors import KitError
from kit.room import _pages
from kit.room.timer import clock, left
from kit.room.wall import WallPage
from kit.steps import room_parts

WALL_VIEWS = room_parts("WALL")


def _view(name, parts):
    return View(None, name, lambda: parts)


def _text_of(pages):
    return re.sub(r"<[^>]+>", " ", " ".join(pages))


def test_a_long_table_goes_on_over_pages_with_its_header_and_every_row_once():
    rows = pd.DataFrame({"Seller": [f"Seller number {i:02d}" for i in range(40)], "Goal": ["Run a marathon"] * 40})
    pages = _pages.pages([_view("long", [Table(rows, caption="The goals")])])
    assert len(pages) >= 3
    for i, page in enumerate(pages):
        assert "<th>Seller</th>" in page or "Seller</th>" in page  # the header on every page
        assert ("The goals (continued)" in page) == (i > 0)
    said = _text_of(pages)
    assert [said.count(f"Seller number {i:02d}") for i in range(40)] == [1] * 40


def test_a_table_too_wide_for_the_wall_is_cut_into_column_groups_with_its_first_column():
    wide = pd.DataFrame({"Seller": ["Aisha Rahman", "Tom Okafor"], **{f"Figure {k}": [1e6, 2e6] for k in range(14)}})
    table = Table(wide, {f"Figure {k}": lambda v: f"USD {v:,.0f}" for k in range(14)})
    groups = _pages._column_groups(table, _pages.WIDTH)
    assert len(groups) >= 2 and all(list(g.data.columns)[0] == "Seller" for g in groups)
    assert sorted(c for g in groups for c in g.data.columns if c != "Seller") == sorted(wide.columns[1:])
    assert all(sum(_pages._widths(g, _pages.WIDTH)) <= _pages.WIDTH for g in groups)


@pytest.mark.parametrize("step", ["goals", "accounts", "swot", "swot_vote", "kpis", "roleplay", "actions", "pulse"])
def test_every_page_of_every_step_is_estimated_to_fit_and_says_everything_once(step, tmp_path):
    from conftest import SAMPLE

    with open_engagement(tmp_path / "e.db", create=True) as eng:
        eng.import_source(SAMPLE)
        for sid in ("north-2026-01", "north-2026-04", "north-rehearsal"):
            state = {"step": step, "revealed": True, "roleplay": None, "results": None, "timer": None}
            ws = Workshop(eng, "north", sid, audience="wall", reveal=True)
            views = WALL_VIEWS[step](ws, state)
            budget = _pages.room_for("4 of 6 have answered")
            pages = _pages.pages(views, height=budget)
            whole = _text_of([v.html() for v in views])
            for word in set(re.findall(r"[A-Z][a-z]+ [A-Z][a-z]+", whole)):  # every name and title is on a page
                assert word in _text_of(pages), (sid, step, word)


def test_the_timer_set_on_the_wall_shows_on_every_phone_and_goes_when_the_room_moves_on(room):
    _move(room, step="swot")
    wall, tom = WallPage(room), _page(room, "tom")
    room.register(wall)
    assert wall.timer.value == "" and tom.timer.value == ""
    wall.minutes.value = 3
    wall.timer_start.click()
    room.poll()
    state = room.now(room.facilitator)
    assert 170 <= left(state) <= 180 and state["timer"]["step"] == "swot"
    for html in (wall.timer.value, tom.timer.value):
        assert "role='timer'" in html and "minutes, until" in html and "Time is up" in html
    assert re.search(r"--kit-s: 1[78]\d;", tom.timer.value)  # the seconds left when drawn, counted down by CSS
    _one(wall, "kit-wall-next").click()
    room.poll()
    assert tom.timer.value == "" and wall.timer.value == ""  # the timer was the SWOT's
    _move(room, step="swot")
    assert "role='timer'" in tom.timer.value  # back on its step, while it runs
    wall.timer_stop.click()
    room.poll()
    assert tom.timer.value == "" and left(room.now(room.facilitator)) is None
    assert clock({"step": "swot", "timer": {"step": "swot", "ends": 0, "seconds": 60}}) != ""  # run out: 0:00


def test_the_facilitator_merges_two_swot_items_and_their_dots_add_up(room):
    eng = room.facilitator
    sid = room.session_id
    eng.add(
        "swot",
        dict(session_id=sid, item_id="m1", quadrant="W", text="Proposals are slow", control="team", author_id="tom"),
    )
    eng.add(
        "swot",
        dict(session_id=sid, item_id="m2", quadrant="W", text="Quotes take a week", control="team", author_id=None),
    )
    for r in eng.swot_votes(session_id=sid).itertuples():  # the two voters start with their dots all theirs
        if r.voter_id in ("aisha", "jake"):
            eng.delete("swot_votes", dict(session_id=sid, item_id=r.item_id, voter_id=r.voter_id))
    eng.add_dots("swot_votes", dict(session_id=sid, item_id="m1", voter_id="aisha"), 2)
    eng.add_dots("swot_votes", dict(session_id=sid, item_id="m2", voter_id="aisha"), 1)
    eng.add_dots("swot_votes", dict(session_id=sid, item_id="m2", voter_id="jake"), 3)
    before = eng.swot_votes(session_id=sid).groupby("voter_id")["dots"].sum()
    _move(room, step="swot_vote", revealed=False)
    wall = WallPage(room, presenter=True)
    assert not _find(wall.step_controls, "kit-swot-merge")  # items hidden: nothing to merge from
    _move(room, step="swot_vote", revealed=True)
    wall.redraw()
    [box] = _find(wall.step_controls, "kit-swot-merge")
    form = box.form
    assert ("Weakness: Proposals are slow", "m1") in form.keep.options
    form.keep.value = "m1"
    assert "m1" not in [v for _, v in form.duplicate.options]
    form.duplicate.value = "m2"
    form.button.click()
    assert "Merged" in form.message.value
    items = eng.swot(session_id=sid).set_index("item_id")
    votes = eng.swot_votes(session_id=sid)
    assert "m2" not in items.index and items.loc["m1", "text"] == "Proposals are slow"
    assert pd.isna(items.loc["m1", "author_id"])  # two writers: the merged item names neither
    mine = votes[votes["item_id"] == "m1"].set_index("voter_id")["dots"]
    assert mine.to_dict() == {"aisha": 3, "jake": 3}
    assert votes.groupby("voter_id")["dots"].sum().equals(before)  # nobody's dots changed in number
    with pytest.raises(KitError):  # gone: nothing changes
        eng.merge_swot_items(sid, "m1", "m2")
    with pytest.raises(KitError):
        eng.merge_swot_items(sid, "m1", "m1")


def test_a_sellers_commitment_is_prefilled_on_their_phone(room):
    from kit.steps.goals.capture import commitment_form

    eng = room.facilitator
    c = eng.table("commitments", session_id=room.session_id, member_id="tom")
    form = commitment_form(room.open(), session_id=room.session_id, member_id="tom", audience="team")
    typed = form.inputs["annual_commitment"].value
    if len(c):  # this session's commitment, ready to change
        assert typed == str(int(c["annual_commitment"].iloc[0]))
        form.inputs["annual_commitment"].value = "1.4M"
        assert form.submit()
        again = eng.table("commitments", session_id=room.session_id, member_id="tom")
        assert len(again) == 1 and again["annual_commitment"].iloc[0] == 1_400_000
        assert form.inputs["annual_commitment"].value == "1400000"  # still shown after the save
    elif form._entries:  # the commitment agreed at an earlier session, as the start of this session's
        assert typed and "as agreed on" in form.message.value
    else:
        assert typed == ""


def test_a_merge_is_the_sessions_own_and_a_strategy_pairs_the_kept_item(tmp_path):
    """Item ids are a session's own (i01 in two sessions): a merge in one leaves the other's items and dots alone; a
    strategy that paired the duplicate pairs the kept item."""
    from conftest import SAMPLE

    with open_engagement(tmp_path / "e.db", create=True) as eng:
        eng.import_source(SAMPLE)
        for sid in ("north-2026-04", "north-rehearsal"):
            for item in ("i01", "i02"):
                eng.add("swot", dict(session_id=sid, item_id=item, quadrant="S", text=f"{item} {sid}", control="team"))
            eng.add_dots("swot_votes", dict(session_id=sid, item_id="i02", voter_id="dana"), 1)
        other = eng.swot_votes(session_id="north-2026-04")
        eng.merge_swot_items("north-rehearsal", "i01", "i02")
        assert eng.swot_votes(session_id="north-2026-04").equals(other)
        assert set(eng.swot(session_id="north-2026-04")["item_id"]) >= {"i01", "i02"}
        assert eng.swot_votes(session_id="north-rehearsal").query("voter_id == 'dana'")["item_id"].tolist() == ["i01"]
        pairs = eng.table("strategies", session_id="north-2026-01")
        dup = next(x for x in pairs["item_ids"].iloc[0].split())
        keep = next(i for i in eng.swot(session_id="north-2026-01")["item_id"] if i != dup)
        eng.merge_swot_items("north-2026-01", keep, dup)
        ids = eng.table("strategies", session_id="north-2026-01")["item_ids"].iloc[0].split()
        assert dup not in ids and keep in ids and len(ids) == len(set(ids))


def test_a_merged_item_is_nobodys_own_on_a_phone_and_a_phone_votes_on_what_is_left(room):
    eng, sid = room.facilitator, room.session_id
    for item, text in (("m1", "Proposals are slow"), ("m2", "Quotes take a week")):
        eng.add("swot", dict(session_id=sid, item_id=item, quadrant="W", text=text, control="team"))
    room.remember("token-of-tom", "swot:m1")  # tom wrote m1, anonymously
    _move(room, step="swot_vote", revealed=True)
    tom = _page(room, "tom")
    [vote] = [f for f in tom._forms if hasattr(f, "add")]
    wall = WallPage(room, presenter=True)
    [box] = _find(wall.step_controls, "kit-swot-merge")
    box.form.keep.value, box.form.duplicate.value = "m2", "m1"
    box.form.button.click()
    assert not room.remembers("token-of-tom", "swot:m1") and not room.remembers("token-of-tom", "swot:m2")
    assert vote.add("m1", 1) is False  # merged away: refused, and the phone's list is the one standing now
    assert "no longer in this vote" in vote.message.value and "m1" not in [v for _, v in vote.choices()]


def test_a_board_going_on_over_pages_draws_only_the_boxes_with_items_left():
    from kit import _blocks

    board = _blocks.board([("Strengths", "good", ["One"]), ("Weaknesses", "bad", [f"Weak {i}" for i in range(40)])])
    pages = _pages.pages([_view("swot-board", [board])])
    assert len(pages) > 1 and all("None yet" not in p for p in pages)
    assert "Strengths" in pages[0] and not any("Strengths" in p for p in pages[1:])


def test_a_timer_written_by_hand_is_no_timer():
    for timer in ("5 minutes", {"step": "swot"}, {"step": "swot", "ends": "soon"}, None):
        assert left({"step": "swot", "timer": timer}) is None and clock({"step": "swot", "timer": timer}) == ""
    assert left({"timer": {"step": "swot", "ends": 0}}) is None  # no step said: no timer


def test_a_page_turned_as_the_other_screen_updates_the_results_changes_nothing(room):
    _move(room, step="goals")
    wall, presenter = WallPage(room), WallPage(room, presenter=True)
    _one(wall, "kit-wall-show").click()
    room.poll()
    shown = room.now(room.facilitator)["results"]
    _one(presenter, "kit-wall-show").click()  # Update results: a new press
    assert not room.set(room.facilitator, from_step="goals", results_were=shown, results={**shown, "page": 1})
    assert room.now(room.facilitator)["results"]["n"] == shown["n"] + 1


def test_a_check_is_said_in_a_forms_words_never_a_table_or_column():
    from kit.errors import Problem

    over = Problem(
        "new swot_votes row",
        "2 brings aisha's dots in session s1 to more than 5, the dot budget per person and vote "
        "(dot_budget in engagement.yaml)",
        column="dots",
    )
    assert over.said() == "Dots: 2 brings aisha's dots in session s1 to more than 5, the dot budget per person and vote"
    gone = Problem("new swot_votes row", "is not an item_id of session s1 in stored swot_votes", column="item_id")
    assert gone.said({"item_id": "SWOT item"}) == "SWOT item: is not an item of session s1 in stored swot votes"
    assert "_" not in over.said() + gone.said() and "column" not in over.said() + gone.said()
