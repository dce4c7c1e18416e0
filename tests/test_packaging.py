"""Set-up promises: pyproject, constraints.txt and the conda files agree; the Makefile locks with a resolver; the
CLI runs as a module and as a script; a built wheel works outside the checkout."""

import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SAMPLE
from kit.steps import STEPS

BIN = Path(sys.executable).parent


def _pins(reqs):
    out = {}
    for r in reqs:
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)$", r.strip())
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _conda_pins(path):
    """The pins of a conda environment file: its conda packages and the pinned ones it installs with pip (those
    conda-forge does not carry)."""
    env = yaml.safe_load(path.read_text())
    pip = [x for d in env["dependencies"] if isinstance(d, dict) for x in d.get("pip", []) if "==" in x]
    return _pins([d for d in env["dependencies"] if isinstance(d, str)] + pip), env


def test_environment_yml_matches_pyproject_runtime():
    project = _project()["project"]
    conda, env = _conda_pins(ROOT / "environment.yml")
    assert conda == _pins(project["dependencies"])
    py = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert project["requires-python"] == ">=" + py.split("=")[1]


def test_environment_test_yml_matches_pyproject_extras():
    extras = _project()["project"]["optional-dependencies"]
    conda, env = _conda_pins(ROOT / "environment-test.yml")
    assert conda == _pins(extras["test"] + extras["dev"])
    assert env["name"] == yaml.safe_load((ROOT / "environment.yml").read_text())["name"]  # `conda env update` target


def test_constraints_pin_what_pyproject_pins():
    pyproject = _project()
    project = pyproject["project"]
    wanted = _pins(
        project["dependencies"]
        + [r for extra in project["optional-dependencies"].values() for r in extra]
        + pyproject["build-system"]["requires"]
    )
    lock = _pins((ROOT / "constraints.txt").read_text().splitlines())
    for name, version in wanted.items():
        assert lock.get(name) == version, f"{name}: {version} in pyproject, {lock.get(name)} locked; run make lock"


def test_constraints_are_what_the_resolver_says(tmp_path):
    """constraints.txt is `make lock`'s output for today's pyproject.toml (pins kept as preferences)."""
    uv = BIN / "uv"
    if not uv.exists():
        pytest.skip("uv is not installed (make setup installs the dev extra)")
    out = tmp_path / "constraints.txt"
    shutil.copyfile(ROOT / "constraints.txt", out)
    try:
        r = subprocess.run(
            [
                str(uv),
                "pip",
                "compile",
                "pyproject.toml",
                "--all-extras",
                "--python",
                sys.executable,
                "--custom-compile-command",
                "make lock",
                "--quiet",
                "-o",
                str(out),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("the package index did not answer within 120 s")
    if r.returncode and re.search(r"(?i)connect|dns|network|timed out|offline", r.stderr):
        pytest.skip(f"the package index is not reachable: {r.stderr.strip().splitlines()[-1]}")
    assert r.returncode == 0, r.stderr
    assert out.read_text() == (ROOT / "constraints.txt").read_text(), "constraints.txt is stale: run make lock"


def test_makefile_locks_with_a_resolver_and_lints_before_testing():
    make = (ROOT / "Makefile").read_text()
    stamp = re.search(r"^\$\(STAMP\):(.*)$", make, re.M).group(1).split()
    assert {"pyproject.toml", "constraints.txt"} <= set(stamp)
    assert re.search(r"pip install .*-c constraints\.txt -e", make)
    lock = make[make.index("\nlock:") :]
    assert "uv pip compile pyproject.toml" in lock and "freeze" not in lock
    test = make[make.index("\ntest:") :].split("\n\n")[0]
    assert test.index("ruff check") < test.index("ruff format --check") < test.index("pytest")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
    assert "make test" in (ROOT / "README.md").read_text()


def test_module_and_script_entry_points():
    for cmd in ([sys.executable, "-m", "kit", "--help"], [str(BIN / "workshop-kit"), "--help"]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        assert r.returncode == 0 and "validate" in r.stdout


def test_checkout_reads_the_repository_folders():
    from kit import _open, _resources, catalog

    assert catalog.TEMPLATES == _resources.TEMPLATES == ROOT / "templates"
    assert _open.NOTEBOOKS == _resources.NOTEBOOKS == ROOT / "notebooks"


# ---------------------------------------------------------------- the wheel, installed outside the checkout

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel built from this checkout (hatchling from the venv: no download), and how long that took."""
    dist = tmp_path_factory.mktemp("dist")
    t0 = time.perf_counter()
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--disable-pip-version-check",
            "-w",
            str(dist),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    (whl,) = dist.glob("workshop_kit-*.whl")
    return whl, time.perf_counter() - t0


def test_wheel_carries_every_subpackage_and_the_kits_own_files(wheel):
    names = set(zipfile.ZipFile(wheel[0]).namelist())
    code = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kit").rglob("*.py")}
    assert code <= names, sorted(code - names)  # kit/forms and any subpackage added later
    tracked = subprocess.run(
        ["git", "ls-files", "notebooks", "templates"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    data = {"kit/_data/" + p for p in tracked if (ROOT / p).is_file()}
    assert data and data <= names, sorted(data - names)
    assert not [n for n in names if ".ipynb_checkpoints" in n or n.endswith((".db", ".pyc"))]
    assert {f"kit/_data/notebooks/{n}" for n in NOTEBOOKS} <= names
    assert not [n for n in names if n.startswith(("tests/", "sample_data/", "notebooks/", "templates/"))]


@pytest.fixture(scope="module")
def fresh_venv(wheel, tmp_path_factory):
    """A new venv outside the checkout with the wheel installed as a user would: its dependencies from the index,
    held to constraints.txt. uv (the dev extra) does it in seconds from its cache; pip takes 20-50 s here."""
    venv = tmp_path_factory.mktemp("venv")
    uv = BIN / "uv"
    t0 = time.perf_counter()
    if uv.exists():
        steps = [
            [uv, "venv", "--quiet", "--python", sys.executable, venv],
            [uv, "pip", "install", "--quiet", "--python", venv / "bin" / "python"],
        ]
    else:
        steps = [
            [sys.executable, "-m", "venv", "--clear", "--without-pip", venv],
            [
                sys.executable,
                "-m",
                "pip",
                "--python",
                venv / "bin" / "python",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ],
        ]
    steps[1] += ["-c", ROOT / "constraints.txt", wheel[0]]
    for cmd in steps:
        r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, f"{cmd}\n{r.stderr}"
    return venv, time.perf_counter() - t0


def test_installed_wheel_renders_reports_and_prepares_notebooks(wheel, fresh_venv, tmp_path):
    """The kit from a fresh venv (not this checkout), run from a folder outside the checkout."""
    venv, install_s = fresh_venv
    python = venv / "bin" / "python"
    work = tmp_path / "elsewhere"
    work.mkdir()
    engagement = shutil.copytree(SAMPLE, work / "engagement")  # the user's own folder, not the kit's
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}

    def run(*cmd):
        r = subprocess.run([str(c) for c in cmd], cwd=work, env=env, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, f"{cmd}\n{r.stdout}\n{r.stderr}"
        return r.stdout

    # importing the report stack once writes its bytecode (uv leaves that to the first import), which would otherwise
    # be compiled by the batch and by each of its kernels at once
    where = run(
        python,
        "-c",
        "import kit, kit.catalog as c, kit._open as o, kit.report, kit.charts, papermill, "
        "ipykernel.kernelapp, weasyprint; print(kit.__file__, c.TEMPLATES, o.NOTEBOOKS)",
    )
    for p in map(Path, where.split()):
        assert p.is_relative_to(venv) and not p.is_relative_to(ROOT), p

    t0 = time.perf_counter()
    run(venv / "bin" / "workshop-kit", "report", engagement, "--out", "reports", "--format", "html", "--jobs", "2")
    report_s = time.perf_counter() - t0
    out = work / "reports"
    assert (out / "index.html").is_file() and (out / "summary.csv").is_file()
    sessions = sorted(p.parent.relative_to(out).as_posix() for p in out.glob("*/*/team.html"))
    assert sessions == [
        "north/north-2026-01",
        "north/north-2026-04",
        "north/north-rehearsal",  # the sample's empty session, to rehearse the room on
        "south/south-2026-01",
        "south/south-2026-04",
    ]
    for s in sessions:
        assert (out / s / "manager.html").is_file() and list((out / s / "members").glob("*.html"))

    run(python, "-m", "kit", "import", engagement, "engagement.db")
    t0 = time.perf_counter()
    run(
        python,
        "-c",
        "from kit._open import prepare; "
        "prepare('engagement.db', team_id='north', session_id='north-2026-04', dest='prepared')",
    )
    prepare_s = time.perf_counter() - t0
    prepared = sorted(p.name for p in (work / "prepared").glob("*.ipynb"))
    assert prepared == NOTEBOOKS and len(prepared) == len(STEPS)
    assert "north-2026-04" in (work / "prepared" / NOTEBOOKS[1]).read_text()  # the parameters were filled in
    print(
        f"wheel: build {wheel[1]:.1f} s, fresh venv {install_s:.1f} s, report {report_s:.1f} s, "
        f"prepare {prepare_s:.1f} s"
    )
