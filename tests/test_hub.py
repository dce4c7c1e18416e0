"""The hub between sessions in a real browser, across a simulated quarter (issue 22): ``workshop-kit hub`` is started
as of 10 February, then restarted as of 20 March (nothing is lost); sellers mark actions done, record a partner
check-in and add asks; the manager logs coaching and a conversation; Elena shows her numbers to the team, Jake does
not. The test checks the store, what each person's browser received (every page's DOM and websocket frames, searched
for what that person may not see), that the next review's agenda, manager report and one-pagers show what happened,
and that the kickoff's documents rendered again are the ones rendered before."""

import csv
import os
import signal
import subprocess
from pathlib import Path

import pytest
from test_room_walk import _SMALL, AXE_TAGS

from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server
from kit import open_engagement, report, session

ROOT = Path(__file__).resolve().parent.parent
KICKOFF, REVIEW = "north-2026-01", "north-2026-04"
MARK = {
    "coach": "ZQ-COACH-NOTE-elena-discovery",  # the manager's and Elena's only
    "talk": "ZQ-TALK-jake-forecast-slip",  # the manager's and Jake's only
    "jake_private": "Build a six-month emergency fund",  # Jake's private goal: nobody else's page
    "elena_manager": "Move into a strategic-accounts role",  # Elena's goal shared with the manager only
}
FORBIDDEN = {
    "elena": [MARK["talk"], MARK["jake_private"]],
    "jake": [MARK["coach"], MARK["elena_manager"]],
    "dana": [MARK["jake_private"]],
    "team": [MARK["coach"], MARK["talk"], MARK["jake_private"], MARK["elena_manager"]],
}


def start_hub(store, links, port, today):
    args = ["hub", store, "--team", "north", "--port", port, "--links", links, "--today", today]
    return start_server(args, ready="Stop the hub")


def stop(proc):
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def _kickoff(store):
    with open_engagement(store) as eng:
        s = session.load(eng, team_id="north", session_id=KICKOFF)
    return {a: report.render(report.view(s, audience=a)) for a in ("team", "manager", "member:elena", "member:jake")}


class Person:
    """One person's browser (a phone's width) and every websocket message it received."""

    def __init__(self, browser, url, who):
        self.who = who
        self.ctx = browser.new_context(viewport={"width": 390, "height": 844})
        self.page = self.ctx.new_page()
        self.frames = []
        self.page.on("websocket", lambda ws: ws.on("framereceived", lambda f: self.frames.append(str(f))))
        self.page.goto(url)
        self.page.wait_for_selector(".kit-hub", timeout=60_000)

    def saved(self, words):
        self.page.wait_for_selector(f".kit-ok:has-text('{words}')", timeout=20_000)

    def received(self):
        return self.page.content() + "\n".join(self.frames)

    def usable(self, axe):
        """No serious or critical WCAG 2.2 A/AA violation (axe-core), every tap target at least 44×44 px, nothing
        wider than the phone."""
        result = axe.run(self.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        bad = [v["id"] for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, (self.who, bad)
        assert self.page.evaluate(_SMALL) == [], self.who
        assert self.page.evaluate("() => document.documentElement.scrollWidth") <= 390, self.who


@pytest.fixture(scope="module")
def quarter(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make test` installs it (apt-get install chromium)")
    tmp = tmp_path_factory.mktemp("hub")
    store = tmp / "engagement.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(ROOT / "sample_data")
    return dict(store=store, links=tmp / "links.csv", before=_kickoff(store), port=free_port())


def test_a_quarter_between_sessions(quarter):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    axe = Axe()
    store, links, port = quarter["store"], quarter["links"], quarter["port"]
    proc, out = start_hub(store, links, port, "2026-02-10")
    urls = {r["member_id"]: r["url"] for r in csv.DictReader(links.open())}
    assert set(urls) == {"dana", "aisha", "elena", "jake", "marcus", "priya", "tom"}
    seen = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # ---- February: Elena marks her case studies done, checks in with Priya, asks, shows her numbers
            elena = Person(browser, urls["elena"], "elena")
            elena.usable(axe)
            e = elena.page
            action = e.locator(".kit-hub-action", has_text="healthcare compliance case studies")
            action.locator("input").fill("both published with marketing")
            action.locator("button.kit-hub-done").click()
            elena.saved("Marked done")
            e.locator(".kit-hub-checkin-line textarea").fill("went through my two biggest deals")
            e.locator("button.kit-hub-checkin").click()
            elena.saved("Check-in with Priya Natarajan")
            e.locator(".kit-hub-ask-text textarea").fill("Join my call with Halvorsen's CFO")
            e.locator("button.kit-hub-ask").click()
            elena.saved("Sent")
            e.locator(".kit-hub-share label", has_text="the whole team").click()
            elena.saved("the whole team")
            # ---- the manager logs coaching and a conversation
            dana = Person(browser, urls["dana"], "dana")
            dana.usable(axe)
            d = dana.page
            d.locator(".kit-hub-coach-who label", has_text="Elena Petrova").click()
            d.locator(".kit-hub-coach-minutes label", has_text="45").click()
            d.locator(".kit-hub-coach-note textarea").fill(MARK["coach"])
            d.locator("button.kit-hub-coach").click()
            dana.saved("45 minutes of one-to-one with Elena Petrova")
            d.locator(".kit-hub-talk-who label", has_text="Jake Sullivan").click()
            d.locator(".kit-hub-talk-topic label", has_text="shortfall").click()
            d.locator(".kit-hub-talk-summary textarea").fill(MARK["talk"])
            d.locator("button.kit-hub-talk").click()
            dana.saved("conversation with Jake Sullivan is recorded")
            seen["elena"], seen["dana"] = elena.received(), dana.received()
            browser.close()
    finally:
        stop(proc)

    # ---- March: the hub restarted as of 20 March; the links still work and nothing was lost
    proc, out = start_hub(store, links, port, "2026-03-20")
    assert not any("New links issued" in line for line in out)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            jake = Person(browser, urls["jake"], "jake")
            j = jake.page
            assert j.locator(".kit-hub-share label:has(input:checked)").inner_text().strip() == "my manager only"
            j.locator(".kit-hub-ask-text textarea").fill("Sit in on the Hartwell renewal")
            j.locator("button.kit-hub-ask").click()
            jake.saved("Sent")
            seen["jake"] = jake.received()
            elena = Person(browser, urls["elena"], "elena")
            assert "both published with marketing" in elena.page.content()  # after the restart
            # she rates the period's coaching (the one-to-one of 10 February), anonymously
            for crit, level in (("asks_first", "4"), ("lets_me_run", "5"), ("one_behaviour", "3"), ("follows_up", "4")):
                elena.page.locator(f".kit-hub-rate-{crit} label", has_text=level).click()
            elena.page.locator("button.kit-hub-rate").click()
            elena.saved("with nobody")
            team = Person(browser, urls["elena"].replace("/?k=", "/team?k="), "team")
            team.usable(axe)
            chosen = team.page.locator(".kit-hub-blocks table").first.inner_text()
            assert "Elena Petrova" in chosen and "Jake Sullivan" not in chosen  # shown by choice only
            seen["team"] = team.received()
            ics = team.page.request.get(urls["elena"].replace("/?k=", "/calendar.ics?k="))
            assert ics.ok and "DTSTART;VALUE=DATE:20260421" in ics.text() and "Priya Natarajan" in ics.text()
            assert team.page.request.get(urls["elena"].replace("/?k=", "/calendar.ics?k=nope")).status == 404
            browser.close()
    finally:
        stop(proc)

    # ---- nobody received what they may not see
    for who, words in FORBIDDEN.items():
        for word in words:
            assert word not in seen[who], f"{who}'s page received {word!r}"

    # ---- the store holds what happened, each change dated
    with open_engagement(store) as eng:
        h = eng.table("history")
        coaching = eng.coaching(member_id="elena")
        talks = eng.conversations(member_id="jake")
        sharing = eng.table("sharing")
        asks = eng.asks(session_id=KICKOFF)
    done = h[(h["record"] == "actions") & (h["became"] == "done") & h["was"].eq("open") & (h["date"] >= "2026-02-10")]
    done = done[~done["item_id"].isin(["a03", "a10", "a01", "a16", "a14"])]  # the sample's own history
    assert done[["date", "item_id", "note"]].values.tolist() == [["2026-02-10", "a04", "both published with marketing"]]
    assert set(h.loc[h["was"].isna(), "date"]) == {"2026-02-10", "2026-03-20"}  # a check-in and two asks added
    assert coaching[coaching["date"] == "2026-02-10"]["note"].tolist() == [MARK["coach"]]
    assert talks[talks["date"] == "2026-02-10"]["summary"].tolist() == [MARK["talk"]]
    assert sharing.values.tolist()[0][:3] == ["elena", "2026-02-10", "team"]
    assert {"Join my call with Halvorsen's CFO", "Sit in on the Hartwell renewal"} <= set(asks["ask"])
    with open_engagement(store) as eng:
        ratings = eng.table("coaching_ratings")
    assert sorted(ratings["score"]) == [3, 4, 4, 5] and ratings["rating"].nunique() == 1
    assert not ratings.astype(str).apply(lambda c: c.str.contains("elena")).any().any()  # nobody's name

    # ---- the next review shows it
    with open_engagement(store) as eng:
        r = session.load(eng, team_id="north", session_id=REVIEW)
    agenda = report.render(report.agenda(r))
    assert "What changed" in agenda and "both published with marketing" in agenda
    assert "Check-in with Priya Natarajan: went through my two biggest deals" in agenda
    assert "(nan)" not in agenda and "(None)" not in agenda
    manager = report.render(report.view(r, audience="manager"))
    assert "Join my call with Halvorsen" in manager
    one = report.render(report.view(r, audience="member:elena"))
    assert "Join my call with Halvorsen" in one
    from kit.steps.review import model as review

    p = review.promises(r).set_index(["action_id", "member_id"])
    assert p.loc[("a07", "elena"), "logged"] == 30 + 45  # the sample's 30 minutes and the 45 logged on the hub

    # ---- the kickoff's documents are the ones handed out in January
    assert _kickoff(store) == quarter["before"]
