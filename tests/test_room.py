"""The room in a real browser: `workshop-kit room` serves the wall and four participants' pages (each in its own
browser context, as on its own phone); the test walks the room through every step, checks the store holds exactly
what was typed, and searches every page's DOM and every websocket message each participant received for what
that person may not see."""

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_room
from kit import open_engagement

ROOT = Path(__file__).resolve().parent.parent
SID = "north-2026-09"  # a brand-new session: the room starts from nothing
PEOPLE = ("tom", "aisha", "jake", "dana")  # three sellers and their manager
MARK = {
    "tom_private": "ZQ-TOM-PRIVATE-sailboat",
    "tom_account": "ZQ-TOM-PRIVATE-ACCOUNT-Northwind",
    "aisha_manager": "ZQ-AISHA-MGRONLY-mortgage",
    "jake_team": "ZQ-JAKE-TEAM-president-club",
    "tom_item": "ZQ-TOM-ANON-ITEM-pricing-too-slow",
    "aisha_item": "ZQ-AISHA-SIGNED-ITEM-referrals",
    "aisha_comment": "ZQ-AISHA-COMMENT-ask-for-budget",
    "dana_comment": "ZQ-DANA-COMMENT-summarise",
}
# what each participant may never receive (the others' private or manager-only text, their comments)
FORBIDDEN = {
    "tom": [MARK["aisha_manager"], MARK["aisha_comment"], MARK["dana_comment"], MARK["aisha_item"]],
    "aisha": [MARK["tom_private"], MARK["tom_account"], MARK["tom_item"], MARK["dana_comment"]],
    "jake": [MARK["tom_private"], MARK["tom_account"], MARK["aisha_manager"], MARK["tom_item"], MARK["aisha_item"]]
    + [MARK["aisha_comment"], MARK["dana_comment"]],
    "dana": [MARK["tom_private"], MARK["tom_account"], MARK["aisha_manager"], MARK["tom_item"], MARK["aisha_item"]]
    + [MARK["aisha_comment"]],
}
WALL_FORBIDDEN = [MARK["tom_private"], MARK["tom_account"], MARK["aisha_manager"], MARK["aisha_comment"]]
WALL_FORBIDDEN += [MARK["dana_comment"]]


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make test` installs it (apt-get install chromium)")
    tmp = tmp_path_factory.mktemp("room")
    store = tmp / "engagement.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(ROOT / "sample_data")
        eng.add("sessions", dict(session_id=SID, team_id="north", date="2026-09-15", kind="review"))
    port = free_port()
    links = tmp / "links.csv"
    proc, out = start_room(store, SID, links=links, port=port)
    urls = {r["member_id"]: r["url"] for r in csv.DictReader(links.open())}
    wall = next(line.split()[-1] for line in out if line.strip().startswith("Wall"))
    yield dict(store=store, urls=urls, wall=wall, proc=proc, out=out, base=f"http://127.0.0.1:{port}", tmp=tmp)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)


class Person:
    """One participant's browser (its own context, a phone's width) and every websocket message it received."""

    def __init__(self, browser, url, who):
        self.who = who
        self.ctx = browser.new_context(viewport={"width": 390, "height": 844})
        self.page = self.ctx.new_page()
        self.frames = []
        self.page.on("websocket", lambda ws: ws.on("framereceived", lambda f: self.frames.append(str(f))))
        self.page.goto(url)
        self.page.wait_for_selector(".kit-room-participant", timeout=60_000)

    def step(self, words):
        self.page.wait_for_selector(f".kit-room-step:has-text('{words}')", timeout=20_000)

    def received(self):
        return self.page.content() + "\n".join(self.frames)


_HEIGHTS = "(sel) => [...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect().height)"
_SPAN = "(sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return [r.top, r.bottom]; }"


def _click_level(page, cls, text):
    page.locator(f".{cls} label", has_text=text).first.click()


def _every_page(wall):
    """The text of every page of the wall's results, turning them with the wall's page control."""
    wall.wait_for_selector(".kit-wall-results .kit-view", timeout=20_000)
    said = [wall.inner_text(".kit-wall-results")]
    while wall.locator(".kit-wall-pager").is_visible() and not wall.locator(".kit-wall-page-next").is_disabled():
        at = wall.inner_text(".kit-wall-page-at")
        wall.click(".kit-wall-page-next")
        wall.wait_for_function(  # the new page's number, then the new page itself (it comes after its controls)
            "([at, was]) => document.querySelector('.kit-wall-page-at').innerText !== at"
            " && document.querySelector('.kit-wall-results').innerText !== was",
            arg=[at, said[-1]],
            timeout=20_000,
        )
        said.append(wall.inner_text(".kit-wall-results"))
    return "\n".join(said)


def _wall_next(wall, words):
    wall.click(".kit-wall-next")
    wall.wait_for_selector(f".kit-wall-step:has-text('{words}')", timeout=20_000)


_STICKING_OUT = """() => [...document.querySelectorAll(
    '.kit-room-participant textarea, .kit-room-participant input, .kit-room-participant select')]
  .filter(e => { const r = e.getBoundingClientRect(), box = e.closest('.widget-box').getBoundingClientRect();
                 return r.width > 0 && (r.right > box.right + 0.5 || r.left < box.left - 0.5); })
  .map(e => e.outerHTML.slice(0, 80))"""


def _wait_count(wall, text):
    wall.wait_for_selector(f".kit-wall-count:has-text('{text}')", timeout=20_000)


def test_the_room_end_to_end(room):
    from playwright.sync_api import sync_playwright

    store = room["store"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        wctx = browser.new_context(viewport={"width": 1280, "height": 800})
        wall = wctx.new_page()
        wall_frames = []
        wall.on("websocket", lambda ws: ws.on("framereceived", lambda f: wall_frames.append(str(f))))
        wall.goto(room["wall"])
        wall.wait_for_selector(".kit-wall-step:has-text('Opening pulse')", timeout=60_000)
        people = {who: Person(browser, room["urls"][who], who) for who in PEOPLE}

        # 1 the opening pulse, anonymous
        for who, level in zip(PEOPLE, ("4 ·", "3 ·", "4 ·", "5 ·")):
            page = people[who].page
            _click_level(page, "kit-room-pulse-opening-score", level)
            page.click(".kit-room-pulse-opening-submit")
            page.wait_for_selector(".kit-room-pulse-opening:has-text('your answer is in')", timeout=20_000)
        _wait_count(wall, "4 of 7 have answered the opening pulse")

        # 2 goals: one private, one for the manager only, one for the team; a commitment
        _wall_next(wall, "Personal goals")
        for who, text, vis in (
            ("tom", MARK["tom_private"], "only me (private)"),
            ("aisha", MARK["aisha_manager"], "my manager only"),
            ("jake", MARK["jake_team"], "the team"),
        ):
            page = people[who].page
            people[who].step("Personal goals")
            page.fill(".kit-goal-goal textarea", text)
            page.select_option(".kit-goal-visibility select", label=vis)
            page.click(".kit-goal-submit")
            # their own goal, private or not, listed on their own page
            page.wait_for_selector(f".kit-goal-entries:has-text('{text}')", timeout=20_000)
        tom = people["tom"].page
        tom.fill(".kit-commitment-annual_commitment input", "900000")
        tom.fill(".kit-commitment-avg_deal_size input", "45000")
        tom.fill(".kit-commitment-win_rate input", "25%")
        tom.fill(".kit-commitment-sales_cycle_days input", "90")
        tom.wait_for_selector(".kit-commitment-preview:has-text('80')", timeout=20_000)  # 900000/45000/25% = 80 opps
        tom.click(".kit-commitment-submit")
        tom.wait_for_selector(".kit-commitment-form .kit-ok", timeout=20_000)
        _wait_count(wall, "3 of 6 sellers have entered goals")
        wall.click(".kit-wall-show")
        assert MARK["jake_team"] in _every_page(wall)  # the results in pages that fit the wall, turned one by one
        people["dana"].step("Personal goals")
        assert "sellers are writing" in people["dana"].page.inner_text(".kit-room-body")

        # 2b target accounts: private unless shared (Tom keeps the form's first choice); Jake's is one that sellers
        # named at the earlier sessions too, so the wall shows who else chases it
        _wall_next(wall, "Target accounts")
        for who, account, vis in (("tom", MARK["tom_account"], None), ("jake", "Harbor Logistics Inc.", "the team")):
            page = people[who].page
            people[who].step("Target accounts")
            page.fill(".kit-account-account input", account)
            page.fill(".kit-account-why input", "They asked for a demo")
            if vis:
                page.select_option(".kit-account-visibility select", label=vis)
            page.click(".kit-account-submit")
            page.wait_for_selector(f".kit-account-entries:has-text('{account}')", timeout=20_000)
        _wait_count(wall, "2 of 6 sellers have marked where their accounts stand or named new ones")
        wall.click(".kit-wall-show")
        wall.wait_for_selector(".kit-wall-results:has-text('Named by two sellers or more')", timeout=20_000)
        assert "Jake" in wall.inner_text(".kit-wall-results")
        people["dana"].step("Target accounts")
        assert "naming the accounts" in people["dana"].page.inner_text(".kit-room-body")

        # 3 SWOT items, anonymous and signed, hidden from everyone else until the reveal
        _wall_next(wall, "name the items")
        for who, quadrant, text, signed in (
            ("tom", "Weakness", MARK["tom_item"], False),
            ("aisha", "Opportunity", MARK["aisha_item"], True),
        ):
            page = people[who].page
            people[who].step("name the items")
            _click_level(page, "kit-room-swot-quadrant", quadrant)
            page.fill(".kit-room-swot-text textarea", text)
            if signed:
                page.click(".kit-room-swot-author_id input")
            page.click(".kit-room-swot-submit")
            page.wait_for_selector(f".kit-room-swot-entries:has-text('{text}')", timeout=20_000)
        _wait_count(wall, "2 items so far")
        time.sleep(1)  # let every page receive whatever it would receive before the reveal
        before_reveal = {who: people[who].received() for who in PEOPLE}
        wall_before = wall.content() + "\n".join(wall_frames)
        for who in ("jake", "dana"):
            assert MARK["tom_item"] not in before_reveal[who] and MARK["aisha_item"] not in before_reveal[who]
        assert MARK["aisha_item"] not in before_reveal["tom"] and MARK["tom_item"] not in before_reveal["aisha"]
        assert MARK["tom_item"] not in wall_before and MARK["aisha_item"] not in wall_before

        # ... then revealed and voted on (two devices voting on the same item at once both count)
        wall.click(".kit-wall-reveal")  # the items show at once: no Show results to press as well
        wall.wait_for_selector(f".kit-wall-results:has-text('{MARK['tom_item']}')", timeout=20_000)
        _wall_next(wall, "vote on the priorities")
        with open_engagement(store) as eng:
            ids = eng.swot(session_id=SID).set_index("text")["item_id"]
        item = ids[MARK["tom_item"]]
        for who in PEOPLE:
            people[who].step("vote on the priorities")
            people[who].page.wait_for_selector(f".kit-room-plus-{item}", timeout=20_000)
        for who in PEOPLE:
            people[who].page.click(f".kit-room-plus-{item}", no_wait_after=True)
        for who in PEOPLE:
            people[who].page.wait_for_selector(".kit-room-left:has-text('4 of 5')", timeout=20_000)
        people["tom"].page.click(f".kit-room-plus-{ids[MARK['aisha_item']]}")
        people["tom"].page.wait_for_selector(".kit-room-left:has-text('3 of 5')", timeout=20_000)
        _wait_count(wall, "5 of 35 dots cast")

        # 4 KPI voting
        _wall_next(wall, "KPIs")
        for who in PEOPLE:
            people[who].step("KPIs")
            people[who].page.click(".kit-room-plus-new_meetings")
        _wait_count(wall, "4 of 35 dots cast")
        # on a phone (390 px) every KPI is one line of at most 140 px (its words, then - dots +), and the dots left
        # stay in view when the last KPI is scrolled to
        phone = people["tom"].page
        assert max(phone.evaluate(_HEIGHTS, ".kit-room-choice")) <= 140
        phone.locator(".kit-room-choice").last.scroll_into_view_if_needed()
        top, bottom = phone.evaluate(_SPAN, ".widget-html.kit-room-left")
        assert 0 <= top and bottom <= phone.viewport_size["height"]

        # 5 a role play: Tom's call, scored by the others, self-scored by Tom
        _wall_next(wall, "Role play")
        wall.select_option(".kit-wall-rp-seller select", label="Tom Okafor")
        wall.fill(".kit-wall-rp-scenario input", "Discovery call with a CFO")
        wall.click(".kit-wall-rp-open")
        for who, comment in (
            ("tom", None),
            ("aisha", MARK["aisha_comment"]),
            ("jake", None),
            ("dana", MARK["dana_comment"]),
        ):
            page = people[who].page
            page.wait_for_selector(".kit-room-rp-submit", timeout=20_000)
            for group in page.locator(".kit-room-rp-score").all():
                group.locator("label", has_text="4").first.click()
            if comment:
                page.fill(".kit-room-rp-comment textarea", comment)
            page.click(".kit-room-rp-submit")
            page.wait_for_selector(".kit-ok:has-text('Saved')", timeout=20_000)
        _wait_count(wall, "3 of 6 have scored")

        # 6 actions and the closing pulse
        _wall_next(wall, "Actions")
        for who in PEOPLE:
            page = people[who].page
            people[who].step("Actions")
            # on a phone every field lies whole inside its form (a field 2 px too wide lost its right border)
            assert not page.evaluate(_STICKING_OUT), who
            page.fill(".kit-action-action textarea", f"Book five first meetings ({who})")
            page.fill(".kit-action-due input", "2026-10-15")
            page.click(".kit-action-submit")
            page.wait_for_selector(f".kit-action-entries:has-text('({who})')", timeout=20_000)
            _click_level(page, "kit-room-pulse-closing-score", "5 ·")
            page.click(".kit-room-pulse-closing-submit")
            page.wait_for_selector(".kit-room-pulse-closing:has-text('your answer is in')", timeout=20_000)
        _wait_count(wall, "4 of 7 have answered the closing pulse")

        # a reload gets the person's page back with what they entered
        tom.reload()
        tom.wait_for_selector(".kit-room-pulse-closing:has-text('your answer is in')", timeout=60_000)
        assert "Book five first meetings (tom)" in tom.inner_text(".kit-action-entries")

        # nobody received what they may not see: not in the page, not over the websocket
        for who in PEOPLE:
            got = people[who].received()
            for marker in FORBIDDEN[who]:
                if marker in (MARK["tom_item"], MARK["aisha_item"]):
                    continue  # revealed items are the team's (checked before the reveal above)
                assert marker not in got, f"{who}'s page received {marker}"
        seen_wall = wall.content() + "\n".join(wall_frames)
        for marker in WALL_FORBIDDEN:
            assert marker not in seen_wall, f"the wall received {marker}"
        assert "(private)" in seen_wall and "(manager only)" in seen_wall

        # a wrong link gets a polite page with no data
        stranger = browser.new_context().new_page()
        stranger.goto(room["base"] + "/?k=not-a-real-link")
        stranger.wait_for_selector(".kit-polite", timeout=60_000)
        text = stranger.inner_text("body")
        assert "Ask the facilitator" in text and "North" not in text and "Tom" not in text
        browser.close()

    # the store holds exactly what was entered
    with open_engagement(store) as eng:
        pulse = eng.pulse(session_id=SID)
        assert sorted(pulse[pulse["phase"] == "opening"]["score"]) == [3, 4, 4, 5]
        assert sorted(pulse[pulse["phase"] == "closing"]["score"]) == [5, 5, 5, 5]
        assert pulse["respondent_id"].isna().all()  # anonymous: stored without respondent
        goals = eng.goals(session_id=SID).set_index("goal")
        assert goals.loc[MARK["tom_private"], ["member_id", "visibility"]].tolist() == ["tom", "private"]
        assert goals.loc[MARK["aisha_manager"], ["member_id", "visibility"]].tolist() == ["aisha", "manager"]
        assert goals.loc[MARK["jake_team"], ["member_id", "visibility"]].tolist() == ["jake", "team"]
        accounts = eng.table("accounts", session_id=SID).set_index("account")
        assert accounts.loc[MARK["tom_account"], ["member_id", "visibility"]].tolist() == ["tom", "private"]
        assert accounts.loc["Harbor Logistics Inc.", ["member_id", "visibility"]].tolist() == ["jake", "team"]
        c = eng.commitments(session_id=SID)
        assert c[["member_id", "annual_commitment"]].values.tolist() == [["tom", 900000]]
        swot = eng.swot(session_id=SID).set_index("text")
        assert swot.loc[MARK["tom_item"], "author_id"] is None or swot.loc[MARK["tom_item"], "author_id"] != "tom"
        assert swot.loc[MARK["aisha_item"], "author_id"] == "aisha"
        votes = eng.swot_votes(session_id=SID)
        assert int(votes[votes["item_id"] == item]["dots"].sum()) == 4  # four devices at once: none lost
        assert int(votes["dots"].sum()) == 5
        kv = eng.kpi_votes(session_id=SID)
        assert sorted(kv["voter_id"]) == sorted(PEOPLE) and set(kv["kpi_id"]) == {"new_meetings"}
        rp = eng.roleplay(session_id=SID)
        n_criteria = len(eng.rubrics()["discovery_call"]["criteria"])
        assert len(rp) == 4 * n_criteria and set(rp["seller_id"]) == {"tom"}
        assert dict(rp.groupby("rater_id")["rater_role"].first()) == {
            "tom": "self",
            "aisha": "peer",
            "jake": "peer",
            "dana": "manager",
        }
        acts = eng.actions(session_id=SID)
        assert sorted(acts["owner_id"]) == sorted(PEOPLE)

    # the reports rendered after the room show what was entered there, privately as before
    out = room["tmp"] / "reports"
    cmd = [sys.executable, "-m", "kit", "report", str(store), "--out", str(out), "--team", "north", "--session", SID]
    subprocess.run(cmd, check=True, capture_output=True)
    team_html = next(out.rglob("team.html")).read_text()
    assert MARK["jake_team"] in team_html and MARK["tom_item"] in team_html
    assert MARK["tom_private"] not in team_html and MARK["aisha_comment"] not in team_html
    assert "Harbor Logistics Inc." in team_html and MARK["tom_account"] not in team_html

    # Ctrl+C stops the room and leaves nothing running
    proc = room["proc"]
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert left == []
