"""The workshop notebooks: how they are committed, and that each runs top to bottom against sample_data
under nbval (parameters injected here), with the tables of numbers checked strictly."""

import json
import subprocess
import sys

import papermill
import pytest

from conftest import ROOT, SAMPLE
from kit._workshop import start

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_six_notebooks_in_workshop_order():
    assert [p.stem[:3] for p in NOTEBOOKS] == ["00_", "01_", "02_", "03_", "04_", "05_"]


@pytest.mark.parametrize("path", NOTEBOOKS + [ROOT / "templates" / "report.ipynb"], ids=lambda p: p.stem)
def test_how_each_notebook_is_committed(path):
    nb = json.loads(path.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"  # one kernel name everywhere
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    for c in code:
        if c.get("outputs"):  # only the cells nbval checks strictly keep their outputs
            assert "nbval-check-output" in c["metadata"].get("tags", []), "".join(c["source"])
    if path.parent.name == "notebooks":
        intro = "".join(nb["cells"][0]["source"])
        for part in ("What you'll do", "What you'll need", "How long it takes", "Facilitator script"):
            assert part in intro, (path.name, part)
        for c in code[1:]:  # thin cells: one kit call, a few lines at most
            assert len("".join(c["source"]).splitlines()) <= 4, "".join(c["source"])


def test_every_notebook_runs_against_the_sample(tmp_path):
    store = tmp_path / "engagement.db"
    start(store, import_from=SAMPLE).close()
    copies = []
    for nb in NOTEBOOKS:
        params = dict(engagement=str(store), team_id="north", session_id="north-2026-01")
        if nb.name.startswith("00_"):
            params["import_from"] = ""
        out = tmp_path / nb.name
        papermill.execute_notebook(str(nb), str(out), parameters=params, prepare_only=True, progress_bar=False)
        copies.append(out)
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                        "--nbval-current-env", *map(str, copies)], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stdout[-4000:]
    checked = sum(json.loads(p.read_text())["cells"].__len__() and sum(
        1 for c in json.loads(p.read_text())["cells"] if "nbval-check-output" in c["metadata"].get("tags", []))
        for p in copies)
    assert checked >= 10
    assert " passed" in r.stdout and "failed" not in r.stdout
