"""Issue 18, items 12 and 13: the sample's empty rehearsal session (the room starts at "0 of N", and it changes
nothing for the other sessions), wall counts that never exceed the people who can answer without saying why, and
nothing the kit serves or renders fetching from outside this machine (app mode, the room, the reports)."""

import csv
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, SAMPLE, free_port, start_room
from kit import open_engagement, session
from kit._schema import SESSION_TABLES
from kit.room._room import STEPS, Room
from kit.room.participant import ParticipantPage
from kit.room.wall import WallPage
from kit.validate import validate

ROOT = Path(__file__).resolve().parent.parent
REHEARSAL = "north-rehearsal"
LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("rehearsal") / "engagement.db"
    with open_engagement(path, create=True) as eng:
        eng.import_source(SAMPLE)
    return path


def _move(eng, sid, step):
    eng.set_room_state(sid, step=step, revealed=step == "swot_vote", roleplay=None, results=None)


def _counts(room, writer, step):
    _move(writer, room.session_id, step)
    room.poll()
    return [p for p in room.pages() if isinstance(p, WallPage)][0].counts.value


# ------------------------------------------------------------ item 12: the rehearsal session
def test_the_sample_ships_an_empty_rehearsal_session(store):
    assert validate(SAMPLE).errors == []
    rows = list(csv.DictReader((SAMPLE / "sessions.csv").open(encoding="utf-8-sig")))
    assert [r for r in rows if r["session_id"] == REHEARSAL] == [
        dict(session_id=REHEARSAL, team_id="north", date="2026-12-01", kind="review", leader_id="")
    ]
    with open_engagement(store) as eng:
        for table in SESSION_TABLES:  # nothing recorded: the room starts from nothing
            assert eng.table(table, team_id="north").query("session_id == @REHEARSAL").empty, table
        s = session.load(eng, team_id="north", session_id=REHEARSAL)
        assert all(df.empty for df in s.own.values())
        assert s.previous["session_id"] == "north-2026-04"  # the latest: nothing earlier changes because of it
        # the other sessions are as they were: the kickoff has nothing before it, the review compares with it
        k = session.load(eng, team_id="north", session_id="north-2026-01")
        r = session.load(eng, team_id="north", session_id="north-2026-04")
        assert k.previous is None and not k.is_review and k.carried == {}
        assert r.previous["session_id"] == "north-2026-01"
        assert r.history["session_id"].tolist() == ["north-2026-01", "north-2026-04"]


def test_the_rehearsal_room_starts_at_zero(store):
    room = Room(store, team_id="north", session_id=REHEARSAL)
    writer = room.open()
    wall = WallPage(room)
    tom = ParticipantPage(room, member_id="tom", token="token-tom")
    room.register(wall)
    room.register(tom)
    try:
        counts = {step: _counts(room, writer, step) for step in STEPS}
        assert "0 of 7 have answered the opening pulse" in counts["pulse"]
        assert "0 of 6 sellers have entered goals" in counts["goals"]
        assert "0 of 6 have entered their commitment" in counts["goals"]
        assert "0 items so far" in counts["swot"]
        for step in ("swot_vote", "kpis"):
            assert "0 of 35 dots cast" in counts[step] and "0 of 7 have voted" in counts[step]
        assert "0 actions from 0 of 7 people" in counts[STEPS[-1]]
        assert "0 of 7 have answered the closing pulse" in counts[STEPS[-1]]
        _move(writer, REHEARSAL, "kpis")
        room.poll()
        sent = str([c.get_state() for c in _widgets(tom.widget)])
        assert "You have <b>5</b> of 5 dots left" in sent
    finally:
        _move(writer, REHEARSAL, "pulse")
        writer.close()
        room.stop()


def _widgets(widget):
    out = [widget]
    for child in getattr(widget, "children", ()) or ():
        out += _widgets(child)
    return out


def _extra_pulse(store, sid, n, phase="opening"):
    with open_engagement(store) as eng:
        for score in [3] * n:
            eng.add("pulse", dict(session_id=sid, score=score, phase=phase))


@pytest.mark.parametrize("sid", ["north-2026-01", "north-2026-04", REHEARSAL])
def test_more_answers_than_people_says_why(tmp_path, sid):
    """The sample's kickoff already holds 7 opening answers: 3 more typed live make 10 from a team of 7."""
    path = tmp_path / "e.db"
    with open_engagement(path, create=True) as eng:
        eng.import_source(SAMPLE)
        p = eng.pulse(session_id=sid)
        p = p[p["dimension"].fillna("team") == "team"]  # the wall counts the answers about the team
        closing = int((p["phase"] == "closing").sum())
    _extra_pulse(path, sid, 10 - (len(p) - closing))
    _extra_pulse(path, sid, 9 - closing, phase="closing")
    room = Room(path, team_id="north", session_id=sid)
    writer = room.open()
    wall = WallPage(room)
    room.register(wall)
    try:
        opening, closing = _counts(room, writer, "pulse"), _counts(room, writer, STEPS[-1])
    finally:
        writer.close()
        room.stop()
    assert not re.search(r"\b(10 of 7|9 of 7)\b", opening + closing)
    assert "10 answers to the opening pulse from a team of 7" in opening
    assert "9 answers to the closing pulse from a team of 7" in closing
    for text in (opening, closing):
        assert "more than once" in text and "notebooks" in text  # why there are more answers than people


def test_the_room_counts_the_answers_its_own_links_gave(tmp_path):
    """Answers given through the room's links are one per link: the wall counts those per person, and says how many
    more came from elsewhere."""
    path = tmp_path / "e.db"
    with open_engagement(path, create=True) as eng:
        eng.import_source(SAMPLE)
    _extra_pulse(path, REHEARSAL, 6)  # typed into the notebooks before the room started
    room = Room(path, team_id="north", session_id=REHEARSAL)
    writer = room.open()
    wall = WallPage(room)
    room.register(wall)
    try:
        for who in ("tom", "aisha", "jake"):
            row = dict(session_id=REHEARSAL, score=4, phase="opening")
            assert room.answer_once(writer, f"token-{who}", "pulse:opening", lambda row=row: writer.add("pulse", row))
        text = _counts(room, writer, "pulse")
    finally:
        writer.close()
        room.stop()
    assert "3 of 7 have answered the opening pulse here" in text
    assert "9 answers in all from a team of 7 (some answered more than once" in text


def test_outside_raters_are_not_counted_as_the_team(tmp_path):
    path = tmp_path / "e.db"
    with open_engagement(path, create=True) as eng:
        eng.import_source(SAMPLE)
        crit = eng.rubrics()["discovery_call"]["criteria"]
        rows = [
            dict(
                session_id=REHEARSAL,
                scenario="Discovery call",
                rubric_id="discovery_call",
                seller_id="jake",
                rater_id=rater,
                rater_role=role,
                criterion_id=c["id"],
                score=3,
            )
            for rater, role in (("tom", "peer"), ("dana", "manager"), ("expert", "expert"))
            for c in crit
        ]
        eng.put("roleplay", rows)
    room = Room(path, team_id="north", session_id=REHEARSAL)
    writer = room.open()
    wall = WallPage(room)
    room.register(wall)
    try:
        rp = {"seller_id": "jake", "rubric_id": "discovery_call", "scenario": "Discovery call"}
        writer.set_room_state(REHEARSAL, step="roleplay", roleplay=rp)
        room.poll()
        text = wall.counts.value
    finally:
        writer.close()
        room.stop()
    assert "2 of 6 have scored" in text and "1 outside expert" in text


def test_the_readme_and_make_demo_use_the_rehearsal_session():
    readme = (ROOT / "README.md").read_text()
    room = re.findall(r"workshop-kit room build/demo/engagement.db[^\n]*", readme)
    opened = re.findall(r"workshop-kit open build/demo/engagement.db[^\n]*", readme)
    assert room and opened
    for line in room + opened:
        assert f"--session {REHEARSAL}" in line, line
    make = (ROOT / "Makefile").read_text()
    demo = make.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert f"--session {REHEARSAL}" in demo  # the demo ends saying how to rehearse the room


# ------------------------------------------------------------ item 13: nothing fetched from outside
def _outside(urls):
    return sorted(
        {
            u
            for u in urls
            if urllib.parse.urlsplit(u).scheme not in ("data", "blob", "about", "file")
            and urllib.parse.urlsplit(u).hostname not in LOCAL
        }
    )


class Recorder:
    """Every request and websocket a browser context opens."""

    def __init__(self, context):
        self.urls = []
        context.on("request", lambda r: self.urls.append(r.url))
        context.on("page", lambda p: p.on("websocket", lambda ws: self.urls.append(ws.url)))


def _browser(p):
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make test` installs it (apt-get install chromium)")
    return p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def _wait_for(url, proc, seconds=120):
    for _ in range(seconds * 2):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"the server exited:\n{proc.stdout.read()}")
            time.sleep(0.5)
    pytest.fail(f"{url} did not answer")


def test_app_mode_fetches_nothing_from_outside(store):
    from playwright.sync_api import sync_playwright

    port = free_port()
    cmd = [sys.executable, "-m", "kit", "open", str(store), "--team", "north", "--session", REHEARSAL, "--app"]
    proc = subprocess.Popen(
        cmd + ["--no-browser", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/voila/static/voila.js", proc)
        with sync_playwright() as p:
            browser = _browser(p)
            ctx = browser.new_context(viewport={"width": 1280, "height": 1600})
            seen = Recorder(ctx)
            page = ctx.new_page()
            page.goto(f"{base}/", timeout=180_000)  # the file list
            page.wait_for_load_state("networkidle", timeout=60_000)
            page.goto(f"{base}/voila/render/00_welcome.ipynb", timeout=180_000)
            page.wait_for_selector(".jupyter-widgets", timeout=180_000)
            page.wait_for_load_state("networkidle", timeout=60_000)
            icons = page.evaluate(
                "() => [...document.querySelectorAll('i.fa')].map(i => getComputedStyle(i).fontFamily).join('|')"
            )
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    assert seen.urls and any("/voila/render/" in u for u in seen.urls)
    assert _outside(seen.urls) == []
    assert "Font Awesome" in icons, icons  # the icons still have their font, served by Voilà itself


def test_the_room_fetches_nothing_from_outside(store):
    from playwright.sync_api import sync_playwright

    port = free_port()
    links = store.parent / "links.csv"
    proc, out = start_room(store, REHEARSAL, links=links, port=port)
    try:
        urls = [r["url"] for r in csv.DictReader(links.open())]
        wall = next(line.split()[-1] for line in out if line.strip().startswith("Wall"))
        presenter = next(line.split()[-1] for line in out if line.strip().startswith("Presenter"))
        with sync_playwright() as p:
            browser = _browser(p)
            ctx = browser.new_context(viewport={"width": 1280, "height": 800})
            seen = Recorder(ctx)
            page = ctx.new_page()
            page.goto(wall)
            page.wait_for_selector(".kit-wall-count:has-text('0 of 7 have answered')", timeout=60_000)
            page.goto(presenter)
            page.wait_for_selector(".kit-wall-script", timeout=60_000)
            page.goto(urls[0])
            page.wait_for_selector(".kit-room-participant", timeout=60_000)
            page.wait_for_load_state("networkidle", timeout=60_000)
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    assert len(seen.urls) > 3
    assert _outside(seen.urls) == []


def test_the_reports_fetch_nothing_from_outside(store, tmp_path):
    from playwright.sync_api import sync_playwright

    out = tmp_path / "reports"
    cmd = [sys.executable, "-m", "kit", "report", str(store), "--out", str(out), "--session", REHEARSAL]
    r = subprocess.run(cmd + ["--format", "html"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 5
    with sync_playwright() as p:
        browser = _browser(p)
        ctx = browser.new_context()
        seen = Recorder(ctx)
        page = ctx.new_page()
        for f in pages:
            page.goto(f.as_uri())
            page.wait_for_load_state("networkidle")
        browser.close()
    assert _outside(seen.urls) == []
