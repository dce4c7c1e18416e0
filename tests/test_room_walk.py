"""The room as people meet it, in a real browser: the wall at 1280×800 (as projected) and a seller's phone at 390×844
walked through every step, at a kickoff, at a review and in a brand-new empty session.

On every page: no serious or critical WCAG 2.2 A/AA violation found by axe-core (axe-playwright-python, its axe-core
shipped in the package), every tap target at least 44×44 px, nothing wider than the screen, no table or column name
in any text. On the wall, every page of every step's results fits the screen above its page controls. On the phone:
a level looks and is announced as chosen, a goal typed in a hurry stays private, amounts as people type them and a
picked date are stored as numbers and dates, a number the form cannot read is said in words, and dot voting is one
line of at most 140 px per choice with the dots left in view at the last one. The timer set on the wall shows on the
phone.
"""

import csv
import datetime as dt
import os
import re
import signal
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_room
from kit import open_engagement
from kit._schema import TABLES

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = {"kickoff": "north-2026-01", "review": "north-2026-04", "empty": "north-rehearsal"}
WALL = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# what no page may say: a contract column's name (member_id, annual_commitment ...) or a table's row and column
COLUMNS = sorted({c for t in TABLES.values() for c in t.names if "_" in c}, key=len, reverse=True)
TABLE_WORDS = re.compile(r"\b(" + "|".join(COLUMNS) + r")\b|, column |\brow \d+\b")

# every tap target's box (a radio or checkbox inside its label: the label, which is what a thumb taps)
_SMALL = """() => [...document.querySelectorAll('button, a[href], input, select, textarea, [role=button]')]
  .filter(e => e.offsetParent !== null && e.type !== 'hidden')
  .map(e => ((e.type === 'radio' || e.type === 'checkbox') && e.closest('label')) || e)
  .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
  .filter(([_, r]) => r.width > 0 && r.height > 0 && (r.width < 44 || r.height < 44))
  .map(([h, r]) => `${h} ${Math.round(r.width)}x${Math.round(r.height)}`)"""
# what runs past the screen's right edge (on a phone, a table may scroll inside its own box; never on the wall)
_WIDE = """([w, boxed]) => [...document.querySelectorAll('table, img, svg, canvas, .kit-chart, .widget-box')]
  .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > w + 1)
  .filter(e => !(boxed && e.closest('.scroll') && e.closest('.scroll').getBoundingClientRect().right <= w + 1))
  .map(e => e.outerHTML.slice(0, 80))"""
_HEIGHTS = "(sel) => [...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect().height)"
_SPAN = "(sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return [r.top, r.bottom]; }"
_RESULTS_BOTTOM = """() => { const r = document.querySelector('.kit-wall-results'); let b = 0;
  for (const e of r.querySelectorAll('*')) {
    const x = e.getBoundingClientRect(); if (x.height) b = Math.max(b, x.bottom); }
  return b; }"""


@pytest.fixture(params=list(SESSIONS))
def walk(request, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make test` installs it (apt-get install chromium)")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    sid = SESSIONS[request.param]
    store = tmp_path / "engagement.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(ROOT / "sample_data")
    links = tmp_path / "links.csv"
    port = free_port()
    proc, _ = start_room(store, sid, links=links, port=port)
    urls = {r["member_id"]: r["url"] for r in csv.DictReader(links.open())}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            wall = browser.new_context(viewport=WALL).new_page()
            wall.goto(f"http://127.0.0.1:{port}/wall")
            wall.wait_for_selector(".kit-wall-step", timeout=60_000)
            presenter = browser.new_context(viewport=WALL).new_page()  # the facilitator's own screen
            presenter.goto(f"http://127.0.0.1:{port}/presenter")
            presenter.wait_for_selector(".kit-wall-script-box", timeout=60_000)
            phone = browser.new_context(viewport=PHONE).new_page()
            phone.goto(urls["tom"])
            phone.wait_for_selector(".kit-room-step", timeout=60_000)
            walk = _Walk(request.param, sid, store, wall, phone, Axe())
            walk.presenter = presenter
            yield walk
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGKILL)


class _Walk:
    def __init__(self, kind, sid, store, wall, phone, axe):
        self.kind, self.sid, self.store_path, self.wall, self.phone, self.axe = kind, sid, store, wall, phone, axe
        self.problems = []

    def check(self, page, where, *, wall=False):
        """Everything every page must be, noted (the walk goes on, and says everything wrong at the end).
        With KIT_WALK_SHOTS=<folder>, each page checked is saved there as a picture, to look at."""
        page.wait_for_timeout(300)  # the last widget messages drawn
        if os.environ.get("KIT_WALK_SHOTS"):
            shots = Path(os.environ["KIT_WALK_SHOTS"])
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=shots / (re.sub(r"[^a-z0-9]+", "_", where.lower()) + ".png"), full_page=True)
        result = self.axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        for v in result.response["violations"]:
            if v["impact"] in ("serious", "critical"):
                nodes = [n["html"][:100] for n in v["nodes"][:3]]
                self.problems.append(f"{where}: axe {v['id']} ({v['impact']}) on {nodes}")
        for small in page.evaluate(_SMALL):
            self.problems.append(f"{where}: a tap target under 44 px: {small}")
        width = page.viewport_size["width"]
        wide = page.evaluate(_WIDE, [width, not wall])
        if wide or page.evaluate("() => document.documentElement.scrollWidth") > width:
            self.problems.append(f"{where}: wider than the screen ({width} px): {wide[:3]}")
        said = TABLE_WORDS.search(page.inner_text("body"))
        if said:
            self.problems.append(f"{where}: says {said.group(0)!r} (a table's or column's name)")
        if wall and page.evaluate("() => document.documentElement.scrollHeight") > page.viewport_size["height"]:
            self.problems.append(f"{where}: taller than the screen")

    def results(self, step):
        """Every page of the wall's results for ``step``: each fits above the page controls, and each is checked."""
        wall = self.wall
        if wall.locator(".kit-wall-hide").is_disabled():
            wall.click(".kit-wall-show")
        wall.wait_for_function(  # drawn: the line saying they show when pressed has gone
            "() => !document.querySelector('.kit-wall-results .kit-wall-waiting')"
            " && document.querySelector('.kit-wall-results').innerText.trim() !== ''",
            timeout=20_000,
        )
        for n in range(1, 20):
            where = f"{self.kind} wall {step} results page {n}"
            self.check(wall, where, wall=True)
            pager = wall.locator(".kit-wall-pager")
            bottom = wall.evaluate(_RESULTS_BOTTOM)
            limit = wall.evaluate(_SPAN, ".kit-wall-pager")[0] if pager.is_visible() else WALL["height"]
            if bottom > limit + 1:
                self.problems.append(f"{where}: the results run to {bottom:.0f} px, under the page controls")
            nxt = wall.locator(".kit-wall-page-next")
            if not pager.is_visible() or nxt.is_disabled():
                return n
            at, was = wall.inner_text(".kit-wall-page-at"), wall.inner_text(".kit-wall-results")
            nxt.click()
            wall.wait_for_function(  # the new page's number, then the page itself (it comes after its controls)
                "([at, was]) => document.querySelector('.kit-wall-page-at').innerText !== at"
                " && document.querySelector('.kit-wall-results').innerText !== was",
                arg=[at, was],
                timeout=20_000,
            )
        raise AssertionError(f"{self.kind} wall {step}: more than 19 pages of results")

    def next_step(self, words):
        self.wall.click(".kit-wall-next")
        self.wall.wait_for_selector(f".kit-wall-step:has-text('{words}')", timeout=20_000)
        self.phone.wait_for_selector(f".kit-room-step:has-text('{words}')", timeout=20_000)
        self.phone.wait_for_timeout(500)


def _vote_fits(walk, where):
    """One line a choice, at most 140 px, and the dots left in view once the last choice is scrolled to."""
    phone = walk.phone
    phone.wait_for_selector(".kit-room-choice", timeout=20_000)
    heights = phone.evaluate(_HEIGHTS, ".kit-room-choice")
    if max(heights) > 140:
        walk.problems.append(f"{where}: a choice {max(heights):.0f} px tall")
    phone.locator(".kit-room-choice").last.scroll_into_view_if_needed()
    top, bottom = phone.evaluate(_SPAN, ".widget-html.kit-room-left")
    if not (0 <= top and bottom <= PHONE["height"]):
        walk.problems.append(f"{where}: the dots left are out of view at the last choice ({top:.0f}-{bottom:.0f})")
    phone.evaluate("() => window.scrollTo(0, 0)")


def test_every_step_on_the_wall_and_a_phone(walk):
    wall, phone = walk.wall, walk.phone

    # 1 the opening pulse; the facilitator sets a 5-minute timer, which the phone shows
    walk.check(wall, f"{walk.kind} wall pulse", wall=True)
    wall.select_option(".kit-wall-minutes select", label="5 minutes")
    wall.click(".kit-wall-timer-start")
    wall.wait_for_selector(".kit-wall-timer .kit-timer", timeout=20_000)
    phone.wait_for_selector(".kit-room-timer .kit-timer[role=timer]", timeout=20_000)
    clock = phone.evaluate(
        "() => getComputedStyle(document.querySelector('.kit-room-timer .kit-timer-clock'), '::after').content"
    )
    assert "counter(m)" in clock  # the countdown drawn by CSS (m:ss), counted down in the browser
    walk.check(phone, f"{walk.kind} phone pulse")
    phone.locator(".kit-room-pulse-opening-score label", has_text="4 ·").click()
    checked = phone.locator(".kit-room-pulse-opening-score input:checked")
    phone.wait_for_function("() => document.querySelectorAll('.kit-room-pulse-opening-score input:checked').length")
    assert checked.count() == 1 and checked.evaluate("e => e.closest('label').innerText").strip().startswith("4")
    assert (
        phone.evaluate(  # looks chosen: the strong colour
            "() => getComputedStyle(document.querySelector('.kit-room-pulse-opening-score label:has(input:checked)'))"
            ".backgroundColor"
        )
        == "rgb(1, 115, 178)"
    )
    phone.click(".kit-room-pulse-opening-submit")
    phone.wait_for_selector(".kit-room-pulse-opening:has-text('your answer is in')", timeout=20_000)
    walk.results("pulse")

    # 2 goals and the commitment: a goal typed in a hurry stays private; amounts as people type them
    walk.next_step("Personal goals")
    walk.check(phone, f"{walk.kind} phone goals")
    goal = f"Walk goal {walk.kind}: a week in Lisbon"
    phone.fill(".kit-goal-goal textarea", goal)
    phone.click(".kit-goal-submit")
    phone.wait_for_selector(f".kit-goal-entries:has-text('{goal}')", timeout=20_000)
    for typed, stored in (("lots", None), ("1,300,000", 1_300_000), ("1.3M", 1_300_000)):
        phone.fill(".kit-commitment-annual_commitment input", typed)
        phone.fill(".kit-commitment-avg_deal_size input", "$60k")
        phone.fill(".kit-commitment-win_rate input", "25%")
        phone.fill(".kit-commitment-sales_cycle_days input", "90")
        phone.click(".kit-commitment-submit")
        if stored is None:  # said in words, with an example; nothing written
            phone.wait_for_selector(".kit-commitment-form .kit-error:has-text('Type the')", timeout=20_000)
            walk.check(phone, f"{walk.kind} phone goals, an amount it cannot read")
            continue
        phone.wait_for_selector(".kit-commitment-form .kit-ok", timeout=20_000)
        with open_engagement(walk.store_path) as eng:
            c = eng.table("commitments", session_id=walk.sid, member_id="tom").iloc[0]
        assert (c["annual_commitment"], c["avg_deal_size"], c["win_rate"]) == (stored, 60_000, 0.25), typed
        phone.wait_for_function(  # after Save the form opens again on the commitment as saved: type once it has
            "() => document.querySelector('.kit-commitment-annual_commitment input').value === '1300000'",
            timeout=20_000,
        )
    with open_engagement(walk.store_path) as eng:
        g = eng.table("goals", session_id=walk.sid)
    assert g.loc[g["goal"] == goal, "visibility"].tolist() == ["private"]  # nobody chose otherwise
    walk.results("goals")

    # 3 target accounts
    walk.next_step("Target accounts")
    walk.check(phone, f"{walk.kind} phone accounts")
    walk.results("accounts")

    # 4 the SWOT: an item from the phone; the reveal shows the 2x2 board at once
    walk.next_step("name the items")
    phone.locator(".kit-room-swot-quadrant label", has_text="Weakness").click()
    phone.fill(".kit-room-swot-text textarea", f"Walk item {walk.kind}: proposals take a week")
    phone.click(".kit-room-swot-submit")
    phone.wait_for_selector(".kit-room-swot-entries:has-text('proposals take a week')", timeout=20_000)
    walk.check(phone, f"{walk.kind} phone swot")
    walk.check(wall, f"{walk.kind} wall swot", wall=True)
    wall.click(".kit-wall-reveal")
    wall.wait_for_selector(".kit-wall-results .board", timeout=20_000)
    assert "proposals take a week" in wall.inner_text(".kit-wall-results .board")
    walk.presenter.wait_for_selector(".kit-swot-merge-keep select", timeout=20_000)  # the merge, on the panel
    walk.check(walk.presenter, f"{walk.kind} presenter swot")
    walk.results("swot")

    # 5 the SWOT vote and 6 the KPI vote: one line a choice, the dots left in view
    walk.next_step("vote on the priorities")
    _vote_fits(walk, f"{walk.kind} phone swot vote")
    walk.check(phone, f"{walk.kind} phone swot vote")
    walk.results("swot_vote")
    walk.next_step("KPIs")
    _vote_fits(walk, f"{walk.kind} phone kpis")
    walk.check(phone, f"{walk.kind} phone kpis")
    walk.results("kpis")

    # 7 a role play opened from the wall, scored on the phone
    walk.next_step("Role play")
    walk.check(wall, f"{walk.kind} wall roleplay", wall=True)
    wall.select_option(".kit-wall-rp-seller select", label="Elena Petrova")
    wall.click(".kit-wall-rp-open")
    phone.wait_for_selector(".kit-room-rp-submit", timeout=20_000)
    walk.check(phone, f"{walk.kind} phone roleplay")
    walk.results("roleplay")

    # 8 actions: a due date from the phone's date picker
    walk.next_step("Actions and closing pulse")
    walk.check(wall, f"{walk.kind} wall actions", wall=True)
    phone.fill(".kit-action-action textarea", f"Walk action {walk.kind}: two first meetings a week")
    phone.fill(".kit-action-due input", "2027-03-15")
    phone.click(".kit-action-submit")
    phone.wait_for_selector(".kit-action-entries:has-text('two first meetings a week')", timeout=20_000)
    with open_engagement(walk.store_path) as eng:
        a = eng.table("actions", session_id=walk.sid)
    due = a.loc[a["action"].str.contains("two first meetings a week"), "due"].tolist()
    assert [str(d)[:10] for d in due] == [dt.date(2027, 3, 15).isoformat()]
    walk.check(phone, f"{walk.kind} phone actions")
    walk.presenter.wait_for_selector(".kit-leader-form", timeout=20_000)
    walk.check(walk.presenter, f"{walk.kind} presenter actions")
    walk.results("actions")

    assert not walk.problems, "\n".join(walk.problems)
