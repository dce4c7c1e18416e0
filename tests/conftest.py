"""Shared fixtures: the minimal engagement, bad-input overlays, small stores; figures closed after each test."""

import shutil
import socket
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINIMAL = DATA / "minimal"
SAMPLE = ROOT / "sample_data"

# Debian's chromium for the browser tests (never a downloaded browser), with the flags this closed network needs.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port():
    """A TCP port nobody listens on now, on this machine."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def overlay(case, dest):
    """Copy the minimal engagement to ``dest`` and apply tests/data/bad/<case>: files there replace the
    minimal ones, ``<file>.append`` adds rows to them, and ``DELETE`` lists files to remove."""
    shutil.copytree(MINIMAL, dest)
    src = DATA / "bad" / case
    for f in src.rglob("*"):
        if f.is_dir():
            continue
        rel = f.relative_to(src)
        if f.name == "DELETE":
            for name in f.read_text().split():
                (dest / name).unlink()
        elif f.name.endswith(".append"):
            target = dest / rel.with_suffix("")
            with open(target, "ab") as out:
                out.write(f.read_bytes())
        else:
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dest / rel)
    return dest


def minimal_workbook(*, typed=False):
    """The minimal engagement as a capture workbook (openpyxl, not saved): a sheet per file and the engagement
    sheet; ``typed``: numbers as a spreadsheet types them, not as text."""
    import csv

    import openpyxl

    from kit._schema import TABLES
    from kit.validate import validate

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet("engagement")
    ws.append(["field", "value"])
    for k, v in validate(MINIMAL).engagement.items():
        ws.append([k, v])
    for name in TABLES:
        path = MINIMAL / f"{name}.csv"
        if path.exists():
            ws = wb.create_sheet(name)
            for rec in csv.reader(open(path, encoding="utf-8")):
                number = typed and name != "sessions"
                ws.append([float(c) if number and c.replace(".", "", 1).isdigit() else c for c in rec])
    return wb


@pytest.fixture
def minimal(tmp_path):
    """A fresh copy of tests/data/minimal (tests may change it)."""
    return Path(shutil.copytree(MINIMAL, tmp_path / "minimal"))


@pytest.fixture
def store(tmp_path):
    """A store with the minimal engagement imported."""
    from kit import open_engagement

    eng = open_engagement(tmp_path / "minimal.db", create=True)
    eng.import_source(MINIMAL)
    yield eng
    eng.close()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def start_server(args, *, ready, env=None):
    """Start ``workshop-kit <args>`` (the room, the hub) as a process of its own and wait until it prints ``ready``.

    Returns (the process, the lines it printed); the process leads its own process group (kill it with
    ``os.killpg``). A server that exits before it is ready fails the test with what it printed."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "kit", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env=env,
    )
    out = []
    for line in proc.stdout:
        out.append(line)
        if ready in line:
            break
    if proc.poll() is not None:
        pytest.fail(f"workshop-kit {args[0]} exited:\n" + "".join(out) + proc.stdout.read())
    return proc, out


def start_room(store, session_id, *, links, port, team="north", args=(), env=None):
    """Start ``workshop-kit room`` for a team-session and wait until it says it is open (see :func:`start_server`)."""
    cmd = ["room", store, "--team", team, "--session", session_id, "--port", port, "--links", links, *args]
    return start_server(cmd, ready="Stop the room", env=env)
