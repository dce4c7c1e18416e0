"""The self-guided app in a real browser: Playwright drives Debian's chromium against `workshop-kit open --app`
(Voilà); a personal goal typed into the page lands in the store, and a bad one shows the message and writes nothing."""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, MINIMAL, free_port
from kit import open_engagement


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make test` installs it (apt-get install chromium)")
    tmp = tmp_path_factory.mktemp("app")
    store = tmp / "engagement.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(MINIMAL)
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kit",
            "open",
            str(store),
            "--team",
            "t1",
            "--session",
            "k1",
            "--app",
            "--no-browser",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/voila/static/voila.js", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("workshop-kit open --app exited:\n" + proc.stdout.read().decode())
                time.sleep(0.5)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 2000})
            page.goto(f"{base}/voila/render/01_personal_goals.ipynb", timeout=180_000)
            page.wait_for_selector(".kit-goal-form .kit-goal-goal textarea", timeout=180_000)
            yield page, store
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _goals(store):
    with open_engagement(store) as eng:
        return eng.goals()


def test_a_goal_typed_in_the_app_lands_in_the_store(app):
    page, store = app
    page.select_option(".kit-goal-form .kit-goal-member_id select", label="Sid Three")
    page.fill(".kit-goal-form .kit-goal-goal textarea", "Buy a sailboat <for the family>")
    page.select_option(".kit-goal-form .kit-goal-visibility select", label="only me (private)")
    page.click(".kit-goal-form .kit-goal-submit")
    page.wait_for_selector(".kit-goal-form .kit-message .kit-ok", timeout=30_000)
    g = _goals(store)
    row = g[g["goal"] == "Buy a sailboat <for the family>"]
    assert row[["member_id", "visibility"]].values.tolist() == [["s3", "private"]]
    assert "Buy a sailboat" not in page.inner_text(".kit-goal-form .kit-goal-list")  # private: not on the wall


def test_a_bad_goal_shows_the_message_and_writes_nothing(app):
    page, store = app
    before = len(_goals(store))
    page.fill(".kit-goal-form .kit-goal-goal textarea", "")
    page.click(".kit-goal-form .kit-goal-submit")
    page.wait_for_selector(".kit-goal-form .kit-message .kit-error", timeout=30_000)
    text = page.inner_text(".kit-goal-form .kit-message")
    assert "Not saved" in text and "Personal goal: is empty; write some text" in text and "column" not in text
    assert len(_goals(store)) == before
