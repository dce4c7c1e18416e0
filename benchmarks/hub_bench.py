"""Benchmark of the hub between sessions (`workshop-kit hub`) against the room's phone page, measured in the same run
on the same store for a team of 30 (29 sellers and their manager).

The store is made the way a user makes one (`workshop-kit sample --teams 1 --sellers 29`, then `workshop-kit
import`). The baseline is the room's participant page for the team's first session (the room's own targets: a page
usable within 2 s at the median, 3 s at most, 0.3 CPU-seconds a join; `make bench-room`). The hub runs as of two
weeks after that session. For each server the 30 members open their own page one after another, each in its own
browser context at a phone's size, every page kept open. Then, with all 30 hub pages connected: each seller records a
ask of their manager one after another (time from the click to the page saying it is sent, and the server's CPU per
save), then ten others send an ask at the same instant (every one must be stored, the slowest answer timed).

Run with `make bench-hub` (a few minutes; needs Debian's chromium). A benchmark, not a test: it exits 0 and says
FAIL beside a target it misses.
"""

import csv
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from room_bench import (  # noqa: E402 (the room's benchmark's helpers: the server's process tree, joins)
    CHROMIUM,
    PEOPLE,
    ROOM_READY,
    Server,
    _browser,
    _free_port,
    join_all,
    joins_summary,
    prepare,
    print_table,
    settle,
)

from kit import open_engagement  # noqa: E402

HUB_READY = ".kit-hub .kit-hub-h"
TARGETS = {"median": 2.0, "max": 3.0, "cpu": 0.3, "save": 1.0, "burst": 3.0, "lost": 0}
SAVES = 10  # the check-ins saved one after another
BURST = 10  # the asks sent at the same instant


def run(p, tmp, args, ready, urls_of, what):
    port, links = _free_port(), tmp / f"{what}-links.csv"
    start = time.perf_counter()
    server = Server([*args, "--port", port, "--links", links], tmp)
    res, pages = {}, []
    browser = None
    try:
        server.wait_for_line("Stop the", timeout=180)
        res["start"] = time.perf_counter() - start
        urls = urls_of(links)
        print(f"{what}: started in {res['start']:.1f} s; opening {len(urls)} pages one after another", flush=True)
        browser = _browser(p)
        times, cpu, pages = join_all(browser, server, urls, ready)
        res.update(joins_summary(times, cpu, server))
        if what == "hub":
            res.update(saves(pages, server, tmp / "engagement.db"))
    except Exception as e:
        res["error"] = str(e)
        print(f"{what}: FAILED: {str(e).splitlines()[0]}", flush=True)
    finally:
        if browser is not None:
            browser.close()
        res["stop"], _, res["left"] = server.stop()
    return res


def saves(pages, server, store):
    """With every page connected: SAVES asks one after another, then BURST asks at the same instant."""
    sellers = [pg for pg in pages if pg.locator("button.kit-hub-ask").count()]
    lat, cpu = [], []
    for pg in sellers[:SAVES]:
        pg.locator(".kit-hub-ask-text textarea").fill("Join my call with the buyer's CFO")
        before = settle(server.pid, server.seen)
        start = time.perf_counter()
        pg.click("button.kit-hub-ask")
        pg.wait_for_selector(".kit-ok:has-text('Sent')", timeout=30_000)
        lat.append(time.perf_counter() - start)
        cpu.append(max(0.0, settle(server.pid, server.seen) - before))
    burst = sellers[SAVES : SAVES + BURST]
    for i, pg in enumerate(burst):
        pg.locator(".kit-hub-ask-text textarea").fill(f"bench ask {i}")
    with open_engagement(store) as eng:
        asks_before = len(eng.table("asks"))
    at = int(time.time() * 1000) + 1500
    for pg in burst:
        pg.evaluate(
            "(at) => setTimeout(() => document.querySelector('button.kit-hub-ask').click(), "
            "Math.max(0, at - Date.now()))",
            at,
        )
    time.sleep(max(0.0, at / 1000 - time.time()))  # the instant every click is made
    start = time.perf_counter()
    for pg in burst:
        pg.wait_for_selector(".kit-ok:has-text('Sent')", timeout=60_000)
    slowest = time.perf_counter() - start
    with open_engagement(store) as eng:
        stored = len(eng.table("asks")) - asks_before
    return dict(
        save_median=statistics.median(lat),
        save_max=max(lat),
        save_cpu=statistics.mean(cpu),
        burst=slowest,
        lost=len(burst) - stored,
    )


def main():
    if not Path(CHROMIUM).exists():
        raise SystemExit("chromium is missing: install it (sudo apt-get install chromium); `make test` does")
    import os

    from playwright.sync_api import sync_playwright

    print(f"Benchmark: the hub between sessions vs the room's phone page, {PEOPLE} members ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as tmp:
        tmp = Path(tmp)
        store, team, session, _item, _, _ = prepare(tmp)
        with open_engagement(store) as eng:
            first = eng.sessions(session_id=session).iloc[0]["date"]
        today = (dt.date.fromisoformat(first) + dt.timedelta(days=14)).isoformat()

        def room_urls(links):
            return [r["url"] for r in csv.DictReader(links.open())]

        with sync_playwright() as p:
            room = run(p, tmp, ["room", store, "--team", team, "--session", session], ROOM_READY, room_urls, "room")
            hub = run(p, tmp, ["hub", store, "--team", team, "--today", today], HUB_READY, room_urls, "hub")
    t = TARGETS

    def row(name, key, spec, *, unit="", ratio=False, target=None):
        h, r = hub.get(key), room.get(key)

        def f(x):
            return "-" if x is None else format(x, spec)

        verdict = ""
        if target is not None and h is not None:
            verdict = "ok" if h <= target else "FAIL"
        return (
            name,
            f(h) + (unit if h is not None else ""),
            f(r) + (unit if r is not None else ""),
            f"{h / r:.2f}" if ratio and h is not None and r else "",
            "" if target is None else (f"≤ {target:g}{unit}" if target else "0"),
            verdict,
        )

    rows = [
        row(f"usable page, median of {PEOPLE}", "median", ".2f", unit=" s", ratio=True, target=t["median"]),
        row(f"usable page, max of {PEOPLE}", "max", ".2f", unit=" s", ratio=True, target=t["max"]),
        row(f"  the {PEOPLE}th page ({PEOPLE - 1} connected)", "last", ".2f", unit=" s", ratio=True),
        row("CPU-seconds per join (mean)", "cpu", ".2f", ratio=True, target=t["cpu"]),
        row(f"  idle, {PEOPLE} connected, per minute", "idle", ".2f", ratio=True),
        row(f"memory, {PEOPLE} connected (MiB RSS)", "mem", ".0f", ratio=True),
        row(f"an ask saved, median of {SAVES} ({PEOPLE} connected)", "save_median", ".2f", unit=" s"),
        row(f"  max of {SAVES}", "save_max", ".2f", unit=" s", target=t["save"]),
        row("  CPU-seconds per save", "save_cpu", ".2f"),
        row(f"{BURST} asks sent at the same instant: the slowest", "burst", ".2f", unit=" s", target=t["burst"]),
        row("  asks lost", "lost", "d", target=t["lost"]),
        row("processes left after stopping", "left", "d", target=0),
    ]
    print(f"\n{PEOPLE} pages opened one after another (each its own browser context, 390x844, kept open)")
    failed = print_table(("figure", "hub", "room (baseline)", "hub/room", "target", "hub"), rows)
    notes = [f"hub: {hub['stop']}", f"room: {room['stop']}"]
    for what, res in (("hub", hub), ("room", room)):
        if "error" in res:
            notes.append(f"{what} FAILED: {res['error']}")
    print("\n" + "\n".join(notes))
    print(
        f"\nFAIL: the hub misses {len(failed)} target(s): {'; '.join(failed)}" if failed else "\nPASS: every target met"
    )


if __name__ == "__main__":
    main()
