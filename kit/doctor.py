"""``workshop-kit doctor``: is this machine ready for a workshop? OK / FIX lines, each FIX with its command."""

import importlib
import importlib.metadata as md
import re
import shutil
import subprocess
import sys

from .catalog import TEMPLATES

__all__ = ["check", "KERNEL"]

KERNEL = "python3"  # the kernel every notebook names (tests/test_notebooks.py checks)


def _pins():
    """{distribution: version} of the kit's pinned runtime dependencies."""
    pins = {}
    for req in md.requires("workshop-kit") or []:
        if "extra ==" in req:
            continue
        m = re.match(r"^([A-Za-z0-9_.-]+)==([^;\s]+)", req)
        if m:
            pins[m.group(1)] = m.group(2)
    return pins


def check(*, out=print):
    """Print one OK or FIX line per check; returns True when everything is OK."""
    ok = True

    def say(good, text, fix=""):
        nonlocal ok
        ok &= good
        out(f"OK   {text}" if good else f"FIX  {text}: {fix}")

    v = sys.version_info
    say(v >= (3, 11), f"Python {v.major}.{v.minor}", "install Python 3.11 or newer, then run 'make demo' again")
    try:
        pins = _pins()
    except md.PackageNotFoundError:
        pins = {}
        say(False, "the kit is installed", "run 'make demo' (or: pip install -e .) in the kit's folder")
    for dist, want in sorted(pins.items()):
        try:
            have = md.version(dist)
        except md.PackageNotFoundError:
            say(False, f"{dist} {want}", f"missing; run: {sys.executable} -m pip install '{dist}=={want}'")
            continue
        say(
            have == want,
            f"{dist} {have}",
            f"version {want} is pinned; run: {sys.executable} -m pip install '{dist}=={want}'",
        )
    for f in ("kpi_catalog.yaml", "rubrics/discovery_call.yaml"):
        say(
            (TEMPLATES / f).is_file(), f"templates/{f}", "the kit's templates folder is incomplete; clone the kit again"
        )
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        spec = KernelSpecManager().get_kernel_spec(KERNEL)
        exe = spec.argv[0]
        if exe in ("python", "python3", f"python{v.major}.{v.minor}"):
            exe = sys.executable  # jupyter_client starts such kernels with its own interpreter
        probe = subprocess.run([exe, "-c", "import kit, ipykernel"], capture_output=True, timeout=60)
        say(
            probe.returncode == 0,
            f"Jupyter kernel '{KERNEL}' ({exe}) can import the kit",
            f"run: {sys.executable} -m ipykernel install --sys-prefix --name {KERNEL}",
        )
    except Exception as e:  # no jupyter_client, or no such kernel
        say(
            False,
            f"Jupyter kernel '{KERNEL}'",
            f"{e}; run: {sys.executable} -m ipykernel install --sys-prefix --name {KERNEL}",
        )
    for mod in ("pandas", "seaborn", "krippendorff", "papermill", "ipywidgets", "voila"):
        try:
            importlib.import_module(mod)
        except Exception as e:
            say(False, f"import {mod}", f"{e}; run 'make demo' again to reinstall")
    try:
        import weasyprint  # needs the system's Pango library

        weasyprint.HTML(string="<p>ok</p>").write_pdf()
        say(True, "PDF output (WeasyPrint with Pango)")
    except Exception as e:
        say(
            False,
            "PDF output (WeasyPrint with Pango)",
            f"{type(e).__name__}: {e}; run: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0",
        )
    chromium = shutil.which("chromium")
    say(chromium is not None, "chromium for the browser tests (make test)", "run: sudo apt-get install chromium")
    out(
        "All good: ready for the workshop." if ok else "Fix the lines marked FIX, then run 'workshop-kit doctor' again."
    )
    return ok
