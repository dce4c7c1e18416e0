"""The room lets go of what a browser leaves behind, and one link cannot take it down: `workshop-kit room` serves
real pages in chromium; the store is opened once, whatever the number of pages; pages whose browser has gone are
released, a link open on too many screens gets a polite page holding no data, and everyone else is still served."""

import csv
import json
import os
import signal
import time
import urllib.request

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, SAMPLE, free_port, start_room
from kit import open_engagement
from kit.room._room import PAGES_PER_LINK

SID = "north-2026-11"  # a brand-new session
READY = ".kit-room-head"


def _connections(pid, store):
    """How many store connections the server process has open: each holds the store's write-ahead log open once.
    (SQLite keeps a closed connection's database handle for the next connection to reuse, while another connection
    of the process has the file open: the database handles never exceed the most connections open at once.)"""
    n = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            n += os.readlink(f"/proc/{pid}/fd/{fd}") == f"{store}-wal"
        except OSError:
            pass
    return n


def _pages(port):
    """How many pages (Solara's virtual kernels) the room holds, from its figures (the wall's own computer)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/resourcez", timeout=30) as r:
        return json.load(r)["kernels"]["total"]


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("release")
    store = tmp / "engagement.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(SAMPLE)
        eng.add("sessions", dict(session_id=SID, team_id="north", date="2026-11-02", kind="review"))
    port, links = free_port(), tmp / "links.csv"
    env = dict(os.environ, SOLARA_KERNEL_CULL_TIMEOUT="2s")  # released after 2 s here (2 minutes in a real room)
    proc, _ = start_room(store, SID, links=links, port=port, env=env)
    urls = {r["member_id"]: r["url"] for r in csv.DictReader(links.open())}
    yield dict(proc=proc, store=store.resolve(), urls=urls, port=port)
    os.killpg(proc.pid, signal.SIGKILL)


def test_pages_are_released_and_one_link_cannot_take_the_room(room):
    from playwright.sync_api import sync_playwright

    pid, store = room["proc"].pid, room["store"]
    idle = _connections(pid, store)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        phone = browser.new_context(viewport={"width": 390, "height": 844})
        tabs = []
        for _ in range(PAGES_PER_LINK + 3):  # Tom opens his link on more screens than the room allows one link
            tab = phone.new_page()
            tab.goto(room["urls"]["tom"])
            tab.wait_for_selector(f"{READY}, .kit-room-polite", timeout=60_000)
            tabs.append(tab)
        served = [t for t in tabs if t.query_selector(READY)]
        refused = [t for t in tabs if t.query_selector(".kit-room-polite")]
        assert len(served) == PAGES_PER_LINK and len(refused) == 3
        assert "open on too many screens" in refused[0].inner_text("body")
        assert "Tom" not in refused[0].inner_text("body")  # a polite page holds no data
        held, pages = _connections(pid, store), _pages(room["port"])
        aisha = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        aisha.goto(room["urls"]["aisha"])
        aisha.wait_for_selector(READY, timeout=60_000)  # everyone else is still served
        assert "Aisha Rahman" in aisha.inner_text(READY)
        assert held == idle  # the store is opened once: no connection per page served
        assert pages >= PAGES_PER_LINK
        phone.close()  # Tom's phone goes: every page it had is released
        deadline = time.monotonic() + 30
        while _pages(room["port"]) > 1 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _pages(room["port"]) == 1  # Aisha's page only
        assert _connections(pid, store) == idle
        tom = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        tom.goto(room["urls"]["tom"])  # back on his phone: served again, from the store
        tom.wait_for_selector(READY, timeout=60_000)
        browser.close()
    assert room["proc"].poll() is None
