"""The server enforces the room's steps, in-process: once the room has moved on, a phone's old Save, Add, + or Send
writes nothing (the room's state is read fresh from the store, not from the watcher's last look), the page says so,
and the old step's widgets are closed, so a message to one of them does nothing; at a kickoff, a review and a
brand-new session."""

import datetime as dt

import comm
import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget import _instances

from conftest import SAMPLE
from kit import open_engagement
from kit.room._room import STEPS, Room
from kit.room.participant import ParticipantPage
from kit.steps import room_step_number

SESSIONS = ["north-2026-01", "north-2026-04", "north-rehearsal"]  # a kickoff, a review, an empty new session
RP = {"seller_id": "marcus", "rubric_id": "discovery_call", "scenario": "Room role play"}


def _at(step):
    """'step N of M', as a page says where the room is (the room's steps from the registry)."""
    return f"step {room_step_number(step)} of {len(STEPS)}"


@pytest.fixture(params=SESSIONS, ids=["kickoff", "review", "new-session"])
def room(request, tmp_path):
    store = tmp_path / "store.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(SAMPLE)
    r = Room(store, team_id="north", session_id=request.param)
    r.facilitator = r.open()  # the wall's own store connection
    yield r
    for p in r.pages():
        p.close()
    r.facilitator.close()
    r.stop()


def _move(room, *, poll=True, **state):
    """The facilitator moves the room (through the wall's connection); with ``poll`` the watcher has looked."""
    room.set(room.facilitator, **state)
    if poll:
        room.poll()


def _page(room, who):
    page = ParticipantPage(room, member_id=who, token=f"token-of-{who}")
    room.register(page)
    return page


def _find(widget, cls):
    """The widgets under ``widget`` (itself included) carrying the CSS class ``cls``."""
    found = [widget] if cls in getattr(widget, "_dom_classes", ()) else []
    for child in getattr(widget, "children", ()):
        found += _find(child, cls)
    return found


def _one(page, cls):
    [found] = _find(page.widget, cls)
    return found


def _removes(page):
    """The Remove buttons of a page's own SWOT items."""
    return [x for x in _find(page.widget, "kit-room-button") if "swot-remove" in " ".join(x._dom_classes)]


def _form_of(page, table):
    return next(f for f in page._forms if f.table == table)


def _closed(*widgets):
    """Whether every widget is closed: no comm (a browser's message to its id finds nothing), not a live widget."""
    comms = comm.get_comm_manager().comms
    return all(x.comm is None and x._model_id not in _instances and x._model_id not in comms for x in widgets)


def _forge_click(widget):
    """A click message to ``widget``'s model id, as a browser (or a raw websocket client) sends it."""
    content = {"comm_id": widget._model_id, "data": {"method": "custom", "content": {"event": "click"}}}
    comm.get_comm_manager().comm_msg(None, None, {"content": content, "metadata": {}, "header": {}, "buffers": []})


def _refused(page, step_words):
    text = page.notice.value
    return "this was not saved" in text and step_words in text


def _clear_votes(room, table, voter):
    """Take back a voter's dots (at the kickoff everyone spent theirs), so that they can place some here."""
    col = "item_id" if table == "swot_votes" else "kpi_id"
    votes = room.facilitator.table(table, session_id=room.session_id, voter_id=voter)
    for value in votes[col]:
        room.facilitator.delete(table, {"session_id": room.session_id, col: value, "voter_id": voter})


def _count(room, table, **where):
    return len(room.facilitator.table(table, session_id=room.session_id, **where))


# ---------------------------------------------------------------- 2 goals


def test_an_old_goal_form_saves_nothing_once_the_room_is_voting(room):
    _move(room, step="goals")
    page = _page(room, "marcus")
    goals, commit = _form_of(page, "goals"), _form_of(page, "commitments")
    before = _count(room, "goals"), _count(room, "commitments")
    goals.inputs["goal"].value = "Close the Halvorsen deal"
    goals.inputs["category"].value, goals.inputs["visibility"].value = "career", "team"
    for col, v in dict(
        annual_commitment="900000", avg_deal_size="45000", win_rate="25%", sales_cycle_days="90"
    ).items():
        commit.inputs[col].value = v
    save, commit_save = goals.save, commit.save
    _move(room, step="swot_vote", revealed=True, poll=False)  # the watcher has not looked yet
    assert room.state["step"] == "goals"
    save.click()  # the phone's old Save, pressed in that moment
    assert (_count(room, "goals"), _count(room, "commitments")) == before
    assert _refused(page, _at("swot_vote"))  # read fresh from the store: the page says so and shows that step at once
    assert _at("swot_vote").capitalize() in page.header.value
    assert _closed(save, commit_save, goals.inputs["goal"], goals.widget)
    assert not goals.submit() and not commit.submit()  # the form itself refuses too
    assert (_count(room, "goals"), _count(room, "commitments")) == before
    room.poll()
    assert _closed(save) and not _closed(page.widget, page.body)


def test_a_goal_form_saves_while_the_room_is_on_goals(room):
    _move(room, step="goals")
    page = _page(room, "marcus")
    goals = _form_of(page, "goals")
    n = _count(room, "goals")
    goals.inputs["goal"].value = "Coach a new hire"
    goals.inputs["category"].value, goals.inputs["visibility"].value = "career", "private"
    assert goals.submit(), goals.message.value
    assert _count(room, "goals") == n + 1 and page.notice.value == ""


# ---------------------------------------------------------------- 3 SWOT items


def test_an_old_swot_form_adds_and_removes_nothing_once_the_vote_began(room):
    _move(room, step="swot", revealed=False)
    page = _page(room, "priya")
    _one(page, "kit-room-swot-quadrant").value = "W"
    _one(page, "kit-room-swot-text").value = "Demos run long"
    _one(page, "kit-room-swot-submit").click()  # while the room is on the SWOT: added, anonymous
    n = _count(room, "swot")
    remove = _removes(page)[0]
    _move(room, revealed=True)  # the reveal: adding stays open at this step
    assert _count(room, "swot") == n and not _closed(remove)  # not re-drawn: what people type stays
    _one(page, "kit-room-swot-quadrant").value = "S"
    _one(page, "kit-room-swot-text").value = "Fast proposals"
    _one(page, "kit-room-swot-submit").click()
    assert _count(room, "swot") == n + 1
    remove = _removes(page)[0]
    add, text = _one(page, "kit-room-swot-submit"), _one(page, "kit-room-swot-text")
    _one(page, "kit-room-swot-quadrant").value = "T"
    text.value = "A new competitor"
    _move(room, step="swot_vote")
    add.click()
    remove.click()
    assert _count(room, "swot") == n + 1  # nothing added, nothing removed
    assert _refused(page, "Sales SWOT: vote on the priorities")
    assert _closed(add, remove, text)


# ---------------------------------------------------------------- 4 and 5 dots


def test_old_dots_are_not_placed_once_the_vote_is_over(room):
    _clear_votes(room, "kpi_votes", "tom")
    _move(room, step="kpis")
    page = _page(room, "tom")
    kpi = next(iter(room.facilitator.kpi_catalog()))
    plus = _one(page, f"kit-room-plus-{kpi}")
    plus.click()  # at the KPI vote: placed; the same buttons stay (a press changes only what it changes)
    assert _count(room, "kpi_votes", voter_id="tom") == 1 and not _closed(plus)
    assert "●" in _one(page, f"kit-room-choice-{kpi}").children[2].value
    plus, minus = _one(page, f"kit-room-plus-{kpi}"), _one(page, f"kit-room-minus-{kpi}")
    _move(room, step="roleplay")
    plus.click()
    minus.click()
    votes = room.facilitator.table("kpi_votes", session_id=room.session_id)
    assert votes[votes["voter_id"] == "tom"]["dots"].tolist() == [1]
    assert _refused(page, _at("roleplay")) and _closed(plus, minus)


def test_old_swot_dots_are_not_placed_once_hidden_again_or_past_the_vote(room):
    room.facilitator.add(
        "swot", dict(session_id=room.session_id, item_id="t01", quadrant="O", text="Two new hospitals", control="team")
    )
    _clear_votes(room, "swot_votes", "elena")
    _move(room, step="swot_vote", revealed=True)
    page = _page(room, "elena")
    plus = _one(page, "kit-room-plus-t01")
    _move(room, revealed=False, poll=False)  # the facilitator hides the items again
    plus.click()
    assert _count(room, "swot_votes", voter_id="elena") == 0
    assert _refused(page, "hidden") and _closed(plus)
    _move(room, revealed=True)
    plus = _one(page, "kit-room-plus-t01")
    _move(room, step="kpis")
    plus.click()
    assert _count(room, "swot_votes", voter_id="elena") == 0 and _closed(plus)


# ---------------------------------------------------------------- 6 the role play


def test_old_role_play_scores_are_not_saved_once_it_is_closed(room):
    _move(room, step="roleplay", roleplay=RP)
    page = _page(room, "priya")
    for b in _find(page.widget, "kit-room-rp-score"):
        b.value = "3"
    _forge_click(_one(page, "kit-room-rp-submit"))  # open: saved (a click message reaches a live button)
    rows = room.facilitator.table("roleplay", session_id=room.session_id)
    mine = rows[(rows["rater_id"] == "priya") & (rows["scenario"] == RP["scenario"])]
    assert len(mine) and set(mine["score"]) == {3}
    for b in _find(page.widget, "kit-room-rp-score"):
        b.value = "1"
    _one(page, "kit-room-rp-comment").value = "Rushed the close"
    save = _one(page, "kit-room-rp-submit")
    _move(room, roleplay=None)  # Close the role play
    _forge_click(save)  # the attack of the issue: a click message to the old Save's model id
    assert _closed(save) and page.notice.value == ""  # ... reaches nothing
    save.click()  # and the old handler itself refuses
    rows = room.facilitator.table("roleplay", session_id=room.session_id)
    after = rows[(rows["rater_id"] == "priya") & (rows["scenario"] == RP["scenario"])]
    assert set(after["score"]) == {3} and after["comment"].isna().all()
    assert _refused(page, "role play was closed") and _closed(save)
    _move(room, roleplay=RP)  # opened again, then another seller's: the old Save scores nobody
    save = _one(page, "kit-room-rp-submit")
    for b in _find(page.widget, "kit-room-rp-score"):
        b.value = "5"
    _move(room, roleplay=dict(RP, seller_id="jake"))
    save.click()
    rows = room.facilitator.table("roleplay", session_id=room.session_id)
    assert 5 not in set(rows[(rows["rater_id"] == "priya") & (rows["scenario"] == RP["scenario"])]["score"])
    assert _refused(page, "Another role play") and _closed(save)


# ---------------------------------------------------------------- 1 and 7: the pulses and the actions


def test_an_old_pulse_and_old_actions_save_nothing_once_the_room_moved(room):
    _move(room, step="pulse")
    other = _page(room, "aisha")
    _one(other, "kit-room-pulse-opening-score").value = "5"
    sent = _one(other, "kit-room-pulse-opening-submit")
    sent.click()  # at the pulse: answered, and the form, no longer shown, closed
    assert room.answered(room.facilitator, "pulse:opening") == 1 and _closed(sent)
    page = _page(room, "jake")
    _one(page, "kit-room-pulse-opening-score").value = "4"
    send = _one(page, "kit-room-pulse-opening-submit")
    n = _count(room, "pulse")
    _move(room, step="goals", poll=False)
    send.click()
    assert _count(room, "pulse") == n and _refused(page, _at("goals")) and _closed(send)
    assert room.answered(room.facilitator, "pulse:opening") == 1  # jake's link may still answer later

    _move(room, step="actions")
    actions = _form_of(page, "actions")
    actions.inputs["action"].value = "Call three lapsed clients"
    actions.inputs["due"].value = dt.date(2026, 12, 20)
    _one(page, "kit-room-pulse-closing-score").value = "2"
    close_send = _one(page, "kit-room-pulse-closing-submit")
    m, p = _count(room, "actions"), _count(room, "pulse")
    _move(room, step="roleplay", roleplay=None)  # the facilitator went back a step
    actions.save.click()
    close_send.click()
    assert (_count(room, "actions"), _count(room, "pulse")) == (m, p)
    assert _refused(page, "gone back to " + _at("roleplay"))
    assert _closed(actions.save, close_send, actions.widget)


def test_the_wall_and_the_presenter_pressing_next_at_once_move_the_room_one_step(room):
    from kit.room.wall import WallPage

    _move(room, step="accounts")
    wall, presenter = WallPage(room), WallPage(room, presenter=True)
    for p in (wall, presenter):
        room.register(p)
    _one(wall, "kit-wall-next").click()  # both screens show the accounts; the presenter's press comes a moment later
    _one(presenter, "kit-wall-next").click()
    assert room.now(room.facilitator)["step"] == "swot"  # one step on, not two
    assert f"Another screen had already moved the room to step {room_step_number('swot')} (" in presenter.message.value
    room.poll()
    assert wall._step == presenter._step == "swot"  # both follow the room
    _one(presenter, "kit-wall-next").click()  # a press from the step shown now works
    assert room.now(room.facilitator)["step"] == "swot_vote"


def test_the_reveal_keeps_what_a_participant_is_typing_and_their_item_is_added(room):
    _move(room, step="swot", revealed=False)
    page = _page(room, "tom")
    text = _one(page, "kit-room-swot-text")
    text.value = "Half-typed: our demos run long"
    _move(room, revealed=True)  # the facilitator reveals the items while Tom types
    assert _one(page, "kit-room-swot-text") is text and text.value == "Half-typed: our demos run long"
    assert "revealed now" in page.body.children[0].value
    _one(page, "kit-room-swot-quadrant").value = "W"
    before = _count(room, "swot")
    _one(page, "kit-room-swot-submit").click()
    assert _count(room, "swot") == before + 1
    assert "joins the revealed items" in _words(page)


def test_every_page_shares_one_store_connection_and_closing_a_page_leaves_it_open(room):
    tom, aisha = _page(room, "tom"), _page(room, "aisha")
    assert tom.eng._con is aisha.eng._con is room.facilitator._con  # opened once, not per page
    tom.close()
    assert room.now(aisha.eng)["step"] in STEPS  # still open for everyone else


def _words(page):
    """Every text a page's HTML widgets show."""
    out, todo = [], [page.widget]
    while todo:
        x = todo.pop()
        out += [x.value] if isinstance(x, widgets.HTML) else []
        todo += list(getattr(x, "children", ()))
    return " ".join(out)


def test_a_screen_acts_from_what_it_just_wrote_and_a_stale_note_goes_when_the_room_moves_on(room):
    from kit.room.wall import WallPage

    _move(room, step="accounts")
    wall, presenter = WallPage(room), WallPage(room, presenter=True)
    for p in (wall, presenter):
        room.register(p)
    _one(wall, "kit-wall-next").click()  # to the SWOT; then Reveal at once, before the watcher has looked
    wall.reveal.click()
    now = room.now(room.facilitator)
    assert now["step"] == "swot" and now["revealed"] and wall.message.value == ""
    _one(presenter, "kit-wall-next").click()  # the presenter is a moment behind: refused, with a note
    assert "Another screen had already moved" in presenter.message.value
    room.poll()
    _one(wall, "kit-wall-next").click()  # the room moves on from the wall
    room.poll()
    assert room.now(room.facilitator)["step"] == "swot_vote" and presenter.message.value == ""  # the note went


def test_a_page_reads_while_another_program_holds_the_store_for_a_write(room):
    import sqlite3
    import threading
    import time

    _move(room, step="kpis")
    other = sqlite3.connect(room.store, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a notebook's import, say, holds the store
    writer, reader = room.open(), room.open()
    wrote = []
    t = threading.Thread(
        target=lambda: wrote.append(room.set(writer, step="roleplay"))  # waits for the store, the lock released
    )
    t.start()
    time.sleep(0.3)
    start = time.monotonic()
    assert reader.room_state(room.session_id)["step"] == "kpis"  # read at once, not behind the waiting write
    assert time.monotonic() - start < 0.5
    other.execute("COMMIT")
    other.close()
    t.join(timeout=10)
    assert wrote == [True] and room.now(reader)["step"] == "roleplay"


# ---------------------------------------------------------------- a phone's form is the notebook's, held to its person


def test_a_signed_swot_item_stays_signed_on_its_authors_phone(room):
    """The phone lists its person's signed item as theirs, and editing it keeps their name on it."""
    _move(room, step="swot", revealed=False)
    page = _page(room, "priya")
    form = _form_of(page, "swot")
    form.inputs["quadrant"].value, form.inputs["text"].value = "S", "Signed by Priya"
    form.inputs["author_id"].value = True  # "Put my name on it"
    assert form.submit()
    [(label, i)] = [(t, i) for t, i in form.entry_options() if "Signed by Priya" in t]
    assert label.endswith("(signed with your name)")
    form.load_entry(i)
    assert form.inputs["author_id"].value is True
    form.inputs["text"].value = "Signed by Priya, corrected"
    assert form.submit()
    items = room.facilitator.table("swot", session_id=room.session_id)
    assert items.loc[items["text"] == "Signed by Priya, corrected", "author_id"].tolist() == ["priya"]
    again = _page(room, "priya")  # another page of hers (a reload): her signed item is still hers
    assert any("Signed by Priya, corrected" in t for t, _ in _form_of(again, "swot").entry_options())


def test_a_phones_scores_are_for_the_call_the_room_opened(room):
    """What a browser sends to the scorer's controls it never showed cannot change the call, the rater or their role;
    and the scorer's own submit asks the room's guard (not only its button)."""
    _move(room, step="roleplay", roleplay=RP)
    page = _page(room, "priya")
    [scorer] = [f for f in page._forms if hasattr(f, "call")]
    assert _closed(scorer.scenario, scorer.rubric, scorer.seller, scorer.rater, scorer.role, scorer.remove)
    scorer.scenario.value, scorer.role.value = "A call nobody opened", "expert"  # as a forged message would
    for b in scorer.levels.values():
        b.value = "4"
    assert scorer.submit()
    rows = room.facilitator.table("roleplay", session_id=room.session_id)
    assert "A call nobody opened" not in set(rows["scenario"])
    mine = rows[(rows["rater_id"] == "priya") & (rows["scenario"] == RP["scenario"])]
    assert len(mine) and set(mine["rater_role"]) == {"peer"} and set(mine["seller_id"]) == {RP["seller_id"]}
    _move(room, step="actions")
    n = len(room.facilitator.table("roleplay", session_id=room.session_id))
    assert scorer.submit() is False  # the room moved on: nothing is written, even called directly
    assert len(room.facilitator.table("roleplay", session_id=room.session_id)) == n


def test_step_8_is_complete_in_the_room(room):
    """The manager's own action can answer a seller's ask (a seller's cannot offer one), and the wall proposes the
    next meeting's leader and records it, without the notebooks."""
    from kit.room.wall import WallPage

    _move(room, step="actions")
    dana, tom = _form_of(_page(room, "dana"), "actions"), _form_of(_page(room, "tom"), "actions")
    assert "ask_id" in dana.inputs and "ask_id" not in tom.inputs
    wall = WallPage(room)
    timer, leader = wall.step_controls.children  # the step's timer, then the leader form
    assert timer is wall.timer_set
    assert "kit-leader-form" in leader._dom_classes and leader.form.who.options
    _move(room, step="kpis")
    wall.redraw()
    assert leader not in wall.step_controls.children
