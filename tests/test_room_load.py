"""The room under a full room's load, in-process: a phone's save re-draws that phone's forms only (never every open
page's), so its cost does not grow with the number of pages connected; at a kickoff and at a review."""

import pytest

from conftest import SAMPLE
from kit import _capture as _form
from kit import open_engagement
from kit.room._room import Room
from kit.room.participant import ParticipantPage

SELLERS = ["marcus", "priya", "tom", "elena", "jake", "aisha"]


@pytest.fixture(params=["north-2026-07", "north-2026-04"], ids=["new-session", "review"])
def room(request, tmp_path):
    store = tmp_path / "store.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(SAMPLE)
        eng.add("sessions", dict(session_id="north-2026-07", team_id="north", date="2026-07-14", kind="review"))
        eng.set_room_state(request.param, step="goals")
    r = Room(store, team_id="north", session_id=request.param)
    yield r
    r.stop()


def _refreshes(monkeypatch):
    """Every form re-read from now on, as the store connection of the page it belongs to."""
    seen = []
    real = _form.RowForm.refresh

    def counted(self):
        seen.append(self.eng)
        return real(self)

    monkeypatch.setattr(_form.RowForm, "refresh", counted)
    return seen


def _goal_form(page):
    return next(f for f in page._forms if f.table == "goals")


def test_a_save_redraws_the_savers_page_alone_however_many_are_open(room, monkeypatch):
    counts = []
    pages = []
    for n in (1, 6):
        while len(pages) < n:
            who = SELLERS[len(pages)]
            pages.append(ParticipantPage(room, member_id=who, token=f"token-of-{who}"))
        seen = _refreshes(monkeypatch)
        form = _goal_form(pages[0])
        form.inputs["goal"].value = f"Coach a new hire ({n} pages open)"
        form.inputs["category"].value, form.inputs["visibility"].value = "career", "team"
        assert form.submit(), form.message.widget.value
        assert seen and all(eng is form.eng for eng in seen)  # the saver's own form alone: no other page, no other form
        counts.append(len(seen))
        monkeypatch.undo()
    assert counts[0] == counts[1]  # the same work with 1 page open as with 6
    for p in pages:
        p.close()


def test_the_room_restarts_on_its_port_at_once_after_a_crash():
    import socket

    from conftest import free_port
    from kit.room.server import _port_free

    port = free_port()
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen()
    assert not _port_free("127.0.0.1", port)  # a room (or anything) listening there: refused
    phone = socket.create_connection(("127.0.0.1", port))
    conn, _ = listener.accept()
    conn.close()  # the server closes first, as a stopped room does: its side waits (TIME_WAIT) for about a minute
    listener.close()
    phone.close()
    assert _port_free("127.0.0.1", port)  # ... and the room starts again on the port its QR slips print


# ---------------------------------------------------------------- control characters


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\x1b"])
def test_a_text_with_a_control_character_is_refused_at_every_entry(tmp_path, char):
    import shutil

    from conftest import MINIMAL
    from kit.errors import KitError
    from kit.validate import validate

    eng = open_engagement(tmp_path / "s.db", create=True)
    eng.import_source(MINIMAL)
    with pytest.raises(KitError, match="holds an invisible control character"):  # a form, a phone: the store
        eng.add("swot", dict(session_id="k1", item_id="i77", quadrant="S", text=f"Fast{char}demos", control="team"))
    assert "i77" not in set(eng.swot()["item_id"])
    folder = shutil.copytree(MINIMAL, tmp_path / "m")
    with open(folder / "goals.csv", "a", encoding="utf-8") as f:
        f.write(f"k1,s3,Learn{char}Spanish,learning,team\n")
    [problem] = validate(folder).errors
    assert problem.text().startswith("goals.csv row 8, column goal: ") and "control character" in problem.text()
    eng.close()


def test_a_store_already_holding_control_characters_still_renders_every_document(tmp_path):
    import sqlite3

    from kit._batch import render_reports

    store = tmp_path / "s.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(SAMPLE)
    with sqlite3.connect(store) as con:  # as a store written before the kit refused them may hold
        con.execute("UPDATE swot SET text = ? WHERE item_id = 'n06'", ("Forecast\x0bcalls\x1b are \x00guesswork",))
    out = tmp_path / "out"
    jobs = render_reports(store, out, teams=["north"], sessions=["north-2026-01"], formats=("html", "pptx"))
    assert [j.error for j in jobs] == [None]
    assert (out / "results.xlsx").exists() and (out / "index.html").exists()


# ---------------------------------------------------------------- nothing on disk tells who wrote what


def test_anonymous_rows_are_stored_and_exported_in_an_order_that_tells_nothing(tmp_path):
    import csv
    import sqlite3

    store = tmp_path / "s.db"
    eng = open_engagement(store, create=True)
    eng.import_source(SAMPLE)
    eng.add("sessions", dict(session_id="north-2026-07", team_id="north", date="2026-07-14", kind="review"))
    written = []
    for i in range(24):  # a signed item by Dana, then the anonymous one she wrote next, and so on; pulse answers
        signed = i % 2 == 0
        item = dict(session_id="north-2026-07", item_id=f"x{(i * 7) % 24:02d}", quadrant="W", control="team")
        eng.add("swot", dict(item, text=f"item {i}", author_id="dana" if signed else None))
        eng.add("pulse", dict(session_id="north-2026-07", respondent_id=None, score=1 + i % 5, phase="opening"))
        written.append(item["item_id"])
    with sqlite3.connect(store) as con:
        on_disk = [
            r[0] for r in con.execute("SELECT item_id FROM swot WHERE session_id = 'north-2026-07' ORDER BY rowid")
        ]
        pulse = [r[0] for r in con.execute("SELECT score FROM pulse WHERE session_id = 'north-2026-07' ORDER BY rowid")]
    assert on_disk != written  # the file's own order (by its row numbers) is not the order written
    assert pulse != [1 + i % 5 for i in range(24)]
    eng.export(tmp_path / "out")
    eng.close()
    with open(tmp_path / "out" / "swot.csv", encoding="utf-8-sig") as f:
        exported = [r["item_id"] for r in csv.DictReader(f) if r["session_id"] == "north-2026-07"]
    assert exported == sorted(written)  # by id, never as written


# ---------------------------------------------------------------- the pulse, once per link, after a restart too


def _pulse_widgets(page):
    form = page._forms[0]  # the pulse's one form: the level and Send
    return form.inputs["score"], form.save


@pytest.mark.parametrize("session_id", ["north-2026-07", "north-2026-04"])
def test_the_pulse_takes_one_answer_per_link_even_after_a_restart_or_in_a_second_room(tmp_path, session_id):
    import sqlite3

    store = tmp_path / "store.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(SAMPLE)
        eng.add("sessions", dict(session_id="north-2026-07", team_id="north", date="2026-07-14", kind="review"))
        eng.set_room_state(session_id, step="pulse")
        before = len(eng.pulse(session_id=session_id))
    first = Room(store, team_id="north", session_id=session_id)
    page = ParticipantPage(first, member_id="tom", token="tom-secret-token")
    levels, send = _pulse_widgets(page)
    levels.value = "3"
    send.click()
    assert "your answer is in" in page.body.children[0].children[1].value
    again = ParticipantPage(first, member_id="tom", token="tom-secret-token")  # a second tab
    assert "your answer is in" in again.body.children[0].children[1].value
    page.close(), again.close()
    first.stop()
    for _ in ("restarted", "a second room on the same store"):
        room = Room(store, team_id="north", session_id=session_id)
        page = ParticipantPage(room, member_id="tom", token="tom-secret-token")
        assert "your answer is in" in page.body.children[0].children[1].value  # no form to answer again
        assert not room.answer_once(page.eng, "tom-secret-token", "pulse:opening", lambda: 1 / 0)
        assert room.answered(page.eng, "pulse:opening") == 1
        page.close()
        room.stop()
    with sqlite3.connect(store) as con:
        assert len(con.execute("SELECT * FROM pulse WHERE session_id = ?", (session_id,)).fetchall()) == before + 1
        marks = con.execute("SELECT mark FROM room_answered").fetchall()
        links = {h for (h,) in con.execute("SELECT token_hash FROM room_links")}
    assert len(marks) == 1 and marks[0][0] not in links and "tom" not in marks[0][0]  # a hash: that, not which


def test_answers_pouring_in_redraw_the_wall_once_a_second_and_the_last_one_always(tmp_path):
    import time

    store = tmp_path / "store.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(SAMPLE)
        eng.add("sessions", dict(session_id="north-2026-07", team_id="north", date="2026-07-14", kind="review"))
    room = Room(store, team_id="north", session_id="north-2026-07", counts_every=1.0)

    class Wall:
        follows, context, drawn = "all", None, 0

        def redraw(self):
            Wall.drawn += 1

    wall = Wall()
    room.register(wall)
    writer = room.open()
    for i in range(10):  # ten answers within well under a second, the watcher looking after each
        writer.add("pulse", dict(session_id="north-2026-07", score=1 + i % 5, phase="opening"))
        room.poll()
    assert Wall.drawn == 1  # the first drawn at once, the rest owed
    time.sleep(1.05)
    assert room.poll() and Wall.drawn == 2  # the last answer is drawn a second later, with no new write
    assert not room.poll() and Wall.drawn == 2
    writer.close()
    room.stop()
