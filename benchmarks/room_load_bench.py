"""Benchmark of the room under a full room's load: 29 goal saves, 29 pulse answers and 30 × 7 dot presses, each
batch at the same instant, through the real server and real pages.

The store is made as `room_bench.py` makes it (`workshop-kit sample --teams 1 --sellers 29`, then `workshop-kit
import`, the opening pulse and the dots of the team's first session cleared). The room starts at the goals step
with fresh links (`--rotate`), the wall is opened, then the 30 participants open their page one after another (the
29 sellers first, the manager last), each in its own browser context at a phone's size, and every page stays open.
When 1, 10 and 30 pages are connected, the page opened last saves LOAD_SAVES goals one after another: a save's
server CPU is the CPU time of the server's process tree from before the click until the tree is quiet again, less
what the tree spends idle over the same time (measured just before).

Then three batches, each scheduled for one moment of the browser's clock (all pages share it), as the room's step
moves through the store between them (as the wall's Next step does):

- the goals step: every seller presses Save on a goal typed beforehand; confirmed when their page says "Saved." and
  lists the goal;
- the pulse step: every seller presses Send on a level chosen beforehand; confirmed when their page thanks them;
- the KPI vote: every participant presses + on 7 KPIs at once (the budget is 5 dots, so 2 presses each must be
  refused and nobody may end over the budget); a press is confirmed when its KPI shows a dot, or the page says it
  was not saved.

It prints what landed in the store, the median and maximum time from a click to its confirmation on the page
that clicked, the server's CPU-seconds per goal save with 1, 10 and 30 pages connected, the pages whose websocket
closed (connections dropped), and the worst latency of a health check (a GET of the wall page every 0.2 s from a
thread, from the first batch to the last).

Run with `make bench-room` (after `room_bench.py`; a few minutes; needs Debian's chromium), or alone:
`.venv/bin/python benchmarks/room_load_bench.py [--people N]` (fewer people for a quick look). A benchmark, not a
test: it exits 0 and says FAIL beside a target it misses.
"""

import argparse
import csv
import os
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import room_bench as rb

import kit
from kit import open_engagement

LOAD_SAVES = 9  # goal saves one after another, per measurement of a save's CPU
PRESSES = 7  # dot presses per page in the dot batch, all at once
CONFIRM_TIMEOUT = 90  # seconds for a batch's pages to show their confirmation before the rest count as unconfirmed
HEALTH_EVERY = 0.2  # seconds between two health checks
IDLE_FOR = 2.0  # seconds the server's idle CPU is measured before a save's
# the targets: the slowest confirmation, a save's CPU and its growth from 1 page to all, dropped, the health check
TARGETS = {"max": 2.0, "cpu": 0.1, "flat": 1.2, "dropped": 0, "health": 1.0}

# Arms one page: at one moment of the browser's clock, press each button of ``presses`` in order (all in the same
# instant); each press is confirmed when every [selector, text] of its ``done`` shows, or refused when its ``failed``
# selector shows. The outcome is kept in window.__kitPresses (browser clock, ms).
ARM = """([at, presses]) => {
  const q = (s) => document.querySelector(s);
  const shows = ([s, t]) => { const e = q(s); return !!e && e.textContent.includes(t); };
  for (const p of presses) if (!q(p.click)) return 'no button ' + p.click;
  const st = window.__kitPresses = presses.map(() => ({sent: null, done: null, failed: null, disabled: false}));
  const check = () => {
    const now = Date.now();
    presses.forEach((p, i) => {
      const s = st[i];
      if (s.sent === null || s.done !== null || s.failed !== null) return;
      if (p.done.every(shows)) s.done = now;
      else if (p.failed && q(p.failed)) s.failed = [now, q(p.failed).textContent.slice(0, 300)];
    });
  };
  new MutationObserver(check).observe(document.body, {childList: true, subtree: true, characterData: true});
  setTimeout(() => {
    presses.forEach((p, i) => {
      const e = q(p.click);
      const b = e && (e.tagName === 'BUTTON' ? e : e.querySelector('button'));
      if (!b || b.disabled) { st[i].disabled = true; return; }
      st[i].sent = Date.now();
      b.click();
    });
    check();
  }, Math.max(0, at - Date.now()));
  return '';
}"""
GOAL = ".kit-goal-form"
GOAL_TEXT = f"{GOAL} .kit-goal-goal textarea"
PULSE = ".kit-room-pulse-opening"


# ---------------------------------------------------------------- the health check
class Health(threading.Thread):
    """GET ``url`` every HEALTH_EVERY seconds until stopped; keeps every answer's latency (a failure counts as its
    time, and is kept)."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url, self.times, self.failures = url, [], []
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(self.url, timeout=120) as r:
                    r.read()
            except Exception as e:
                self.failures.append(str(e))
            self.times.append(time.perf_counter() - start)
            self._stop_event.wait(HEALTH_EVERY)

    def stop(self):
        self._stop_event.set()
        self.join(timeout=130)
        return max(self.times, default=None)


# ---------------------------------------------------------------- a save's CPU
def idle_rate(server, seconds=IDLE_FOR):
    """CPU-seconds per second the server's tree spends while nobody does anything."""
    before, start = rb.cpu_seconds(server.pid, server.seen), time.monotonic()
    time.sleep(seconds)
    return (rb.cpu_seconds(server.pid, server.seen) - before) / (time.monotonic() - start)


def save_cpu(server, page, connected):
    """The median CPU-seconds of the server per goal save on ``page`` (of LOAD_SAVES saves, one after another), idle
    CPU deducted."""
    rate, each = idle_rate(server), []
    for k in range(1, LOAD_SAVES + 1):
        text = f"Bench goal {k} with {connected} page(s) connected"
        page.fill(GOAL_TEXT, text)
        before, t0 = rb.settle(server.pid, server.seen), time.monotonic()
        page.click(f"{GOAL} .kit-goal-submit")
        page.wait_for_function(
            "t => { const l = document.querySelector('.kit-goal-form .kit-goal-entries'); "
            "return !!l && l.textContent.includes(t); }",
            arg=text,
            timeout=CONFIRM_TIMEOUT * 1000,
        )
        after, t1 = rb.settle(server.pid, server.seen), time.monotonic()
        each.append(after - before - rate * (t1 - t0))
    return max(0.0, statistics.median(each))


# ---------------------------------------------------------------- one batch at the same instant
def machine_cpu():
    """CPU-seconds the whole machine has spent busy (every process: the server and the browser's pages)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / rb.TICK  # less idle and iowait


class Spent:
    """The CPU the server and the whole machine spent from now until :meth:`done` (seconds of the wall clock)."""

    def __init__(self, server):
        self.server = server
        self.start = (rb.cpu_seconds(server.pid, server.seen), machine_cpu(), time.monotonic())

    def done(self):
        now = (rb.cpu_seconds(self.server.pid, self.server.seen), machine_cpu(), time.monotonic())
        return tuple(b - a for a, b in zip(self.start, now))


def batch(pages, presses_of):
    """Every page of ``pages`` presses its buttons (``presses_of(i)``) at one moment; returns per page its presses'
    outcomes (browser clock) once every press is answered, or after CONFIRM_TIMEOUT."""
    at = time.time() * 1000 + 1500 + 20 * len(pages)  # time for every page to be told first
    refused = [r for i, page in enumerate(pages) if (r := page.evaluate(ARM, [at, presses_of(i)]))]
    if refused:
        raise RuntimeError(f"{len(refused)} page(s) could not be armed: {refused[0]}")
    time.sleep(max(0.0, (at - time.time() * 1000) / 1000))
    end = time.monotonic() + CONFIRM_TIMEOUT
    while True:
        time.sleep(0.5)
        states = [page.evaluate("window.__kitPresses") for page in pages]
        pending = sum(s["done"] is None and s["failed"] is None and not s["disabled"] for ss in states for s in ss)
        if not pending or time.monotonic() > end:
            return states


def outcome(states):
    """(confirmed, refused on the page or by the server, unconfirmed, the seconds from each click to its answer,
    the first refusal's words, the spread of the pages' first clicks in ms)."""
    times, done, failed, lost, words = [], 0, 0, 0, None
    for ss in states:
        for s in ss:
            if s["disabled"]:
                failed += 1
            elif s["done"] is not None:
                done += 1
                times.append((s["done"] - s["sent"]) / 1000)
            elif s["failed"] is not None:
                failed += 1
                times.append((s["failed"][0] - s["sent"]) / 1000)
                words = words or s["failed"][1]
            else:
                lost += 1
    first = [ss[0]["sent"] for ss in states if ss and ss[0]["sent"] is not None]
    spread = max(first) - min(first) if first else None
    return done, failed, lost, times, words, spread


def _count(store, session_id, what):
    with open_engagement(store) as eng:
        if what == "goals":
            return eng.table("goals", session_id=session_id)
        if what == "pulse":
            p = eng.table("pulse", session_id=session_id)
            return int((p["phase"] == "opening").sum())
        return eng.table("kpi_votes", session_id=session_id)


def _step(store, session_id, step, pages, ready):
    """Move the room to ``step`` through the store, as the wall's Next step does; wait for every page to show it."""
    with open_engagement(store) as eng:
        eng.set_room_state(session_id, step=step)
    for page in pages:
        page.wait_for_selector(ready, timeout=60_000)


# ---------------------------------------------------------------- the run
def run_load(p, tmp, store, team, session):
    with open_engagement(store) as eng:
        votes = eng.table("kpi_votes", session_id=session)
        for r in votes.itertuples():
            eng.delete("kpi_votes", {"session_id": r.session_id, "kpi_id": r.kpi_id, "voter_id": r.voter_id})
        kpis = list(eng.kpi_catalog())[:PRESSES]
        budget = int(eng.settings.get("dot_budget") or 5)
        eng.set_room_state(session, step="goals")
    print(f"load: cleared {len(votes)} KPI dot rows of the sample; the room at the goals step", flush=True)
    port, links = rb._free_port(), tmp / "links.csv"
    server = rb.Server(
        ["room", store, "--team", team, "--session", session, "--port", port, "--links", links, "--rotate"], tmp
    )
    res = {"budget": budget, "cpu": {}, "closed": {}}
    at_counts = sorted({1, min(10, rb.PEOPLE), rb.PEOPLE})
    health = None
    try:
        server.wait_for_line("Stop the room", timeout=180)
        wall_url = next(line.split()[-1] for line in server.lines if line.strip().startswith("Wall"))
        people = list(csv.DictReader(links.open()))
        people.sort(key=lambda r: r["role"] != "seller")  # the sellers first, the manager last
        if len(people) != rb.PEOPLE:
            raise RuntimeError(f"{links} has {len(people)} links, not {rb.PEOPLE}")
        browser = rb._browser(p)
        try:
            wall = browser.new_context(viewport=rb.SCREEN).new_page()
            wall.goto(wall_url, timeout=rb.PAGE_TIMEOUT * 1000)
            wall.wait_for_selector(".kit-wall-step", timeout=rb.PAGE_TIMEOUT * 1000)
            print(f"load: the wall is open; {rb.PEOPLE} pages open one after another", flush=True)
            pages = []
            for i, person in enumerate(people):
                page = browser.new_context(viewport=rb.PHONE).new_page()
                page.on("websocket", lambda ws, i=i: ws.on("close", lambda *_: res["closed"].setdefault(i, 1)))
                page.goto(person["url"], timeout=rb.PAGE_TIMEOUT * 1000)
                page.wait_for_selector(
                    GOAL_TEXT if person["role"] == "seller" else ".kit-room-wait", timeout=rb.PAGE_TIMEOUT * 1000
                )
                pages.append(page)
                if len(pages) in at_counts:
                    saver = pages[min(len(pages), rb.SELLERS) - 1]
                    res["cpu"][len(pages)] = save_cpu(server, saver, len(pages))
                    print(
                        f"load: {len(pages)} page(s) connected: {res['cpu'][len(pages)]:.3f} CPU-seconds per goal save",
                        flush=True,
                    )
            sellers = pages[: rb.SELLERS]
            health = Health(wall_url)
            health.start()

            # the goals: every seller presses Save at once
            texts = [f"Bench goal at once from page {i + 1}." for i in range(len(sellers))]
            for page, text in zip(sellers, texts):
                page.fill(GOAL_TEXT, text)
            before = rb.settle(server.pid, server.seen)
            print(f"load: {len(sellers)} sellers press Save on a goal at the same instant", flush=True)
            spent = Spent(server)
            states = batch(
                sellers,
                lambda i: [
                    {
                        "click": f"{GOAL} .kit-goal-submit",
                        "done": [[f"{GOAL} .kit-goal-entries", texts[i]], [f"{GOAL} .kit-message", "Saved."]],
                        "failed": f"{GOAL} .kit-error",
                    }
                ],
            )
            res["goals_spent"] = spent.done()
            res["goals"] = outcome(states)
            res["goals_cpu"] = (rb.settle(server.pid, server.seen) - before) / len(sellers)
            goals = _count(store, session, "goals")
            res["goals_landed"] = int(goals["goal"].isin(texts).sum())

            # the pulse: every seller presses Send at once
            _step(store, session, "pulse", sellers, f"{PULSE} .kit-room-pulse-opening-submit")
            for page in sellers:
                page.locator(f"{PULSE} .kit-room-pulse-opening-score label", has_text="3 ·").first.click()
            pulse_before = _count(store, session, "pulse")
            before = rb.settle(server.pid, server.seen)
            print(f"load: {len(sellers)} sellers press Send on the pulse at the same instant", flush=True)
            spent = Spent(server)
            states = batch(
                sellers,
                lambda i: [
                    {
                        "click": f"{PULSE} .kit-room-pulse-opening-submit",
                        "done": [[f"{PULSE} .kit-room-done", "Thank you"]],
                        "failed": f"{PULSE} .kit-error",
                    }
                ],
            )
            res["pulse_spent"] = spent.done()
            res["pulse"] = outcome(states)
            res["pulse_cpu"] = (rb.settle(server.pid, server.seen) - before) / len(sellers)
            time.sleep(1)  # the last writes
            res["pulse_landed"] = _count(store, session, "pulse") - pulse_before

            # the KPI vote: everyone presses + at once, 7 times (a round once the last one is answered everywhere)
            _step(store, session, "kpis", pages, f".kit-room-plus-{kpis[-1]}")
            print(f"load: {len(pages)} pages press + at the same instant, {len(kpis)} times", flush=True)
            states = [[] for _ in pages]
            before = rb.settle(server.pid, server.seen)
            spent = Spent(server)
            for k in kpis:
                press = {
                    "click": f".kit-room-plus-{k}",
                    "done": [[f".kit-room-choice-{k} .kit-room-dots", "●"]],
                    "failed": ".kit-vote-kpi_votes .kit-error",
                }
                for mine, got in zip(states, batch(pages, lambda i, press=press: [press])):
                    mine.extend(got)
            res["dots_spent"] = spent.done()
            res["dots"] = outcome(states)
            sent = sum(s["sent"] is not None for ss in states for s in ss)
            res["dots_cpu"] = (rb.settle(server.pid, server.seen) - before) / max(1, sent)
            time.sleep(1)
            votes = _count(store, session, "kpi_votes")
            per_voter = votes.groupby("voter_id")["dots"].sum()
            res["dots_landed"] = int(per_voter.sum())
            res["over_budget"] = int((per_voter > budget).sum())
            res["health"] = health.stop()
            res["health_failures"] = len(health.failures)
            health = None
            wall.evaluate("1")  # lets the browser's last websocket events through
            res["dropped"] = len(res["closed"])
        finally:
            if health is not None:
                res["health"] = health.stop()
            browser.close()
    except Exception as e:
        res["error"] = str(e)
        print(f"load: FAILED: {str(e).splitlines()[0]} (details below)", flush=True)
    finally:
        res["stop"] = server.stop()[0]
        print(f"load: room {res['stop'].splitlines()[0]}", flush=True)
    return res


# ---------------------------------------------------------------- the table
def _verdict(value, limit, digits=2):
    """PASS or FAIL for the value as printed (rounded first: 0.1004 printed as 0.100 meets ≤ 0.1)."""
    if value is None:
        return "FAIL (not measured)"
    return "PASS" if round(value, digits) <= limit else "FAIL"


def table(res):
    """Print the figures; returns the names of the targets missed."""
    t, s, n = TARGETS, rb.SELLERS, rb.PEOPLE
    rows = []

    def batch_rows(key, what, landed, expected, confirm, per):
        o = res.get(key)
        got = res.get(landed)
        rows.append(
            (
                what,
                "—" if got is None else f"{got} of {expected}",
                f"{expected}",
                "FAIL (not measured)" if got is None else ("PASS" if got == expected else "FAIL"),
            )
        )
        if o is None:
            return
        done, failed, lost, times, words, spread = o
        med = statistics.median(times) if times else None
        rows.append((f"  {confirm}, median", "—" if med is None else f"{med:.2f} s", "", ""))
        top = max(times) if times else None
        if lost:
            top = None
        rows.append(
            (
                "  max" + (f" ({lost} never confirmed)" if lost else ""),
                "—" if not times else f"{max(times):.2f} s",
                f"≤ {t['max']:g} s",
                _verdict(top, t["max"]),
            )
        )
        rows.append(("  refused, on the page or by the server", str(failed), "", ""))
        if f"{key}_cpu" in res:
            rows.append((f"  CPU-seconds per {per}", f"{res[f'{key}_cpu']:.3f}", "", ""))

    batch_rows(
        "goals", f"goal saves landed, {s} at once", "goals_landed", s, 'time to "Saved." (or "Not saved")', "save"
    )
    batch_rows("pulse", f"pulse answers landed, {s} at once", "pulse_landed", s, "time to the thank-you", "answer")
    budget = res.get("budget", 5)
    expected = n * min(PRESSES, budget)
    batch_rows(
        "dots",
        f"dots landed, {n} × {PRESSES} presses at once (budget {budget})",
        "dots_landed",
        expected,
        "time to the dot shown (or refused)",
        "press sent",
    )
    over = res.get("over_budget")
    rows.append(("  voters over the budget", "—" if over is None else str(over), "0", _verdict(over, 0)))
    cpu = res.get("cpu", {})
    rows.append((f"CPU-seconds per goal save (median of {LOAD_SAVES} one after another)", "", "", ""))
    for k, v in sorted(cpu.items()):
        name = f"  {k} page{'s' * (k > 1)} connected"
        rows.append((name, f"{v:.3f}", f"≤ {t['cpu']:g}", _verdict(v, t["cpu"], 3)))
    if len(cpu) >= 2:
        first, last = cpu[min(cpu)], cpu[max(cpu)]
        ratio = last / first if first > 0 else None
        rows.append(
            (
                f"  {max(cpu)} vs {min(cpu)} connected",
                "—" if ratio is None else f"{ratio:.2f}x",
                f"≤ {t['flat']:g}x",
                _verdict(ratio, t["flat"]),
            )
        )
    dropped = res.get("dropped")
    rows.append(
        (
            "connections dropped (pages whose websocket closed)",
            "—" if dropped is None else str(dropped),
            "0",
            _verdict(dropped, t["dropped"]),
        )
    )
    h = res.get("health")
    rows.append(
        (
            f"health check (GET the wall every {HEALTH_EVERY:g} s), worst",
            "—"
            if h is None
            else f"{h:.2f} s" + (f" ({res['health_failures']} failed)" if res.get("health_failures") else ""),
            f"≤ {t['health']:g} s",
            _verdict(h, t["health"]) if not res.get("health_failures") else "FAIL",
        )
    )
    return rb.print_table(("figure", "room", "target", "room"), rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=rb.PEOPLE, help="the team's size (default 30)")
    args = parser.parse_args()
    if args.people < 2:
        raise SystemExit("--people: at least 2 (a manager and a seller)")
    rb.PEOPLE, rb.SELLERS = args.people, args.people - 1
    if not Path(rb.CHROMIUM).exists():
        raise SystemExit("chromium is missing: install it (sudo apt-get install chromium); `make test` does")
    from playwright.sync_api import sync_playwright

    print(
        f"\nBenchmark: the room under load, {rb.PEOPLE} participants saving at the same instant "
        f"({os.cpu_count()} cores; the kit in {Path(kit.__file__).parent})",
        flush=True,
    )
    start, load = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="room-load-bench-") as tmp:
        tmp = Path(tmp)
        store, team, session, _, cleared_pulse, cleared_votes = rb.prepare(tmp)
        print(
            f"setup: team {team} of {rb.PEOPLE}, session {session}; cleared {cleared_pulse} opening-pulse answers and "
            f"{cleared_votes} SWOT dot rows of the sample",
            flush=True,
        )
        with sync_playwright() as p:
            res = run_load(p, tmp, store, team, session)
    print(
        f"\nThe wall and {rb.PEOPLE} pages open (each its own browser context, 390x844, opened one after another, "
        f"kept open); each batch pressed at one moment of the browser's clock; CPU of the server's whole process tree"
    )
    failed = table(res)
    notes = []
    for key, what in (("goals", "goal saves"), ("pulse", "pulse answers"), ("dots", "dot presses")):
        if res.get(key) and res[key][5] is not None:
            notes.append(f"the {what}' first clicks fell within {res[key][5]:.0f} ms of each other (browser clock)")
    for key, what in (("goals", "goal save"), ("pulse", "pulse answer"), ("dots", "dot press")):
        if res.get(key) and res[key][4]:
            notes.append(f"the first {what} refused by the server said: {' '.join(res[key][4].split())[:200]!r}")
    for key, what in (("goals", "goal saves"), ("pulse", "pulse answers"), ("dots", "dot presses")):
        if res.get(f"{key}_spent"):
            server, machine, seconds = res[f"{key}_spent"]
            notes.append(
                f"over the {what}' {seconds:.1f} s (from arming the pages to the last answer seen) the server used "
                f"{server:.1f} CPU-seconds and the whole machine {machine:.1f} of the {seconds * os.cpu_count():.1f} "
                f"its {os.cpu_count()} cores had: the rest went to the browser's {rb.PEOPLE} pages, which phones "
                "would each run on their own"
            )
    notes.append(f"room: {res['stop']}")
    notes.append(
        f"the whole run took {time.perf_counter() - start:.0f} s; the machine's load average (1 min) was "
        f"{load:.1f} at the start and {os.getloadavg()[0]:.1f} at the end (above {os.cpu_count()}, others shared it)"
    )
    if "error" in res:
        notes.append(f"FAILED: {res['error']}")
    print("\n" + "\n".join(notes))
    if failed:
        print(f"\nFAIL: the room under load misses {len(failed)} target(s): {'; '.join(failed)}")
    else:
        print("\nPASS: the room under load meets every target")


if __name__ == "__main__":
    main()
