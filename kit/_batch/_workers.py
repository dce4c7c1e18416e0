"""The worker processes: one kernel each, reused across team-sessions; every audience's documents from one
execution of the report notebook."""

import ast
import atexit
import contextlib
import tempfile
from pathlib import Path

from ..catalog import TEMPLATES
from ._plan import KERNEL
from ._stamps import _snapshot, _stamp, _written

_state = {}


def _engine():
    """papermill's nbclient engine, for a kernel that outlives each run: every run uses the worker's one kernel
    client, already connected (a new client per run costs a connection and a handshake, about 0.2 s), and forgets
    the run when it ends (nbclient registers each run's clean-up at exit, which would keep every notebook alive and
    a worker growing with every report)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, logger, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    class KernelReuseEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            client = PapermillNotebookClient(
                nb_man,
                **merge_kwargs(
                    kwargs,
                    timeout=execution_timeout,
                    startup_timeout=start_timeout,
                    kernel_name=kernel_name,
                    log=logger,
                    log_output=log_output,
                    stdout_file=stdout_file,
                    stderr_file=stderr_file,
                ),
            )
            shared = _state.get("kc")  # a kit worker's; any other caller gets a client of its own for the run
            client.kc = shared
            try:
                return client.execute(cleanup_kc=False)
            finally:
                atexit.unregister(client._cleanup_kernel)
                if shared is None and client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register("kit-reuse", KernelReuseEngine)
    return "kit-reuse"


def _start_worker(notebooks, template, formats=("html",)):
    from multiprocessing.util import Finalize

    from jupyter_client.manager import KernelManager

    # local sockets (not TCP): nothing listens on the network, and the kernel has no reason to warn
    ipc = Path(tempfile.mkdtemp(prefix="wk-")) / "kernel"
    km = KernelManager(kernel_name=KERNEL, transport="ipc", ip=str(ipc))
    km.start_kernel(cwd=str(TEMPLATES))
    _state.update(km=km, notebooks=notebooks, template=template, engine=_engine())
    # import the report stack now, while the main process still plans: the first report is then as fast as the rest
    kc = _state["kc"] = _connect(km)
    # what the documents asked for need: PDFs WeasyPrint, the deck matplotlib (for its chart)
    warm = ["kit.report"] + (["weasyprint"] if "pdf" in formats else []) + (["kit.charts"] if "pptx" in formats else [])
    msg_id = kc.execute("import " + ", ".join(warm))
    import papermill  # noqa: F401  (about 2 s, while the kernel imports too)

    while kc.get_shell_msg(timeout=120)["parent_header"].get("msg_id") != msg_id:
        pass
    Finalize(None, _stop_worker, exitpriority=10)


def _connect(km):
    """The worker's one client of its kernel, connected and ready."""
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return kc


def _stop_worker():
    kc = _state.pop("kc", None)
    if kc is not None:
        kc.stop_channels()
    km = _state.pop("km", None)
    if km is not None:
        km.shutdown_kernel(now=True)


def _run(job_and_params):
    """Execute the report notebook for one team-session in this worker's kernel."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    job, params = job_and_params
    km = _state["km"]
    if not km.is_alive():
        km.restart_kernel(now=True)
        _state["kc"].stop_channels()
        _state["kc"] = _connect(km)
    nb_path = Path(_state["notebooks"]) / job.team_id / f"{job.session_id}.ipynb"
    nb_path.parent.mkdir(parents=True, exist_ok=True)
    formats = params["formats"].split(",")
    ours, before = _written(job.folder), None
    try:
        for rel in ours:  # the kit's own documents in the formats asked for are made again; nothing else is removed
            if rel.rsplit(".", 1)[-1] in formats:
                (job.folder / rel).unlink(missing_ok=True)
        before = _snapshot(job.folder)
        nb = papermill.execute_notebook(
            _state["template"],
            str(nb_path),
            parameters=dict(params, team_id=job.team_id, session_id=job.session_id, out_dir=str(job.folder)),
            kernel_name=KERNEL,
            progress_bar=False,
            km=km,
            cwd=str(TEMPLATES),
            request_save_on_cell_execute=False,
            engine_name=_state["engine"],
        )
        job.long = _long_pages(nb)
        _stamp(job.folder, job.fingerprint, before, ours, long=job.long)
    except PapermillExecutionError as e:
        job.error = f"{e.ename}: {str(e.evalue).splitlines()[0] if str(e.evalue) else ''}".strip()
        job.cell, job.notebook = e.exec_count, nb_path
    except Exception as e:  # a kernel that died, a timeout: the report fails, the batch goes on
        job.error = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        job.notebook = nb_path if nb_path.exists() else None
    if job.error and before is not None:
        with contextlib.suppress(OSError):  # what a failed run wrote is still the kit's (a later run may replace it)
            _stamp(job.folder, "", before, ours, only_if_any=True)
    return job


def _long_pages(nb):
    """The one-pagers the template's cell tagged 'workshop-kit-written' names as longer than a page (its output
    is ``{"longer_than_a_page": [paths]}``); a template of one's own without that cell names none, and nothing
    here can fail a report that was written."""
    try:
        for cell in nb.cells:
            if "workshop-kit-written" in (cell.get("metadata", {}).get("tags") or []):
                for out in cell.get("outputs", []):
                    said = ast.literal_eval(out.get("data", {}).get("text/plain", ""))
                    paths = said.get("longer_than_a_page") if isinstance(said, dict) else None
                    if isinstance(paths, list) and all(isinstance(p, str) for p in paths):
                        return [Path(p) for p in paths]
    except Exception:  # an output of another shape: no pages named
        return []
    return []
