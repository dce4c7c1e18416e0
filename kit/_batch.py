"""Rendering many reports: arguments checked before any kernel starts, one kernel per worker reused across
team-sessions, every audience's documents from one execution, failures collected, unchanged inputs skipped."""

import ast
import atexit
import contextlib
import hashlib
import math
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from ._io import escape_cell, format_value
from ._store import Engagement, open_engagement
from .catalog import TEMPLATES
from .errors import KitError, NotFoundError

__all__ = ["render_reports", "Job", "FORMATS"]

TEMPLATE = TEMPLATES / "report.ipynb"
FORMATS = ("html", "pdf", "pptx")  # pptx: the team's readout deck (readout.pptx), one per team-session
KERNEL = "python3"
LONG = "longer than a page"  # a stamp's mark on a one-pager that every shortening left longer than one page
STAMP = ".inputs"  # per team-session folder: the fingerprint of what its documents were made from, then the
# files the kit wrote there (one per line): the only files it ever removes
MARKER = ".workshop-kit-reports"  # in the output folder: made by 'workshop-kit report', so the kit may write there


@dataclass
class Job:
    team_id: str
    session_id: str
    folder: Path
    fingerprint: str
    error: str | None = None
    cell: int | None = None
    notebook: Path | None = None
    skipped: bool = False
    long: list = field(default_factory=list)  # one-pager PDFs still longer than a page after every shortening


def _kit_fingerprint(options, template):
    """The kit version, its code, the report templates and the options: a change to any re-renders."""
    h = hashlib.sha256(f"{__version__}|{options}".encode())
    package = Path(__file__).parent
    code = sorted(p for p in package.rglob("*.py") if p.relative_to(package).parts[0] != "_data")  # subpackages too
    for p in code + [Path(template), TEMPLATES / "report.html.j2"]:
        h.update(p.read_bytes())
    return h.hexdigest()


def _team_documents(eng, team_id, session_id):
    """The team's other documents of a team-session: the leader's agenda (a review) and the department briefs."""
    from .audience import TEAM, cut
    from .report import load, sections

    s = load(eng, team_id=team_id, session_id=session_id)
    return (["agenda"] if s.is_review else []) + [f"briefs/{d}" for d in sections.departments(cut(s, TEAM))]


def _expected(folder, eng, team_id, audiences, formats, session_id=None):
    deck = [folder / "readout.pptx"] if "pptx" in formats and "team" in audiences else []
    formats = [f for f in formats if f != "pptx"]
    return deck + _documents_expected(folder, eng, team_id, audiences, formats, session_id)


def _documents_expected(folder, eng, team_id, audiences, formats, session_id):
    names = [f"{a}" for a in audiences if a != "member"]
    if "team" in audiences and session_id is not None:
        names += _team_documents(eng, team_id, session_id)
    if "member" in audiences:
        m = eng.members(team_id=team_id)
        names += [f"members/{x}" for x in m.loc[m["role"] == "seller", "member_id"]]
    return [folder / f"{n}.{ext}" for n in names for ext in formats]


def check_ids(eng, *, teams=None, sessions=None):
    """One clear line for an unknown team or session, listing the valid ones."""
    all_sessions = eng.sessions()
    valid_teams = sorted(set(eng.teams()["team_id"]))
    for t in teams or []:
        if t not in valid_teams:
            raise NotFoundError(f"no team {t!r} in {eng.path}; valid: {', '.join(valid_teams)}")
    valid = sorted(all_sessions["session_id"])
    for s in sessions or []:
        if s not in valid:
            raise NotFoundError(f"no session {s!r} in {eng.path}; valid: {', '.join(valid)}")
    chosen = all_sessions[
        (all_sessions["team_id"].isin(teams or valid_teams)) & (all_sessions["session_id"].isin(sessions or valid))
    ]
    if chosen.empty:
        raise NotFoundError(
            f"no session of team {', '.join(teams)} is among {', '.join(sessions)}; valid pairs: "
            + ", ".join(f"{t}/{s}" for t, s in zip(all_sessions["team_id"], all_sessions["session_id"]))
        )
    return chosen


def plan(eng, out, *, teams=None, sessions=None, audiences, formats, page_size, force=False, template=TEMPLATE):
    """The team-sessions to render, each with its fingerprint and whether it can be skipped."""
    from .report import fingerprint, load

    chosen = check_ids(eng, teams=teams, sessions=sessions)
    base = _kit_fingerprint((sorted(audiences), sorted(formats), page_size), template)
    jobs = []
    for r in chosen.sort_values(["team_id", "date", "session_id"]).itertuples():
        folder = Path(out) / r.team_id / r.session_id
        fp = hashlib.sha256((base + fingerprint(load(eng, team_id=r.team_id, session_id=r.session_id))).encode())
        job = Job(r.team_id, r.session_id, folder, fp.hexdigest())
        stamp = folder / STAMP
        job.skipped = (
            not force
            and stamp.is_file()
            and stamp.read_text().split("\n", 1)[0] == job.fingerprint
            and all(p.is_file() for p in _expected(folder, eng, r.team_id, audiences, formats, r.session_id))
        )
        if job.skipped:  # unchanged: its one-pagers still longer than a page are named again
            job.long = [folder / rel for rel, long in _stamped(folder) if long]
        jobs.append(job)
    return jobs


# ---------------------------------------------------------------- worker processes

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


def _stamp(folder, fingerprint, before, ours, *, long=(), only_if_any=False):
    """Write the folder's stamp: the fingerprint (empty after a failure: render again), then the files the kit
    wrote there (those this run made or changed, and its earlier ones still there), each one-pager still longer
    than a page marked so (a later run that skips the folder names it again)."""
    after = _snapshot(folder)
    new = {rel for rel, st in after.items() if before.get(rel) != st}
    kept = {rel for rel in ours if rel in after}
    if only_if_any and not (new | kept) and not (folder / STAMP).is_file():
        return
    marked = {str(Path(p).relative_to(folder)) for p in long if Path(p).is_relative_to(folder)}
    lines = [f"{rel}\t{LONG}" if rel in marked else rel for rel in sorted(new | kept)]
    (folder / STAMP).write_text("\n".join([fingerprint] + lines) + "\n")


def _stamped(folder):
    """(relative path, marked longer than a page) for every file the folder's stamp lists."""
    stamp = folder / STAMP
    if not stamp.is_file():
        return []
    out = []
    for line in stamp.read_text().splitlines()[1:]:
        rel, _, mark = line.partition("\t")
        if rel and ".." not in Path(rel).parts and not Path(rel).is_absolute():
            out.append((rel, mark == LONG))
    return out


def _written(folder):
    """The files (relative paths) the kit wrote in a team-session folder, as its stamp lists them."""
    return {rel for rel, _ in _stamped(folder)}


def _snapshot(folder):
    """{relative path: (size, mtime)} of every file under ``folder`` but the stamp."""
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and p.name != STAMP
    }


def _not_ours(eng, out, chosen, audiences, formats):
    """The first file this run would write over that the kit did not write: index.html or summary.csv in a folder
    without the kit's marker, or a document not listed in its team-session folder's stamp (None if there is none)."""
    if not out.is_dir():
        return None
    if not (out / MARKER).is_file():
        for name in ("index.html", "summary.csv", "results.xlsx", "engagement.html", "engagement.pdf"):
            if (out / name).exists() or (out / name).is_symlink():
                return out / name
    for r in chosen.sort_values(["team_id", "session_id"]).itertuples():
        folder = out / r.team_id / r.session_id
        if not folder.is_dir():
            continue
        ours = _written(folder)
        for path in _expected(folder, eng, r.team_id, audiences, formats, r.session_id):
            if (path.exists() or path.is_symlink()) and str(path.relative_to(folder)) not in ours:
                return path
    return None


def _claim(out, force, *, eng, chosen, audiences, formats):
    """Reports go into a new or empty folder, or one an earlier run made (its marker file); anything else needs
    --force, and even then no file the kit did not write is replaced or removed: a run that would replace one
    is refused before anything is written."""
    if out.exists() and not out.is_dir():
        raise KitError(f"{out} is a file; give a folder for the reports with --out")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file() and not force:
        raise KitError(
            f"{out} is not empty and was not made by 'workshop-kit report'; choose a new or empty "
            "folder, or add --force to write into it (files the kit did not write are kept)"
        )
    theirs = _not_ours(eng, out, chosen, audiences, formats)
    if theirs is not None:
        raise KitError(f"{theirs} was not written by the kit; move it away or render into a new folder")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(
        "Made by 'workshop-kit report': it may replace index.html, engagement.html/.pdf, summary.csv, results.xlsx "
        "and the "
        "documents it wrote here; it removes no other file.\n"
    )


# ---------------------------------------------------------------- the batch


def _open_source(source, tmp):
    """An Engagement for a store file, or for a folder/workbook imported into a temporary store."""
    source = Path(source)
    if source.is_file() and source.suffix.lower() not in (".xlsx", ".xlsm"):
        return Engagement(source)
    eng = Engagement(Path(tmp) / "engagement.db", create=True)
    eng.import_source(source)
    return eng


def render_reports(
    source,
    out,
    *,
    teams=None,
    sessions=None,
    audiences=("team", "manager", "member"),
    formats=("html",),
    page_size="A4",
    jobs=None,
    force=False,
    keep_notebooks=False,
    progress=True,
    template=TEMPLATE,
):
    """Render every chosen team-session's documents, then ``summary.csv`` and ``index.html``.

    Returns the list of :class:`Job` (``error`` set on the failed ones, ``skipped`` on the unchanged).
    """
    from tqdm import tqdm

    from .report import AUDIENCES, PAGE_SIZES

    for a in audiences:
        if a not in AUDIENCES:
            raise KitError(f"unknown audience {a!r}; valid: {', '.join(AUDIENCES)}")
    for f in formats:
        if f not in FORMATS:
            raise KitError(f"unknown format {f!r}; valid: {', '.join(FORMATS)}")
    if page_size not in PAGE_SIZES:
        raise KitError(f"unknown page size {page_size!r}; valid: {', '.join(PAGE_SIZES)}")
    out = Path(out).resolve()  # the kernels work in templates/: every path they get is absolute
    template = Path(template).resolve()
    if not template.is_file():
        raise NotFoundError(f"{template}: no such report notebook")
    jobs_n = jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="workshop-kit-") as tmp:
        eng = _open_source(source, tmp)
        try:
            chosen = check_ids(eng, teams=teams, sessions=sessions)  # before any kernel starts
            _claim(out, force, eng=eng, chosen=chosen, audiences=audiences, formats=formats)
            notebooks = out / "_notebooks" if keep_notebooks else Path(tmp) / "notebooks"
            params = dict(
                store=str(eng.path.resolve()),
                audience="",
                audiences=",".join(audiences),
                formats=",".join(formats),
                page_size=page_size,
            )
            ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
            with contextlib.ExitStack() as stack:
                pool = None
                if force:  # nothing will be skipped: warm the kernels up while the fingerprints are computed
                    pool = stack.enter_context(
                        ctx.Pool(
                            jobs_n, initializer=_start_worker, initargs=(str(notebooks), str(template), tuple(formats))
                        )
                    )
                todo = plan(
                    eng,
                    out,
                    teams=teams,
                    sessions=sessions,
                    audiences=audiences,
                    formats=formats,
                    page_size=page_size,
                    force=force,
                    template=template,
                )
                pending = [j for j in todo if not j.skipped]
                done = []
                if pending and pool is None:
                    pool = stack.enter_context(
                        ctx.Pool(
                            min(jobs_n, len(pending)),
                            initializer=_start_worker,
                            initargs=(str(notebooks), str(template), tuple(formats)),
                        )
                    )
                # the engagement's own documents (summary.csv, results.xlsx, the roll-up) read only the store: they
                # are computed here while the workers render, for the sessions that will then have documents
                expected = sorted(set(_rendered(eng, out)["session_id"]) | {j.session_id for j in pending})
                extras = stack.enter_context(ThreadPoolExecutor(1)).submit(_engagement_figures, eng.path, expected)
                if pending:
                    bar = tqdm(total=len(pending), unit="session", disable=not progress, desc="reports")
                    for job in pool.imap_unordered(_run, [(j, params) for j in pending]):
                        done.append(job)
                        bar.set_postfix_str(f"{job.team_id}/{job.session_id}" + (" FAILED" if job.error else ""))
                        bar.update()
                    bar.close()
                if pool is not None:
                    pool.close()
                    pool.join()
                figures, sheets, rollup_view = extras.result()
            failed = [j for j in done if j.error]
            if failed:  # keep the failed notebooks (they hold data beyond any one audience) apart from the documents
                for j in failed:
                    if j.notebook and j.notebook.exists():
                        dest = out / "_failed" / j.team_id / j.notebook.name
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        shutil.move(str(j.notebook), dest)
                        j.notebook = dest
            rendered = sorted(_rendered(eng, out)["session_id"])
            if rendered != expected:  # a report failed: the figures of what has documents only
                figures, sheets, rollup_view = _engagement_figures(eng.path, rendered)
            _write_summary(figures, out)
            _write_workbook(eng, out, sheets)
            _write_rollup(out, rollup_view, formats=formats, page_size=page_size)
            _write_index(eng, out, figures, formats=formats)
            by_key = {(j.team_id, j.session_id): j for j in done}
            return [by_key.get((j.team_id, j.session_id), j) for j in todo]
        finally:
            eng.close()


def _rendered(eng, out):
    s = eng.sessions().sort_values(["team_id", "date", "session_id"])
    keep = [(out / t / sid / STAMP).is_file() for t, sid in zip(s["team_id"], s["session_id"])]
    return s[keep]


def _csv_value(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float):
        return format_value(round(v, 4))
    if isinstance(v, str):
        return escape_cell(v)  # a team's SWOT text starting with '=' stays text in a spreadsheet
    return format_value(v)


def _engagement_figures(store, sessions):
    """What summary.csv, results.xlsx and the roll-up show of ``sessions`` (session ids): (summary rows, workbook
    sheets, roll-up view), read from ``store`` through a connection of its own (this runs beside the workers)."""
    import pandas as pd

    from .report.rollup import rollup
    from .summary import COLUMNS, summary
    from .workbook import manager_view, tables

    with open_engagement(store, readonly=True) as eng:
        figures = summary(eng, sessions=sessions) if sessions else pd.DataFrame(columns=COLUMNS)
        sheets, view = None, rollup(eng, sessions=[], figures=figures.iloc[0:0])
        # team by team: the workbook and the roll-up read the same sessions, each once, and only one team's are
        # held at a time (memory stays flat however many teams the engagement has)
        for team_id, rows in figures.groupby("team_id", sort=True):
            seen = {}

            def load(eng, team_id, session_id, seen=seen):
                if (team_id, session_id) not in seen:
                    seen[team_id, session_id] = manager_view(eng, team_id, session_id)
                return seen[team_id, session_id]

            ids = list(rows["session_id"])
            part = tables(eng, sessions=ids, figures=rows, load=load)
            sheets = part if sheets is None else {k: pd.concat([sheets[k], part[k]], ignore_index=True) for k in part}
            view["teams"] += rollup(eng, sessions=ids, figures=rows, load=load)["teams"]
        if sheets is None:
            sheets = tables(eng, sessions=[], figures=figures)
        return figures, sheets, view


def _write_rollup(out, v, *, formats, page_size):
    """engagement.html (and .pdf): every team side by side, then each team's trend (kit/report/rollup.py)."""
    from .report._render import write_pdf
    from .report.rollup import render_rollup

    (out / "engagement.html").write_text(render_rollup(v, page_size=page_size), encoding="utf-8")
    if "pdf" in formats:
        write_pdf(render_rollup(v, page_size=page_size, pdf=True), out / "engagement.pdf")


def _write_workbook(eng, out, sheets):
    """results.xlsx: the same figures as summary.csv and the reports, one sheet per table (kit/workbook.py)."""
    from .workbook import write_workbook

    write_workbook(eng, out / "results.xlsx", sheets=sheets)


def _write_summary(figures, out):
    import csv

    from .summary import COLUMNS

    with open(out / "summary.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for row in figures.to_dict("records"):
            w.writerow([_csv_value(row[c]) for c in COLUMNS])


def _files(out, rel, stem, formats):
    """The links to one document's files that exist ({href, label} per format)."""
    return [
        {"href": f"{rel}/{stem}.{ext}", "label": ext.upper()}
        for ext in formats
        if ext != "pptx" or stem == "readout"
        if (out / rel / f"{stem}.{ext}").is_file()
    ]


def _commitment_words(total, gap):
    """'7,500,000 (+300,000)', '3,830,000 (short 170,000)', '–' (figures formatted here, at display)."""
    from ._format import DASH, blank, num

    if blank(total):
        return DASH
    return f"{num(total)} ({'short ' + num(gap) if gap > 0 else 'on target' if gap == 0 else '+' + num(-gap)})"


def _write_index(eng, out, figures, *, formats):
    """index.html (templates/index.html.j2): links to every document written, the headline figures beside them."""
    from ._format import num
    from .report._render import template
    from .review import DEPARTMENT_NAMES as REVIEW_DEPARTMENTS
    from .summary import SURPLUS

    done = _rendered(eng, out)
    figures = figures.set_index("session_id")
    members = eng.members()
    teams = []
    for t in eng.teams().sort_values("team_id").itertuples():
        rows = []
        sellers = members[(members["team_id"] == t.team_id) & (members["role"] == "seller")].sort_values("name")
        for s in done[done["team_id"] == t.team_id].itertuples():
            rel = f"{s.team_id}/{s.session_id}"
            f = figures.loc[s.session_id]
            one_pagers = [
                {"name": m.name, "files": _files(out, rel, f"members/{m.member_id}", formats)}
                for m in sellers.itertuples()
            ]
            rows.append(
                dict(
                    date=s.date,
                    kind=s.kind,
                    session_id=s.session_id,
                    team=_files(out, rel, "team", formats),
                    agenda=_files(out, rel, "agenda", formats),
                    readout=_files(out, rel, "readout", ["pptx"]),
                    briefs=[
                        {"name": REVIEW_DEPARTMENTS[d], "files": _files(out, rel, f"briefs/{d}", formats)}
                        for d in REVIEW_DEPARTMENTS
                        if _files(out, rel, f"briefs/{d}", formats)
                    ],
                    manager=_files(out, rel, "manager", formats),
                    commit=_commitment_words(f["commitment_total"], -f[SURPLUS]),
                    pulse=num(f["pulse_mean"], 1),
                    members=[m for m in one_pagers if m["files"]],
                )
            )
        if rows:
            teams.append(dict(team_id=t.team_id, name=t.name, sessions=rows))
    from .brand import for_documents

    page = template("index.html.j2").render(
        s=eng.settings,
        b=for_documents(eng.settings),
        teams=teams,
        rollup_pdf=(out / "engagement.pdf").is_file(),
    )
    (out / "index.html").write_text(page, encoding="utf-8")
