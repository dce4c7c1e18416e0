"""What a batch will render: the team-sessions and audiences asked for, checked before any kernel starts, each
with the fingerprint of what its documents are made from (unchanged inputs are skipped)."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..catalog import TEMPLATES
from ..errors import NotFoundError
from ._stamps import STAMP, _expected, _stamped

TEMPLATE = TEMPLATES / "report.ipynb"
FORMATS = ("html", "pdf", "pptx")  # pptx: the team's readout deck (readout.pptx), one per team-session
KERNEL = "python3"


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
    from ..report import fingerprint, load

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
