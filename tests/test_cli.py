"""The command line as a user meets it: exit codes, one clear line per problem, never a traceback."""

import subprocess
import sys

import pytest

from conftest import MINIMAL, SAMPLE, overlay
from kit.validate import validate


def run(*args):
    r = subprocess.run([sys.executable, "-m", "kit", *map(str, args)], capture_output=True, text=True)
    assert "Traceback" not in r.stdout + r.stderr, r.stderr
    return r


def test_import_summary_export(tmp_path):
    db = tmp_path / "e.db"
    r = run("import", SAMPLE, db)
    assert r.returncode == 0 and "Imported" in r.stdout and "teams: north, south" in r.stdout
    assert "warning: commitments.csv" in r.stdout  # south's commitments fall short of its target
    r = run("summary", db)
    assert r.returncode == 0
    assert "Enterprise North (north): 6 sellers, annual target 7,200,000" in r.stdout
    assert "north-2026-01 2026-01-20 kickoff: commitments 7,500,000 (300,000 above target)" in r.stdout
    assert (
        run("summary", db, "--team", "nope").stderr.strip()
        == f"workshop-kit: no team 'nope' in {db}; valid: north, south"
    )
    r = run("export", db, tmp_path / "out")
    assert r.returncode == 0 and validate(tmp_path / "out").errors == []
    r = run("export", db, tmp_path / "out")
    assert r.returncode == 1 and "is not empty" in r.stderr


@pytest.mark.parametrize(
    "args, words",
    [
        (["summary", "missing.db"], "no such store"),
        (["import", "nowhere", "x.db"], "nowhere: no such folder or file"),
        (["sample", "--teams", "0", "--out", "x"], "'0' is not a whole number of at least 1"),
        (["export", "missing.db", "out"], "no such store"),
    ],
)
def test_bad_arguments_get_one_clear_line(tmp_path, args, words):
    r = subprocess.run([sys.executable, "-m", "kit", *args], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode != 0
    assert words in r.stderr and "Traceback" not in r.stderr


def test_import_of_bad_folder_writes_nothing(tmp_path):
    bad = overlay("dot_budget", tmp_path / "bad")
    r = run("import", bad, tmp_path / "e.db")
    assert r.returncode == 1
    assert "swot_votes.csv row 8, column dots" in r.stderr and "Nothing was imported." in r.stderr


def test_sample_is_valid_and_deterministic(tmp_path):
    for out in ("a", "b"):
        assert run("sample", "--teams", "3", "--seed", "7", "--out", tmp_path / out).returncode == 0
    assert validate(tmp_path / "a").errors == []
    for f in (tmp_path / "a").iterdir():
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name
    assert len(validate(tmp_path / "a").tables["teams"]) == 3


def test_doctor_says_ok_or_fix():
    r = run("doctor")
    lines = r.stdout.splitlines()
    assert all(line.startswith(("OK ", "FIX ", "All good", "Fix the lines")) for line in lines)
    assert any("Jupyter kernel 'python3'" in line for line in lines)
    assert r.returncode == (0 if lines[-1].startswith("All good") else 1)


def test_open_binds_locally_and_requires_a_token_for_the_room(tmp_path):
    from kit._open import command

    cmd, token = command(tmp_path, app=True)
    assert token is None and "--Voila.ip=127.0.0.1" in cmd and not any("token" in c for c in cmd)
    cmd, token = command(tmp_path, app=True, host="0.0.0.0")
    assert token and f"--Voila.token={token}" in cmd
    cmd, token = command(tmp_path, host="0.0.0.0")
    assert f"--IdentityProvider.token={token}" in cmd and "--ServerApp.ip=0.0.0.0" in cmd


def test_open_names_the_valid_sessions(tmp_path):
    db = tmp_path / "e.db"
    assert run("import", MINIMAL, db).returncode == 0
    r = run("open", db, "--team", "t1", "--session", "nope", "--no-browser")
    assert r.returncode == 1 and "valid: --team t1 --session k1, --team t1 --session r1" in r.stderr
