"""Benchmark of the room (`workshop-kit room`, one Solara process for every page) against today's per-page Voilà
app (`workshop-kit open --app`, one kernel per page view), measured in the same run for 30 participants.

The store is made the way a user makes one (`workshop-kit sample --teams 1 --sellers 29`, then `workshop-kit
import`): one team of 29 sellers and a manager. The opening pulse and the SWOT dots the sample already holds for
the team's first session are cleared through the store first, so that the wall counts from 0 and every voter has
their whole budget. For each server the 30 participants open their page one after another (on 2 cores, 30 pages
opened at the same instant measure chromium, not the server), each in its own browser context at a phone's size,
and every page stays open. A join is timed from navigation until its form is usable; its cost is the CPU time of
the server's whole process tree (the server and its descendants: Voilà's kernels are its children) from before
the navigation until the tree is quiet again. Memory is the tree's summed RSS with all 30 pages connected.

In the room only: the wall's latency (a participant sends the opening pulse; how long until the wall's count
shows it) and the dots lost when all 30 press the same + at the same instant (each page's click scheduled for one
moment of the shared clock). Voilà's pages cannot be measured so: each is its own kernel and sees nobody's writes.

Run with `make bench-room` (a few minutes; needs Debian's chromium). A benchmark, not a test: it exits 0 and
says FAIL beside a target it misses.
"""

import csv
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from kit import open_engagement

SELLERS = 29
PEOPLE = SELLERS + 1
WALL_SUBMITS = 5
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
SCREEN = {"width": 1280, "height": 800}
ROOM_READY = ".kit-room-pulse-opening-submit"
VOILA_READY = ".kit-goal-form .kit-goal-goal textarea"
VOILA_PAGE = "/voila/render/01_personal_goals.ipynb"
IDLE = 5  # seconds of nobody doing anything, with every page connected, to measure the server's idle CPU
PAGE_TIMEOUT = 120  # seconds for one page to become usable before the server is given up on
BASELINE_WALL = "does not update: each page is its own kernel"
TICK = os.sysconf("SC_CLK_TCK")
# the targets: each is met when the room's figure is at most the limit
TARGETS = {"median": 2.0, "max": 3.0, "cpu": 0.3, "mem": 2048.0, "wall": 2.0, "lost": 0}

# Clicks the + of one item on one page at one moment of the browser's clock (all pages share it); returns why not.
CLICK_AT = """([cls, at]) => {
  const el = document.querySelector('.' + cls);
  const b = el && (el.tagName === 'BUTTON' ? el : el.querySelector('button'));
  if (!b) return 'no button .' + cls;
  if (b.disabled) return 'the button is disabled';
  setTimeout(() => { window.__kitClickedAt = Date.now(); b.click(); }, Math.max(0, at - Date.now()));
  return '';
}"""


# ---------------------------------------------------------------- the server's process tree, from /proc
def _stat(pid):
    """(ppid, pgid, utime+stime in ticks, start time, state) of one process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            rest = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(rest[1]), int(rest[2]), int(rest[11]) + int(rest[12]), int(rest[19]), rest[0]


def _all():
    found = {}
    for d in os.listdir("/proc"):
        if d.isdigit() and (s := _stat(int(d))) is not None:
            found[int(d)] = s
    return found


def tree(root):
    """{pid: stat} of ``root`` and every descendant."""
    procs = _all()
    children = {}
    for pid, s in procs.items():
        children.setdefault(s[0], []).append(pid)
    out, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in procs:
            out[pid] = procs[pid]
            todo.extend(children.get(pid, []))
    return out


def cpu_seconds(root, seen=None):
    t = tree(root)
    if seen is not None:
        seen.update((pid, s[3]) for pid, s in t.items())
    return sum(s[2] for s in t.values()) / TICK


def rss_mib(root):
    total = 0
    for pid in tree(root):
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        except OSError:
            pass
    return total / 1024


def settle(root, seen, *, step=0.25, quiet=0.02, limit=15):
    """The tree's CPU seconds once it is quiet again (under ``quiet`` CPU-seconds in ``step``), or after ``limit``."""
    last, end = cpu_seconds(root, seen), time.monotonic() + limit
    while time.monotonic() < end:
        time.sleep(step)
        now = cpu_seconds(root, seen)
        if now - last < quiet:
            return now
        last = now
    return last


# ---------------------------------------------------------------- servers
def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server started as the user starts it, in a process group of its own; its output kept for a report."""

    def __init__(self, args, cwd):
        self.proc = subprocess.Popen(
            [str(BIN / "python"), "-m", "kit", *map(str, args)],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.pid = self.proc.pid
        self.lines = []
        self.seen = set()  # (pid, start time) of every process ever seen in the tree
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    def output(self, last=40):
        return "".join(self.lines[-last:]) or "(no output)\n"

    def wait_for_line(self, words, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(words in line for line in self.lines):
                return
            if self.proc.poll() is not None:
                time.sleep(0.2)  # the last lines
                raise RuntimeError(f"the server exited ({self.proc.returncode}):\n{self.output()}")
            time.sleep(0.1)
        raise RuntimeError(f"no line with {words!r} in {timeout} s:\n{self.output()}")

    def stop(self):
        """Ctrl+C to its process group, then a kill after 30 s; returns how it stopped and what was left running."""
        cpu_seconds(self.pid, self.seen)
        if self.proc.poll() is not None:
            self._reader.join(timeout=2)
            how = f"had already exited ({self.proc.returncode}) before Ctrl+C; its last words:\n{self.output(10)}"
            left = self._left(grace=10)
            return how, len(left), len(left)
        start = time.perf_counter()
        try:
            os.killpg(self.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        try:
            rc = self.proc.wait(timeout=30)
            how = f"stopped by Ctrl+C in {time.perf_counter() - start:.1f} s (exit {rc})"
            if rc != 0:
                self._reader.join(timeout=2)
                how += f"; its last words:\n{self.output(10)}"
        except subprocess.TimeoutExpired:
            os.killpg(self.pid, signal.SIGKILL)
            self.proc.wait()
            how = "did not stop within 30 s of Ctrl+C: killed"
        left = self._left(grace=10)
        if left:
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            how += f"; {len(left)} process(es) still running after it (pids {', '.join(map(str, left))}): killed"
        return how, len(left), len(self._left(grace=5))

    def _left(self, grace):
        """Processes of the server (ever seen in its tree, or in its process group) still running after ``grace`` s."""
        end = time.monotonic() + grace
        while True:
            procs = _all()
            left = sorted(
                pid for pid, s in procs.items() if s[4] != "Z" and ((pid, s[3]) in self.seen or s[1] == self.pid)
            )
            if not left or time.monotonic() > end:
                return left
            time.sleep(0.25)


# ---------------------------------------------------------------- the browser side
def _browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)


def join_all(browser, server, urls, ready):
    """Open every page one after another, each kept open; per join the seconds to usable and the CPU-seconds (to
    usable, and until the server is quiet again); the pages."""
    times, cpu, pages = [], [], []
    for i, url in enumerate(urls):
        page = browser.new_context(viewport=PHONE).new_page()
        before = settle(server.pid, server.seen)
        start = time.perf_counter()
        try:
            page.goto(url, timeout=PAGE_TIMEOUT * 1000)
            page.wait_for_selector(ready, timeout=PAGE_TIMEOUT * 1000)
        except Exception as e:
            try:
                text = page.inner_text("body", timeout=2000)[:600]
            except Exception:
                text = "(unreadable)"
            raise RuntimeError(
                f"page {i + 1} of {len(urls)} ({url}) was not usable ({ready}) after "
                f"{time.perf_counter() - start:.0f} s: {str(e).splitlines()[0]}\nthe page shows: {text!r}\n"
                f"the server said:\n{server.output()}"
            ) from None
        times.append(time.perf_counter() - start)
        usable = cpu_seconds(server.pid, server.seen)
        cpu.append((max(0.0, usable - before), max(0.0, settle(server.pid, server.seen) - before)))
        pages.append(page)
    return times, cpu, pages


def joins_summary(times, cpu, server, idle=IDLE):
    """The joins' figures, the tree's memory with every page connected, and its CPU while nobody does anything."""
    before, start = cpu_seconds(server.pid, server.seen), time.monotonic()
    time.sleep(idle)
    idle_rate = (cpu_seconds(server.pid, server.seen) - before) / (time.monotonic() - start)
    return dict(
        median=statistics.median(times),
        max=max(times),
        last=times[-1],
        first=times[0],
        cpu=statistics.mean(c[1] for c in cpu),
        cpu_usable=statistics.mean(c[0] for c in cpu),
        cpu_median=statistics.median(c[1] for c in cpu),
        cpu_first=cpu[0][1],
        idle=idle_rate * 60,
        mem=rss_mib(server.pid),
        procs=len(tree(server.pid)),
    )


def wall_latency(browser, wall_url, pages, store, session_id):
    """Seconds from a participant's pulse submit until the wall counts it, for the first WALL_SUBMITS pages."""
    wall = browser.new_context(viewport=SCREEN).new_page()
    start = time.perf_counter()
    wall.goto(wall_url, timeout=PAGE_TIMEOUT * 1000)
    wall.wait_for_selector(f".kit-wall-count:has-text('0 of {PEOPLE} have answered the opening pulse')", timeout=60_000)
    opened = time.perf_counter() - start
    latencies = []
    for n, page in enumerate(pages[:WALL_SUBMITS], start=1):
        page.locator(".kit-room-pulse-opening-score label", has_text="4 ·").first.click()
        start = time.perf_counter()
        page.click(ROOM_READY, no_wait_after=True)
        try:
            wall.wait_for_selector(
                f".kit-wall-count:has-text('{n} of {PEOPLE} have answered the opening pulse')", timeout=20_000
            )
            latencies.append(time.perf_counter() - start)
        except Exception:
            with open_engagement(store) as eng:
                stored = len(eng.pulse(session_id=session_id))
            shows = wall.inner_text(".kit-wall-count")
            raise RuntimeError(
                f"submit {n}: the wall did not show it within 20 s; it shows {shows!r}; the store has {stored} answers"
            ) from None
    return wall, opened, latencies


def dots_lost(pages, store, session_id, item):
    """All pages press the + of ``item`` at one moment; (dots lost, spread of the clicks in ms)."""
    with open_engagement(store) as eng:
        eng.set_room_state(session_id, step="swot_vote", revealed=True)
    for page in pages:
        page.wait_for_selector(".kit-room-left", timeout=30_000)
        page.wait_for_selector(f".kit-room-plus-{item}", timeout=30_000)
    with open_engagement(store) as eng:
        start_total = _dots(eng, session_id, item)
    at = time.time() * 1000 + 1500 + 20 * len(pages)  # time for every page to be told first
    refused = [r for page in pages if (r := page.evaluate(CLICK_AT, [f"kit-room-plus-{item}", at]))]
    if refused:
        raise RuntimeError(f"{len(refused)} page(s) could not click: {refused[0]}")
    time.sleep(max(0.0, (at - time.time() * 1000) / 1000) + 0.2)
    clicked = [page.evaluate("window.__kitClickedAt || null") for page in pages]
    spread = max(clicked) - min(clicked) if all(clicked) else float("nan")
    end, counted = time.monotonic() + 20, 0
    while time.monotonic() < end:
        with open_engagement(store) as eng:
            counted = _dots(eng, session_id, item) - start_total
        if counted >= len(pages):
            break
        time.sleep(0.25)
    return len(pages) - counted, spread


def _dots(eng, session_id, item):
    v = eng.swot_votes(session_id=session_id)
    return int(v.loc[v["item_id"] == item, "dots"].sum())


# ---------------------------------------------------------------- the two runs
def prepare(tmp):
    folder, store = tmp / "sample", tmp / "engagement.db"
    for args in (("sample", "--teams", 1, "--sellers", SELLERS, "--out", folder), ("import", folder, store)):
        subprocess.run(
            [str(BIN / "python"), "-m", "kit", *map(str, args)], check=True, capture_output=True, text=True, cwd=tmp
        )
    with open_engagement(store) as eng:
        team = eng.teams()["team_id"].iloc[0]
        session = eng.sessions(team_id=team).sort_values("date")["session_id"].iloc[0]
        item = eng.swot(session_id=session)["item_id"].iloc[0]
        pulse = eng.table("pulse", session_id=session)
        for row_id in pulse["row_id"]:
            eng.delete("pulse", {"row_id": int(row_id)})
        votes = eng.swot_votes(session_id=session)
        for r in votes.itertuples():
            eng.delete("swot_votes", {"session_id": r.session_id, "item_id": r.item_id, "voter_id": r.voter_id})
        people = len(eng.members(team_id=team))
    if people != PEOPLE:
        raise SystemExit(f"the sample team has {people} members, not {PEOPLE}: the benchmark's data is wrong")
    return store, team, session, item, len(pulse), len(votes)


def run_room(p, tmp, store, team, session, item):
    port, links = _free_port(), tmp / "links.csv"
    start = time.perf_counter()
    server = Server(["room", store, "--team", team, "--session", session, "--port", port, "--links", links], tmp)
    res = {}
    try:
        server.wait_for_line("Stop the room", timeout=180)
        res["start"] = time.perf_counter() - start
        wall_url = next(line.split()[-1] for line in server.lines if line.strip().startswith("Wall"))
        urls = [r["url"] for r in csv.DictReader(links.open())]
        if len(urls) != PEOPLE:
            raise RuntimeError(f"{links} has {len(urls)} links, not {PEOPLE}")
        print(f"room: started in {res['start']:.1f} s; opening {PEOPLE} pages one after another", flush=True)
        browser = _browser(p)
        try:
            times, cpu, pages = join_all(browser, server, urls, ROOM_READY)
            res.update(joins_summary(times, cpu, server))
            print(f"room: {PEOPLE} pages usable; the wall and {WALL_SUBMITS} pulse submits", flush=True)
            try:
                _, res["wall_open"], lat = wall_latency(browser, wall_url, pages, store, session)
                res["wall_median"], res["wall_max"] = statistics.median(lat), max(lat)
            except Exception as e:
                res["wall_error"] = str(e)
                print(f"room: wall latency not measured: {str(e).splitlines()[0]}", flush=True)
            print(f"room: {PEOPLE} pages press + on SWOT item {item} at the same instant", flush=True)
            try:
                res["lost"], res["spread"] = dots_lost(pages, store, session, item)
            except Exception as e:
                res["lost_error"] = str(e)
                print(f"room: dots lost not measured: {str(e).splitlines()[0]}", flush=True)
        finally:
            browser.close()
    except Exception as e:
        res["error"] = str(e)
        print(f"room: FAILED: {str(e).splitlines()[0]} (details below)", flush=True)
    finally:
        res["stop"], res["left_after_stop"], res["left"] = server.stop()
        print(f"room: {res['stop'].splitlines()[0]}", flush=True)
    return res


def run_voila(p, tmp, store, team, session):
    port = _free_port()
    start = time.perf_counter()
    server = Server(["open", store, "--team", team, "--session", session, "--app", "--no-browser", "--port", port], tmp)
    base = f"http://127.0.0.1:{port}"
    res = {}
    try:
        end = time.monotonic() + 240
        while True:
            try:
                urllib.request.urlopen(f"{base}/voila/static/voila.js", timeout=2)
                break
            except OSError:
                if server.proc.poll() is not None or time.monotonic() > end:
                    raise RuntimeError(f"Voilà did not start:\n{server.output()}") from None
                time.sleep(0.5)
        res["start"] = time.perf_counter() - start
        print(f"Voilà: started in {res['start']:.1f} s; opening {PEOPLE} pages one after another", flush=True)
        browser = _browser(p)
        try:
            times, cpu, _ = join_all(browser, server, [base + VOILA_PAGE] * PEOPLE, VOILA_READY)
            res.update(joins_summary(times, cpu, server))
        finally:
            browser.close()
    except Exception as e:
        res["error"] = str(e)
        print(f"Voilà: FAILED: {str(e).splitlines()[0]} (details below)", flush=True)
    finally:
        res["stop"], res["left_after_stop"], res["left"] = server.stop()
        print(f"Voilà: {res['stop'].splitlines()[0]}", flush=True)
    return res


# ---------------------------------------------------------------- the table
def _fmt(x, spec):
    return "—" if x is None else format(x, spec)


def _row(name, key, room, voila, spec, *, unit="", ratio=False, target=None, baseline=None):
    """One line of the table: the figure for both, their ratio, the target and whether the room meets it."""
    r, v = room.get(key), voila.get(key)
    verdict = ""
    if target is not None:
        verdict = "FAIL (not measured)" if r is None else ("PASS" if r <= target else "FAIL")
    return (
        name,
        _fmt(r, spec) + unit * (r is not None),
        baseline if baseline is not None else _fmt(v, spec) + unit * (v is not None),
        f"{r / v:.2f}x" if ratio and r is not None and v else "",
        "" if target is None else (f"≤ {target:g}{unit}" if target else "0"),
        verdict,
    )


def table(room, voila):
    """Print the figures of both servers side by side; returns the names of the targets the room misses."""
    t = TARGETS
    rows = [
        _row(
            f"usable page, median of {PEOPLE}", "median", room, voila, ".2f", unit=" s", ratio=True, target=t["median"]
        ),
        _row(f"usable page, max of {PEOPLE}", "max", room, voila, ".2f", unit=" s", target=t["max"]),
        _row("  the 1st page (nobody connected)", "first", room, voila, ".2f", unit=" s"),
        _row(f"  the {PEOPLE}th page ({PEOPLE - 1} connected)", "last", room, voila, ".2f", unit=" s"),
        _row("CPU-seconds per join (mean)", "cpu", room, voila, ".2f", ratio=True, target=t["cpu"]),
        _row("  median of the joins", "cpu_median", room, voila, ".2f"),
        _row("  of the 1st join", "cpu_first", room, voila, ".2f"),
        _row("  of the mean, until the page is usable", "cpu_usable", room, voila, ".2f"),
        _row(f"  idle, {PEOPLE} connected, per minute", "idle", room, voila, ".2f"),
        _row(f"memory, {PEOPLE} connected (MiB RSS)", "mem", room, voila, ".0f", ratio=True, target=t["mem"]),
        _row("  processes in the server's tree", "procs", room, voila, "d"),
        _row(
            f"wall updated after a submit, median of {WALL_SUBMITS}",
            "wall_median",
            room,
            voila,
            ".2f",
            unit=" s",
            baseline=BASELINE_WALL,
        ),
        _row(f"  max of {WALL_SUBMITS}", "wall_max", room, voila, ".2f", unit=" s", target=t["wall"], baseline=""),
        _row(
            f"dots lost, {PEOPLE} pressing + at once", "lost", room, voila, "d", target=t["lost"], baseline="room only"
        ),
        _row("processes left after stopping", "left", room, voila, "d", target=0),
    ]
    heads = ("figure", "room", "Voilà (today)", "room/Voilà", "target", "room")
    widths = [max(len(x[i]) for x in rows + [heads]) for i in range(len(heads))]
    widths[2] = max(len(x[2]) for x in rows + [heads] if x[1:3] != (x[1], BASELINE_WALL))  # that one may run over
    return print_table(heads, rows, widths=widths)


def print_table(heads, rows, *, widths=None):
    """Print a benchmark's table (a row's figure indented under the figure it belongs to); returns the names of the
    rows whose last column says FAIL, each with the figure it belongs to."""
    widths = widths or [max(len(x[i]) for x in rows + [heads]) for i in range(len(heads))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*heads).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line.format(*row).rstrip())
    failed, parent = [], ""
    for row in rows:
        parent = parent if row[0].startswith(" ") else row[0]
        if row[-1].startswith("FAIL"):
            failed.append(row[0] if row[0] == parent else f"{parent}: {row[0].strip()}")
    return failed


def main():
    if not Path(CHROMIUM).exists():
        raise SystemExit("chromium is missing: install it (sudo apt-get install chromium); `make test` does")
    from playwright.sync_api import sync_playwright

    print(f"Benchmark: the room vs today's per-page Voilà app, {PEOPLE} participants ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="room-bench-") as tmp:
        tmp = Path(tmp)
        store, team, session, item, cleared_pulse, cleared_votes = prepare(tmp)
        print(
            f"setup: team {team} of {PEOPLE}, session {session}; cleared {cleared_pulse} opening-pulse answers and "
            f"{cleared_votes} SWOT dot rows of the sample",
            flush=True,
        )
        with sync_playwright() as p:
            room = run_room(p, tmp, store, team, session, item)
            voila = run_voila(p, tmp, store, team, session)
    print(
        f"\n{PEOPLE} pages opened one after another (each its own browser context, 390x844, kept open); CPU and "
        "memory of the server's whole process tree; a join's CPU counted until the tree is quiet again"
    )
    failed = table(room, voila)
    notes = [
        f"started in {_fmt(room.get('start'), '.1f')} s (room, until it printed its links) and "
        f"{_fmt(voila.get('start'), '.1f')} s (Voilà, until it answered)",
        f"the wall page was usable in {_fmt(room.get('wall_open'), '.2f')} s with {PEOPLE} participants connected",
    ]
    if room.get("spread") is not None:
        notes.append(f"the {PEOPLE} clicks on + fell within {room['spread']:.0f} ms of each other (browser clock)")
    notes += [f"room: {room['stop']}", f"Voilà: {voila['stop']}"]
    for what, res in (("room", room), ("Voilà", voila)):
        for key in ("error", "wall_error", "lost_error"):
            if key in res:
                notes.append(f"{what} FAILED: {res[key]}")
    print("\n" + "\n".join(notes))
    if failed:
        print(f"\nFAIL: the room misses {len(failed)} target(s): {'; '.join(failed)}")
    else:
        print("\nPASS: the room meets every target")


if __name__ == "__main__":
    main()
