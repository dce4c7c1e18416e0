"""``workshop-kit open``: the workshop notebooks with a team-session's parameters filled in, in JupyterLab or,
with ``--app``, as a Voilà app (forms, text and charts; no code)."""

import os
import secrets
import sys
from pathlib import Path

from . import _resources
from ._store import Engagement
from .errors import KitError, NotFoundError

__all__ = ["prepare", "serve", "NOTEBOOKS", "LOCAL_HOSTS"]

NOTEBOOKS = _resources.NOTEBOOKS  # the repository's notebooks/ in a checkout, the packaged copy when installed
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# App mode's Voilà template (Voilà's lab template without the stylesheets it links from a CDN: nothing the kit serves
# fetches from outside), in a Jupyter data folder that JUPYTER_PATH puts first.
VOILA_DATA = _resources.TEMPLATES / "jupyter"
VOILA_TEMPLATE = "workshop-kit"


def prepare(store, *, team_id, session_id, dest=None):
    """Copy the notebooks with ``engagement``, ``team_id`` and ``session_id`` filled in; returns the folder."""
    import papermill

    store = Path(store).resolve()
    with Engagement(store) as eng:
        s = eng.sessions(session_id=session_id)
        if s.empty or s["team_id"].iloc[0] != team_id:
            pairs = eng.sessions()
            raise NotFoundError(
                f"no session {session_id!r} of team {team_id!r} in {store}; valid: "
                + ", ".join(f"--team {t} --session {x}" for t, x in zip(pairs["team_id"], pairs["session_id"]))
            )
    dest = Path(dest) if dest else store.parent / f"{store.stem}-workshop" / f"{team_id}-{session_id}"
    dest.mkdir(parents=True, exist_ok=True)
    from .steps import STEPS

    for nb in (NOTEBOOKS / f"{s.notebook}.ipynb" for s in STEPS):
        params = dict(engagement=str(store), team_id=team_id, session_id=session_id)
        if nb.name.startswith("00_"):
            params["import_from"] = ""
        papermill.execute_notebook(
            str(nb), str(dest / nb.name), parameters=params, prepare_only=True, progress_bar=False, log_output=False
        )
    return dest


def command(folder, *, app=False, host="127.0.0.1", port=None, browser=True, token=None):
    """The server command line, and the token it requires (None on this machine only)."""
    local = host in LOCAL_HOSTS
    if not local and not token:
        token = secrets.token_urlsafe(18)  # served to the room: nobody joins without it
    if app:
        cmd = [
            sys.executable,
            "-m",
            "voila",
            str(folder),
            f"--Voila.ip={host}",
            f"--port={port or 8866}",
            "--strip_sources=True",
            f"--template={VOILA_TEMPLATE}",
        ]
        if token:
            cmd.append(f"--Voila.token={token}")
        if not browser:
            cmd.append("--no-browser")
    else:
        cmd = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            f"--ServerApp.root_dir={folder}",
            f"--ServerApp.ip={host}",
            f"--ServerApp.port={port or 8888}",
        ]
        if token:
            cmd.append(f"--IdentityProvider.token={token}")
        if not browser:
            cmd.append("--no-browser")
    return cmd, token


def serve(store, *, team_id, session_id, app=False, host="127.0.0.1", port=None, browser=True, token=None):
    """Prepare the notebooks and run JupyterLab (or Voilà) on them until interrupted."""
    folder = prepare(store, team_id=team_id, session_id=session_id)
    cmd, token = command(folder, app=app, host=host, port=port, browser=browser, token=token)
    where = f"http://{host}:{port or (8866 if app else 8888)}/"
    print(f"Notebooks for team {team_id}, session {session_id}: {folder}")
    if token:
        print(f"Served to the network at {where}?token={token} (the token is required; share it with the room only)")
    print("Stop with Ctrl+C." + ("" if app else " JupyterLab prints its own address below."), flush=True)
    sys.stderr.flush()
    if app:
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(VOILA_DATA), os.environ.get("JUPYTER_PATH")]))
    try:  # become the server: stopping this command stops it, and nothing is left running behind
        os.execv(cmd[0], cmd)
    except OSError as e:
        raise KitError(f"could not start {'Voilà' if app else 'JupyterLab'} ({e}); run 'workshop-kit doctor'") from e
