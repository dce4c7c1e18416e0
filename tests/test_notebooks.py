"""The workshop notebooks: how they are committed (paired with a py:percent script, no outputs, the facilitator
script folded away, no words that only make sense with the code showing), and that every notebook runs top to
bottom under papermill for every session of sample_data and for a brand-new empty session, without a planted
private goal, manager-only goal or role-play comment reaching an output or a widget's saved state.

The figures the notebooks show are checked by hand in tests/test_workshop.py, against the same Workshop methods.
"""

import csv
import json
import os
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jupytext
import pytest

from conftest import ROOT, SAMPLE

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
NB_DIR = ROOT / "notebooks"

# Planted in a copy of sample_data: none may reach a notebook shown to the room (the wall).
PRIVATE = "PRIVATE-MARKER-7f3a"
MANAGER_ONLY = "MANAGER-ONLY-MARKER-91c2"
COMMENT = "ROLEPLAY-COMMENT-MARKER-55d0"
COACH = "COACHING-NOTE-MARKER-3b7e"  # a coaching note: that manager and that seller only
TALK = "CONVERSATION-MARKER-c41d"  # a documented conversation: that manager and that seller only
MARKERS = (PRIVATE, MANAGER_ONLY, COMMENT, COACH, TALK)
NEW_SESSION = dict(session_id="north-2026-07", team_id="north", date="2026-07-14", kind="review")
SESSIONS = [
    ("north", "north-2026-01"),
    ("north", "north-2026-04"),
    ("south", "south-2026-01"),
    ("south", "south-2026-04"),
    ("north", NEW_SESSION["session_id"]),
]


def test_the_notebooks_are_the_steps_in_workshop_order():
    from kit.steps import STEPS

    assert [p.stem for p in NOTEBOOKS] == [s.notebook for s in STEPS]
    assert [p.stem[:3] for p in NOTEBOOKS] == ["00_", "01_", "01b", "02_", "03_", "04_", "05_", "06_"]


def _code(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS + [ROOT / "templates" / "report.ipynb"], ids=lambda p: p.stem)
def test_how_each_notebook_is_committed(path):
    nb = json.loads(path.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"  # one kernel name everywhere
    code = _code(nb)
    assert "parameters" in code[0]["metadata"].get("tags", [])
    for c in code:  # committed without outputs: the expected figures live in tests/test_workshop.py
        assert not c.get("outputs") and c.get("execution_count") is None, "".join(c["source"])
        assert not [t for t in c["metadata"].get("tags", []) if t.startswith("nbval")]
    if path.parent.name != "notebooks":
        return
    intro = "".join(nb["cells"][0]["source"])
    for part in ("What you'll do", "What you'll need", "How long it takes", "Facilitator script"):
        assert part in intro, (path.name, part)
    # the facilitator script folds away, closed unless someone opens it: it is not projected
    assert re.search(r"<details>\s*<summary>.*Facilitator script.*</summary>", intro), path.name
    assert "<details open" not in intro
    assert intro.index("<details>") < intro.index("Facilitator script") < intro.index("</details>")
    assert 'audience = "wall"' in "".join(code[0]["source"])
    for c in code[1:]:  # thin cells: one kit call, a few lines at most
        assert len("".join(c["source"]).splitlines()) <= 4, "".join(c["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_app_mode_never_asks_to_run_cells_or_edit_parameters(path):
    """Voilà shows the markdown and the outputs, never the code: no words about cells or parameters."""
    nb = json.loads(path.read_text())
    prose = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown").lower()
    for words in (
        "run the cell",
        "run all",
        "run ▸",
        "parameters cell",
        "the cell below",
        "the cells below",
        "shift+enter",
        "restart the kernel",
    ):
        assert words not in prose, (path.name, words)


def test_every_notebook_is_paired_with_its_percent_script():
    config = (ROOT / "jupytext.toml").read_text()
    assert re.search(r'^formats\s*=\s*"ipynb,py:percent"', config, re.M)
    for path in NOTEBOOKS:
        script = path.with_suffix(".py")
        assert script.exists(), f"{script.name} is missing: run jupytext --sync {path.relative_to(ROOT)}"
        a, b = jupytext.read(path), jupytext.read(script)

        def cells(nb):
            return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in nb.cells]

        assert cells(a) == cells(b), f"{path.name} and {script.name} differ: run jupytext --sync"
        assert script.read_text().count("# %%") == len(a.cells)


# ---------------------------------------------------------------- every notebook, every session, no leak


def _plant(dest):
    """A copy of sample_data with marker goals (private and manager-only, at both kickoffs, so they carry into the
    reviews and the new session) and a marker comment on one rating per session."""
    shutil.copytree(SAMPLE, dest)
    with open(dest / "goals.csv", "a", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for sid, private_owner, manager_owner in (
            ("north-2026-01", "tom", "marcus"),
            ("south-2026-01", "diego", "grace"),
        ):
            w.writerow([sid, private_owner, f"{PRIVATE} pay off the boat", "financial", "private"])
            w.writerow([sid, manager_owner, f"{MANAGER_ONLY} move to London", "career", "manager"])
    with open(dest / "accounts.csv", "a", newline="", encoding="utf-8") as f:  # target accounts kept as their goals
        w = csv.writer(f)
        for sid, private_owner, manager_owner in (
            ("north-2026-01", "aisha", "jake"),
            ("south-2026-01", "diego", "grace"),
        ):
            w.writerow([sid, private_owner, f"{PRIVATE} Boatworks", "a tip from my brother", "private", "", ""])
            w.writerow([sid, manager_owner, f"{MANAGER_ONLY} Holdings", "", "manager", "", ""])
    with open(dest / "coaching.csv", "a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow(["2026-03-20", "dana", "jake", 25, "joint_call", f"{COACH} pricing call"])
    with open(dest / "conversations.csv", "a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow(["2026-03-25", "dana", "elena", "other", f"{TALK} family leave", "", ""])
    path = dest / "roleplay.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0])
    marked = set()
    for r in rows:
        if r["session_id"] not in marked and r["rater_role"] != "self":
            r["comment"] = f"{COMMENT} froze at the price question"
            marked.add(r["session_id"])
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    return dest


_WORKER = {}


def _start_kernel(folder):
    """In each worker process: one kernel for all its notebooks (reset between them), as the report batch does."""
    from multiprocessing.util import Finalize

    from jupyter_client.manager import KernelManager

    from kit._batch import _engine

    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(folder) / f"kernel-{os.getpid()}"))
    km.start_kernel(cwd=str(NB_DIR))
    _WORKER.update(km=km, engine=_engine())
    Finalize(None, km.shutdown_kernel, kwargs=dict(now=True), exitpriority=10)  # the worker leaves no kernel


def _execute(job):
    """Run one notebook for one team-session in this worker's kernel, its namespace emptied first."""
    import papermill

    nb, out, params = job
    km = _WORKER["km"]
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        kc.execute_interactive("get_ipython().run_line_magic('reset', '-f')", timeout=60)
    finally:
        kc.stop_channels()
    t = time.perf_counter()
    try:
        papermill.execute_notebook(
            nb,
            out,
            parameters=params,
            kernel_name="python3",
            km=km,
            cwd=str(NB_DIR),
            engine_name=_WORKER["engine"],
            progress_bar=False,
            request_save_on_cell_execute=False,
        )
    except Exception as e:  # reported with the notebook and session by the test
        return out, f"{type(e).__name__}: {str(e)[-1500:]}", time.perf_counter() - t
    return out, None, time.perf_counter() - t


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Every notebook run for every session of sample_data (with the markers planted) and a brand-new empty
    session, in two worker processes; {(session_id, notebook name): executed notebook path}."""
    from kit._workshop import start

    tmp = tmp_path_factory.mktemp("notebooks")
    store = tmp / "engagement.db"
    with start(store, import_from=_plant(tmp / "planted")) as eng:
        eng.add("sessions", NEW_SESSION)
    jobs, where = [], {}
    for team_id, session_id in SESSIONS:
        for nb in NOTEBOOKS:
            params = dict(engagement=str(store), team_id=team_id, session_id=session_id, audience="wall")
            if nb.name.startswith("00_"):
                params["import_from"] = ""
            out = tmp / f"{session_id}-{nb.name}"
            jobs.append((str(nb), str(out), params))
            where[(session_id, nb.name)] = out
    t = time.perf_counter()
    with ProcessPoolExecutor(2, initializer=_start_kernel, initargs=(str(tmp),)) as pool:
        results = list(pool.map(_execute, jobs))
    failures = [f"{Path(out).name}: {err}" for out, err, _ in results if err]
    print(
        f"\n{len(jobs)} notebook runs in {time.perf_counter() - t:.1f} s (slowest {max(s for *_, s in results):.1f} s)"
    )
    return where, failures


def test_every_notebook_runs_for_every_session_and_a_new_one(executed):
    where, failures = executed
    assert not failures, "\n\n".join(failures)
    assert len(where) == len(SESSIONS) * len(NOTEBOOKS)
    for (session_id, name), path in where.items():
        nb = json.loads(path.read_text())
        errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, (session_id, name, errors)


def test_no_private_manager_only_or_individual_text_reaches_the_wall(executed):
    where, failures = executed
    assert where and not failures
    for (session_id, name), path in where.items():
        text = path.read_text()
        nb = json.loads(text)
        assert "widgets" in nb["metadata"], (session_id, name)  # the saved widget state is searched too
        for marker in MARKERS:
            assert marker not in text, (marker, session_id, name)
        for header in ("Score from others", "Offset from the others", "Self score"):  # the manager's view only
            assert header not in text, (header, session_id, name)


def test_the_markers_are_there_to_be_found(tmp_path):
    """The privacy test would pass vacuously if the markers were never loaded: the manager's view shows two."""
    from kit._workshop import start, workshop

    with start(tmp_path / "e.db", import_from=_plant(tmp_path / "planted")) as eng:
        ws = workshop(eng, "north", "north-2026-01", audience="manager")
        assert COMMENT in ws.roleplay_comments().text()
        wall = workshop(eng, "north", "north-2026-01")
        assert (
            COMMENT not in wall.roleplay_comments().text()
            and "Not shared with the room" in wall.goals_by_category().text()
        )
        review = workshop(eng, "north", "north-2026-04", audience="manager")
        assert TALK in review.conversations().html()
        assert COACH in review.coaching_form().list.value
        wall = workshop(eng, "north", "north-2026-04")
        assert TALK not in wall.conversations().html() and COACH not in str(wall.coaching_form())
        accounts = workshop(eng, "north", "north-2026-04", audience="manager").accounts_list().text()
        assert MANAGER_ONLY in accounts and PRIVATE not in accounts  # carried into the review, as their seller chose
        assert MANAGER_ONLY not in workshop(eng, "north", "north-2026-04").accounts_list().text()
        goals = eng.goals(session_id="north-2026-01")
        assert goals["goal"].str.contains(PRIVATE).sum() == 1 and goals["goal"].str.contains(MANAGER_ONLY).sum() == 1


def _outputs_text(path):
    nb = json.loads(Path(path).read_text())
    return "\n".join(json.dumps(o) for c in nb["cells"] for o in c.get("outputs", []))


def test_a_review_shows_what_was_agreed_earlier(executed):
    where, failures = executed
    assert not failures
    goals = _outputs_text(where[("south-2026-04", "01_personal_goals.ipynb")])  # 3 of 5 sellers revisited theirs
    assert "As agreed at the session of 22 Jan 2026 (kickoff)" in goals and "revisited today" in goals
    swot = _outputs_text(where[("north-2026-04", "02_sales_swot.ipynb")])
    assert "As agreed at the session of 20 Jan 2026" in swot and "Forecast calls are guesswork" in swot
    actions = where[("north-2026-04", "05_commitments.ipynb")].read_text()  # outputs and the forms' lists
    assert "Actions from earlier sessions: 9 done, 5 open (4 overdue), 1 dropped." in actions
    assert "91 days" in actions  # open since the kickoff of 20 Jan 2026
    kpis = _outputs_text(where[("north-2026-04", "03_kpi_selection.ipynb")])
    assert "at or above target as a team" in kpis and 'class=\\"bar t-' in kpis  # the attainment chart, drawn
    tie = _outputs_text(where[("south-2026-01", "02_sales_swot.ipynb")])
    assert "four-way tie for the top priority" in tie


def test_the_review_notebook_shows_one_to_ones_only_in_the_managers_copy(tmp_path):
    """Notebook 06 executed under the manager's audience holds the coaching note and the conversation (the wall's
    copy, executed above with every other notebook, holds neither)."""
    import papermill

    from kit._workshop import start

    store = tmp_path / "e.db"
    start(store, import_from=_plant(tmp_path / "planted")).close()
    out = tmp_path / "06-manager.ipynb"
    papermill.execute_notebook(
        str(NB_DIR / "06_review.ipynb"),
        str(out),
        parameters=dict(engagement=str(store), team_id="north", session_id="north-2026-04", audience="manager"),
        kernel_name="python3",
        cwd=str(NB_DIR),
        progress_bar=False,
    )
    text = out.read_text()
    assert TALK in text and COACH in text
    assert PRIVATE not in text  # the manager's copy still never reads a private goal
