"""Rendering many reports: arguments checked before any kernel starts, one kernel per worker reused across
team-sessions, every audience's documents from one execution, failures collected, unchanged inputs skipped.

One module a job: the plan (:mod:`._plan`), the workers (:mod:`._workers`), the stamps and the output folder
(:mod:`._stamps`) and the engagement's own documents (:mod:`._engagement`).
"""

import contextlib
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .._store import Engagement
from ..errors import KitError, NotFoundError
from ._engagement import _csv_value as _csv_value
from ._engagement import _engagement_figures, _rendered, _write_index, _write_rollup, _write_summary, _write_workbook
from ._plan import FORMATS, TEMPLATE, Job, check_ids, plan
from ._stamps import _claim
from ._workers import _engine as _engine
from ._workers import _run, _start_worker

__all__ = ["render_reports", "Job", "FORMATS", "TEMPLATE"]


def _open_source(source, tmp):
    """An Engagement for a store file, or for a folder/workbook imported into a temporary store."""
    source = Path(source)
    if source.is_file() and source.suffix.lower() not in (".xlsx", ".xlsm"):
        return Engagement(source)
    eng = Engagement(Path(tmp) / "engagement.db", create=True)
    eng.import_source(source)
    return eng


def _check_sellers(eng, chosen, audiences):
    """Every ``member:<id>`` asked for is a seller of a team chosen, or a clear error before any kernel starts."""
    named = {a.split(":", 1)[1] for a in audiences if a.startswith("member:")}
    if not named:
        return
    m = eng.members()
    m = m[(m["role"] == "seller") & m["team_id"].isin(set(chosen["team_id"]))]
    missing = sorted(named - set(m["member_id"]))
    if missing:
        raise NotFoundError(
            f"{', '.join(map(repr, missing))} is not a seller of the teams chosen; valid: "
            + ", ".join(sorted(m["member_id"]))
        )


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

    from ..audience import check_documents
    from ..report import PAGE_SIZES

    audiences = check_documents(audiences)
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
            _check_sellers(eng, chosen, audiences)
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
