"""Benchmark of one form submit (a personal goal, a dot vote) at 1, 10 and 100 synthetic teams, in the same run.

A write checks only the rows it touches and the rows around them (its session, its team, the members it names),
so its time should not grow with the store: the 1-team time is the baseline, and the target is under 50 ms at
100 teams and flat from 10 to 100. Each store is made the way a user makes one (`workshop-kit sample --teams N`,
then `workshop-kit import`); each submit goes through the form code the notebooks use (validation, the write in
one transaction, and the refresh of the list under the form). Times are the median of REPEATS submits.

Run with `make bench-writes` (also part of `make bench`).
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kit import open_engagement
from kit._schema import SESSION_TABLES
from kit.forms import goal_form, swot_vote_form

SIZES = (1, 10, 100)
REPEATS = 25
TARGET_MS = 50
BIN = Path(sys.executable).parent


def _cli(*args):
    subprocess.run([str(BIN / "python"), "-m", "kit", *map(str, args)], check=True, capture_output=True, text=True)


def prepare(teams, tmp):
    """A store of ``teams`` synthetic teams, its row count, and its four timed actions."""
    folder, store = Path(tmp) / f"sample{teams}", Path(tmp) / f"sample{teams}.db"
    _cli("sample", "--teams", teams, "--seed", 1, "--out", folder)
    _cli("import", folder, store)
    eng = open_engagement(store)
    rows = sum(len(eng.table(name)) for name in SESSION_TABLES + ["kpi_actuals"])
    eng.set_settings(dot_budget=10_000)  # room for every repeat's dot
    session = "t001-s1"  # the first team's kickoff: every size has it, with the same rows
    goals = goal_form(eng, session_id=session)
    votes = swot_vote_form(eng, session_id=session, reveal=True)
    items = [v for _, v in votes.choices()]

    def goal(i):
        goals.inputs["member_id"].value = "t001-m01"
        goals.inputs["goal"].value = f"Benchmark goal {i}"
        goals.inputs["category"].value = "career"
        goals.inputs["visibility"].value = "team"
        return goals.submit()

    def vote(i):
        votes.voter.value = "t001-m02"
        return votes.add(items[i % len(items)])

    def goal_write(i):  # the store's part of a goal submit: the checked write in one transaction
        eng.add(
            "goals",
            dict(session_id=session, member_id="t001-m01", goal=f"Write {i}", category="career", visibility="team"),
        )
        return True

    def vote_write(i):
        eng.add_dots("swot_votes", dict(session_id=session, item_id="i01", voter_id="t001-m03"), 1)
        return True

    return eng, rows, [goal, vote, goal_write, vote_write]


def _timed(action, i):
    start = time.perf_counter()
    if not action(i):
        raise SystemExit("a submit was refused; the benchmark's data is wrong")
    return (time.perf_counter() - start) * 1000


def main():
    with tempfile.TemporaryDirectory(prefix="write-bench-") as tmp:
        prepared = {n: prepare(n, tmp) for n in SIZES}
        times = {n: [[] for _ in actions] for n, (_, _, actions) in prepared.items()}
        for i in range(REPEATS + 1):  # sizes in turn, so that whatever else the machine does hits them alike
            for n, (_, _, actions) in prepared.items():
                for k, action in enumerate(actions):
                    ms = _timed(action, i)
                    if i:  # the first round warms up imports and caches
                        times[n][k].append(ms)
        results = {n: (prepared[n][1], *(statistics.median(t) for t in times[n])) for n in SIZES}
        for eng, _, _ in prepared.values():
            eng.close()
    base_goal, base_vote = results[SIZES[0]][1], results[SIZES[0]][2]
    print(f"One form submit (median of {REPEATS}), synthetic engagements made with 'workshop-kit sample':")
    print(
        f"{'teams':>6} {'rows':>8} {'goal submit':>12} {'vs 1 team':>10} {'vote submit':>12} {'vs 1 team':>10}"
        f" {'of which the write: goal':>25} {'vote':>8}"
    )
    for n, (rows, goal, vote, gw, vw) in results.items():
        print(
            f"{n:>6} {rows:>8,} {goal:>9.1f} ms {goal / base_goal:>9.2f}x {vote:>9.1f} ms {vote / base_vote:>9.2f}x"
            f" {gw:>22.1f} ms {vw:>5.1f} ms"
        )
    big, mid = results[SIZES[-1]], results[SIZES[-2]]
    worst = max(big[1], big[2])
    growth = max(big[1] / mid[1], big[2] / mid[2])
    print(
        f"At {SIZES[-1]} teams the slower submit takes {worst:.1f} ms (target under {TARGET_MS} ms: "
        f"{'met' if worst < TARGET_MS else 'NOT met'}); from {SIZES[-2]} to {SIZES[-1]} teams it changes "
        f"{growth:.2f}x (flat is about 1x)."
    )


if __name__ == "__main__":
    main()
