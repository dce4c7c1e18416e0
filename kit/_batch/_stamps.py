"""What the kit wrote where: a team-session folder's stamp (its fingerprint and its files), and the output folder
claimed only when it is the kit's own or empty."""

from pathlib import Path

from ..errors import KitError


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


LONG = "longer than a page"  # a stamp's mark on a one-pager that every shortening left longer than one page
STAMP = ".inputs"  # per team-session folder: the fingerprint of what its documents were made from, then the
# files the kit wrote there (one per line): the only files it ever removes
MARKER = ".workshop-kit-reports"  # in the output folder: made by 'workshop-kit report', so the kit may write there


def _team_documents(eng, team_id, session_id):
    """The team's other documents of a team-session: the leader's agenda (a review) and the department briefs."""
    from ..audience import TEAM, cut
    from ..report import load, sections

    s = load(eng, team_id=team_id, session_id=session_id)
    return (["agenda"] if s.is_review else []) + [f"briefs/{d}" for d in sections.departments(cut(s, TEAM))]


def _expected(folder, eng, team_id, audiences, formats, session_id=None):
    deck = [folder / "readout.pptx"] if "pptx" in formats and "team" in audiences else []
    formats = [f for f in formats if f != "pptx"]
    return deck + _documents_expected(folder, eng, team_id, audiences, formats, session_id)


def _documents_expected(folder, eng, team_id, audiences, formats, session_id):
    from ..audience import document_name, for_documents

    m = eng.members(team_id=team_id)
    sellers = m.loc[m["role"] == "seller", "member_id"]
    names = [document_name(p) for p in for_documents(audiences, sellers, strict=False)]
    if "team" in audiences and session_id is not None:
        names += _team_documents(eng, team_id, session_id)
    return [folder / f"{n}.{ext}" for n in names for ext in formats]


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
