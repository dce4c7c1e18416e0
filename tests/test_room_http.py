"""Issue 19, item 9: what anyone on the room's network can read without a token. Only the documented pages (a
participant's /?k=..., /wall, /presenter) and the files they load answer; everything else is a plain 404 page with
no traceback, path or figure; /resourcez answers only with the wall's token; the session cookie is HttpOnly and
SameSite=Lax; /_solara/cdn serves the local copy and never fetches; a phone never sees the store's path. Against a
real `workshop-kit room --host 0.0.0.0` at a kickoff, a review and a brand-new empty session."""

import csv
import http.client
import http.server
import json
import os
import shutil
import signal
import socket
import sqlite3
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, SAMPLE, free_port, start_room
from kit import open_engagement

VENV_CDN = Path(sys.prefix) / "share" / "solara" / "cdn"
# the front end's files the pages load (a small copy, so that a test can never harm the installation's own)
CDN_PARTS = ["@widgetti/solara-vuetify3-app@5.1.1", "requirejs@2.3.6", "font-awesome@4.5.0"]
NOT_DOCUMENTED = [
    "/resourcez",
    "/resourcez?verbose",
    "/readyz",
    "/nope",
    "/a/b/c",
    "/x/wall",
    "/wall/x",
    "/.env",
    "/docs",
    "/jupyter/api/kernels/x",
    "/_solara/api/close/x",
    "/_solara/cdn/font-awesome@4.5.0/css",  # a folder: Solara deletes it, then fetches it from the CDN
    "/_solara/cdn/left-pad@1.3.0/index.js",  # not in the local copy: Solara fetches it from the CDN
    "/_solara/cdn/left-pad",
    "/static/..%2f..%2fetc/passwd",
]


@pytest.fixture(scope="module")
def cdn(tmp_path_factory):
    """A local copy of the front end's files, and a stand-in for the public CDN that records what is asked of it."""
    folder = tmp_path_factory.mktemp("cdn")
    skip = shutil.ignore_patterns("*.map", "*app7*", "solara-vuetify-app8.js")
    for part in CDN_PARTS:
        shutil.copytree(VENV_CDN / part, folder / part, ignore=skip)
    asked = []

    class Cdn(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            asked.append(self.path)
            self.send_error(404)  # nothing is ever written to the copy

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Cdn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield dict(folder=folder, url=f"http://127.0.0.1:{server.server_address[1]}/npm/", asked=asked)
    server.shutdown()


@pytest.fixture(scope="module", params=["north-2026-01", "north-2026-04", "north-rehearsal"])
def room(request, tmp_path_factory, cdn):
    """`workshop-kit room --host 0.0.0.0` (the wall needs its token) on a kickoff, a review, an empty session."""
    sid = request.param
    tmp = tmp_path_factory.mktemp("room")
    store = tmp / "engagement.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(SAMPLE)
    port = free_port()
    links = tmp / "links.csv"
    env = dict(os.environ, SOLARA_ASSETS_CDN=cdn["url"], SOLARA_ASSETS_PROXY_CACHE_DIR=str(cdn["folder"]))
    proc, out = start_room(store, sid, links=links, port=port, args=["--host", "0.0.0.0"], env=env)
    for _ in range(240):  # the address is printed before the server listens
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.25)
    wall = next(line.split()[-1] for line in out if line.strip().startswith("Wall"))
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(wall).query)["k"][0]
    people = {r["member_id"]: urllib.parse.urlsplit(r["url"]).query for r in csv.DictReader(links.open())}
    yield dict(store=store, port=port, wall_token=token, people=people, proc=proc, sid=sid)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)


def _get(room, path, method="GET", headers=None):
    con = http.client.HTTPConnection("127.0.0.1", room["port"], timeout=30)
    try:
        con.request(method, path, headers=headers or {})
        r = con.getresponse()
        return r.status, dict(r.getheaders()), r.read().decode("utf-8", "replace")
    finally:
        con.close()


def _no_data(room, body):
    for word in ("Traceback", "site-packages", str(room["store"]), "kernels", "cpu", "memory", room["wall_token"]):
        assert word not in body, word


def test_only_the_documented_pages_answer(room, cdn):
    for path in NOT_DOCUMENTED:
        status, _, body = _get(room, path)
        assert status == 404, (path, status, body[:200])
        assert "This link does not open a page in this room" in body, path
        _no_data(room, body)
    for method, path in (("POST", "/_solara/api/close/x"), ("POST", "/wall"), ("PUT", "/static/x"), ("DELETE", "/")):
        status, _, body = _get(room, path, method=method)
        assert status == 404, (method, path, status)
        _no_data(room, body)
    assert cdn["asked"] == []  # nothing was asked of the public CDN
    assert (cdn["folder"] / "font-awesome@4.5.0" / "css" / "font-awesome.min.css").is_file()
    token = room["wall_token"]
    someone = next(iter(room["people"].values()))
    for path in (f"/?{someone}", f"/wall?k={token}", f"/presenter?k={token}", "/static/main-vuetify.js"):
        assert _get(room, path)[0] == 200, path
    for path in (f"/?{someone}", f"/wall?k={token}"):  # a page says its language (a screen reader reads it so)
        status, headers, body = _get(room, path, headers={"Accept-Encoding": "gzip"})
        assert (
            status == 200 and '<html lang="en"' in body[:300] and int(headers["content-length"]) == len(body.encode())
        )
    assert _get(room, "/_solara/cdn/font-awesome@4.5.0/css/font-awesome.min.css")[0] == 200  # from the local copy


def test_the_servers_figures_need_the_walls_token(room):
    status, _, body = _get(room, f"/resourcez?verbose&k={room['wall_token']}")
    assert status == 200 and "kernels" in json.loads(body)
    assert _get(room, f"/readyz?k={room['wall_token']}")[0] == 200
    for path in ("/resourcez?k=wrong", "/resourcez?verbose&k=", f"/resourcez?{next(iter(room['people'].values()))}"):
        assert _get(room, path)[0] == 404, path


def test_the_session_cookie_is_httponly_and_samesite_lax(room):
    someone = next(iter(room["people"].values()))
    for headers in ({}, {"X-Forwarded-Proto": "https"}, {"Host": f"localhost:{room['port']}"}):
        status, got, _ = _get(room, f"/?{someone}", headers=headers)
        cookie = got["set-cookie"]
        assert status == 200 and "solara-session-id=" in cookie
        attrs = [a.strip().lower() for a in cookie.split(";")]
        assert "httponly" in attrs and "samesite=lax" in attrs and "samesite=none" not in attrs, cookie


def _run(room, path, app="__default__", origin=None):
    """A raw websocket client asking Solara to run the page at ``path``: everything the server sends back."""
    from websockets.sync.client import connect

    status, got, _ = _get(room, f"/?{next(iter(room['people'].values()))}")
    kernel, session = str(uuid.uuid4()), str(uuid.uuid4())
    headers = {"Cookie": got["set-cookie"].split(";")[0]}

    def msg(kind, content):
        header = {"msg_id": str(uuid.uuid4()), "msg_type": kind, "session": session, "username": "", "version": "5.3"}
        return json.dumps(
            {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}
        )

    received = []
    url = f"ws://127.0.0.1:{room['port']}/jupyter/api/kernels/{kernel}/channels?session_id={session}"
    try:
        with connect(url, additional_headers=headers, origin=origin, open_timeout=30) as ws:
            comm = str(uuid.uuid4())
            ws.send(msg("comm_open", {"comm_id": comm, "target_name": "solara.control", "data": {}}))
            args = {"path": path, "appName": app}
            ws.send(msg("comm_msg", {"comm_id": comm, "data": {"method": "run", "args": args}}))
            while True:
                m = ws.recv(timeout=15)
                received.append(m if isinstance(m, str) else m.decode("utf-8", "replace"))
                if '"finished"' in received[-1]:
                    break
    except Exception as e:  # closed by the server, or refused
        received.append(f"closed: {type(e).__name__}")
    return "\n".join(received)


def test_a_raw_websocket_gets_no_traceback_for_an_unknown_page(room):
    for path in ("/a/b/c", "/wall/x", "/static"):
        got = _run(room, path)
        assert "Traceback" not in got and "site-packages" not in got, got[:500]
        assert "closed" in got
    got = _run(room, "/", app="nope")
    assert "Traceback" not in got and "closed" in got
    assert '"finished"' in _run(room, f"/?{next(iter(room['people'].values()))}")  # a real page still runs
    got = _run(room, f"/?{next(iter(room['people'].values()))}", origin="http://evil.example")
    assert '"finished"' not in got and "closed" in got  # a script on another site cannot open a page's socket


def test_pages_load_nothing_refused_and_scripts_cannot_read_the_cookie(room):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make test` installs it (apt-get install chromium)")
    base = f"http://127.0.0.1:{room['port']}"
    token = room["wall_token"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        ctx = browser.new_context(viewport={"width": 390, "height": 844})
        refused = []
        ctx.on("response", lambda r: refused.append(r.url) if r.status >= 400 else None)
        page = ctx.new_page()
        page.goto(f"{base}/wall?k={token}")
        page.wait_for_selector(".kit-wall-step", timeout=60_000)
        page.goto(f"{base}/presenter?k={token}")
        page.wait_for_selector(".kit-wall-script", timeout=60_000)
        page.goto(f"{base}/?{room['people']['tom']}")
        page.wait_for_selector(".kit-room-participant", timeout=60_000)
        page.wait_for_load_state("networkidle", timeout=60_000)
        script_sees = page.evaluate("document.cookie")
        cookies = {c["name"]: c for c in ctx.cookies()}
        with open_engagement(room["store"]) as eng:  # the page works: it follows the room to the SWOT and saves
            eng.set_room_state(room["sid"], step="swot")
        page.wait_for_selector(".kit-room-swot-submit", timeout=30_000)
        page.locator(".kit-room-swot-quadrant label", has_text="Strength").first.click()
        page.fill(".kit-room-swot-text textarea", "ZQ-HTTP-ONLY-works")
        page.click(".kit-room-swot-submit")
        page.wait_for_selector(".kit-room-swot-entries:has-text('ZQ-HTTP-ONLY-works')", timeout=30_000)
        browser.close()
    assert refused == []
    assert "solara-session-id" not in script_sees
    assert cookies["solara-session-id"]["httpOnly"] is True
    assert cookies["solara-session-id"]["sameSite"] == "Lax"


def test_a_phone_never_sees_the_stores_path(room):
    """The store fails under a phone (a table gone): the phone reads plain words, the console keeps the detail."""
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{room['port']}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.goto(f"{base}/?{room['people']['aisha']}")
        with open_engagement(room["store"]) as eng:
            eng.set_room_state(room["sid"], step="swot")
        page.wait_for_selector(".kit-room-swot-submit", timeout=60_000)
        con = sqlite3.connect(room["store"])
        con.execute("DROP TABLE swot")
        con.commit()
        con.close()
        page.locator(".kit-room-swot-quadrant label", has_text="Threat").first.click()
        page.fill(".kit-room-swot-text textarea", "ZQ-STORE-GONE")
        page.click(".kit-room-swot-submit")
        page.wait_for_selector(".kit-error", timeout=30_000)
        shown = page.inner_text("body")
        browser.close()
    os.killpg(room["proc"].pid, signal.SIGTERM)
    console = room["proc"].communicate(timeout=30)[0]
    assert "The room could not save this just now; try again, or tell the facilitator." in shown
    assert str(room["store"]) not in shown and str(room["store"].parent) not in shown
    assert str(room["store"]) in console and "no such table" in console  # the facilitator's console has the detail
