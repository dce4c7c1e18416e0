"""Set-up promises: pyproject and environment.yml agree; the CLI runs as a module and as a script."""

import re
import subprocess
import sys
import tomllib

import yaml
from pathlib import Path

from conftest import ROOT


def _pins(reqs):
    out = {}
    for r in reqs:
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)$", r.strip())
        if m:
            out[m.group(1).lower()] = m.group(2)
    return out


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _pins(project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = _pins(d for d in env["dependencies"] if isinstance(d, str))
    assert conda == wanted
    py = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert project["requires-python"] == ">=" + py.split("=")[1]


def test_constraints_pin_what_pyproject_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _pins(project["dependencies"] + project["optional-dependencies"]["test"])
    lock = _pins((ROOT / "constraints.txt").read_text().splitlines())
    norm = {k.replace("_", "-"): v for k, v in lock.items()}
    for name, version in wanted.items():
        assert norm.get(name.replace("_", "-")) == version, name


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
    assert "make test" in (ROOT / "README.md").read_text()


def test_module_and_script_entry_points():
    for cmd in ([sys.executable, "-m", "kit", "--help"], [str(Path(sys.executable).parent / "workshop-kit"), "--help"]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        assert r.returncode == 0 and "validate" in r.stdout
