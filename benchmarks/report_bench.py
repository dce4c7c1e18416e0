"""Benchmark of `workshop-kit report` against the naive way, measured in the same run.

The naive way is what a user would otherwise script: for each document, one `papermill` command on
the report notebook (with that document's audience) and one `jupyter nbconvert --to html --no-input`
command. It is timed on a few documents and extrapolated.

The floor is the least any route can take: the same documents made by plain Python calls, no papermill, no
notebook, no kernel: each team-session's (`kit.report.load` and `write_documents`) in as many worker processes as
the kit uses, then summary.csv's figures, results.xlsx and the roll-up. The kit's time over the floor is what
running each team-session as a parameterized notebook costs (and deciding what may be skipped: the kit
fingerprints every team-session's data first). The readout deck is timed per deck, in-process.

Memory is the peak of the whole process tree (the batch, its workers and their kernels), as proportional set size
(PSS: pages shared between the forked workers counted once, not once per process), sampled every 200 ms.

Run with `make bench`.
"""

import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from kit import open_engagement
from kit._batch import TEMPLATE, render_reports
from kit.sample import write_sample

BIN = Path(sys.executable).parent


class PeakMemory:
    """Peak of the summed PSS of this process and all its descendants, sampled in a thread."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me] + me.children(recursive=True):
                try:
                    total += p.memory_full_info().pss
                except (psutil.Error, AttributeError):
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def ours(store, out, *, formats=("html",)):
    with PeakMemory() as mem:
        start = time.perf_counter()
        jobs = render_reports(store, out, formats=formats, force=True, progress=False)
        seconds = time.perf_counter() - start
    failed = [j for j in jobs if j.error]
    if failed:
        raise SystemExit(f"benchmark run failed: {failed[0].error}")
    docs = sum(1 for p in Path(out).rglob("*.html") if p.name != "index.html")
    return docs, seconds, mem.peak


def _floor_one(args):
    store, out, team_id, session_id, formats = args
    from kit import report

    with open_engagement(store, readonly=True) as eng:
        s = report.load(eng, team_id=team_id, session_id=session_id)
        report.write_documents(s, Path(out) / team_id / session_id, formats=formats)


def floor(store, out, *, formats=("html",), jobs=None):
    """Seconds to render the same documents with plain Python calls: the team-sessions' in ``jobs`` processes,
    then summary.csv's figures, results.xlsx and the roll-up in this one."""
    from kit._batch import _engagement_figures
    from kit.report.rollup import render_rollup
    from kit.workbook import write_workbook

    with open_engagement(store, readonly=True) as eng:
        pairs = list(eng.sessions()[["team_id", "session_id"]].itertuples(index=False))
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs or os.cpu_count()) as pool:
        pool.map(_floor_one, [(str(store), str(out), t, s, formats) for t, s in pairs], chunksize=1)
    figures, sheets, view = _engagement_figures(store, sorted(s for _, s in pairs))
    with open_engagement(store, readonly=True) as eng:
        write_workbook(eng, Path(out) / "results.xlsx", sheets=sheets)
    (Path(out) / "engagement.html").write_text(render_rollup(view), encoding="utf-8")
    return time.perf_counter() - start


def decks(store, n=10):
    """Seconds per readout deck (in-process, after one warm-up), over the first ``n`` team-sessions."""
    from kit import report
    from kit.report.readout import write_readout

    times = []
    with open_engagement(store, readonly=True) as eng, tempfile.TemporaryDirectory() as tmp:
        pairs = list(eng.sessions()[["team_id", "session_id"]].itertuples(index=False))[:n]
        for i, (t, s) in enumerate([pairs[0]] + pairs):
            session = report.load(eng, team_id=t, session_id=s)
            start = time.perf_counter()
            write_readout(session, Path(tmp) / f"{i}.pptx")
            if i:
                times.append(time.perf_counter() - start)
    return statistics.mean(times)


def naive(store, team_id, session_id, member_id, tmp):
    """Seconds per document the naive way, for one team-session's team, manager and one member document."""
    times = []
    for audience, member in (("team", ""), ("manager", ""), ("member", member_id)):
        nb = Path(tmp) / f"naive_{audience}.ipynb"
        start = time.perf_counter()
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(TEMPLATE),
                str(nb),
                "--cwd",
                str(TEMPLATE.parent),
                "-p",
                "store",
                str(store),
                "-p",
                "team_id",
                team_id,
                "-p",
                "session_id",
                session_id,
                "-p",
                "audience",
                audience,
                "-p",
                "member_id",
                member,
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)], check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return statistics.mean(times), times


def make_store(teams, tmp):
    folder = Path(tmp) / f"sample{teams}"
    write_sample(folder, teams=teams, seed=1)
    store = Path(tmp) / f"sample{teams}.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(folder)
    return store


def main():
    cores = os.cpu_count()
    print(f"Benchmark: workshop-kit report vs the naive papermill + nbconvert route ({cores} cores)\n")
    with tempfile.TemporaryDirectory() as tmp:
        store10 = make_store(10, tmp)
        docs, seconds, peak10 = ours(store10, Path(tmp) / "out10")
        print(
            f"10 teams, HTML, all audiences: {docs} documents in {seconds:.1f} s = {docs / seconds:.1f} documents/s, "
            f"peak memory {peak10 / 2**20:.0f} MiB"
        )

        # before anything else loads in this process (the PDF run's WeasyPrint): the two runs compare like for like
        store40 = make_store(40, tmp)
        docs40, seconds40, peak40 = ours(store40, Path(tmp) / "out40")
        print(
            f"40 teams, HTML, all audiences: {docs40} documents in {seconds40:.1f} s = "
            f"{docs40 / seconds40:.1f} documents/s, peak memory {peak40 / 2**20:.0f} MiB "
            f"(10 teams: {peak10 / 2**20:.0f} MiB; target: under 1024 MiB and flat)"
        )

        with open_engagement(store10) as eng:
            s = eng.sessions().iloc[0]
            m = eng.members(team_id=s["team_id"])
            member = m[m["role"] == "seller"]["member_id"].iloc[0]
        per_doc, each = naive(store10, s["team_id"], s["session_id"], member, tmp)
        naive_total = per_doc * docs
        print(
            f"naive way: {', '.join(f'{t:.1f}' for t in each)} s for 3 documents = {per_doc:.2f} s per document; "
            f"for {docs} documents about {naive_total:.0f} s"
        )
        ratio = naive_total / seconds
        print(f"speed-up: {ratio:.0f}x faster than the naive way (target: at least 50x)")

        floor_seconds = floor(store10, Path(tmp) / "floor10")
        over = seconds / floor_seconds
        print(
            f"floor (plain Python calls, no papermill, {cores} processes): {floor_seconds:.1f} s for the same "
            f"documents; the kit takes {over:.2f}x the floor (target: at most 1.5x)"
        )
        per_deck = decks(store10)
        print(f"readout deck: {per_deck:.2f} s per deck, in-process (target: at most 0.3 s)")

        docs_pdf, seconds_pdf, peak_pdf = ours(store10, Path(tmp) / "out10pdf", formats=("html", "pdf"))
        added = (seconds_pdf - seconds) / docs
        print(
            f"with PDF: {docs_pdf} documents (+ as many PDFs) in {seconds_pdf:.1f} s: PDF adds {added:.2f} s per "
            f"document (target: at most 0.3 s); peak memory {peak_pdf / 2**20:.0f} MiB"
        )

        print("\nsummary")
        print(f"  documents rendered (10 teams)   {docs}")
        print(f"  documents per second            {docs / seconds:.1f}")
        print(f"  peak memory 10 / 40 teams       {peak10 / 2**20:.0f} / {peak40 / 2**20:.0f} MiB")
        print(f"  ratio against the naive way     {ratio:.0f}x   (target >= 50x)")
        print(f"  ratio against the floor         {over:.2f}x  (target <= 1.5x)")
        print(f"  PDF added per document          {added:.2f} s")
        print(f"  readout deck                    {per_deck:.2f} s  (target <= 0.3 s)")


if __name__ == "__main__":
    main()
