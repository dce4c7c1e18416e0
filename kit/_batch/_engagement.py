"""The engagement's own documents after a batch: summary.csv, the results workbook, the roll-up and the index."""

import math

from .._io import escape_cell, format_value
from .._store import open_engagement
from ._stamps import STAMP


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

    from ..report.rollup import rollup
    from ..summary import COLUMNS, summary
    from ..workbook import manager_view, tables

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
    from ..report._render import write_pdf
    from ..report.rollup import render_rollup

    (out / "engagement.html").write_text(render_rollup(v, page_size=page_size), encoding="utf-8")
    if "pdf" in formats:
        write_pdf(render_rollup(v, page_size=page_size, pdf=True), out / "engagement.pdf")


def _write_workbook(eng, out, sheets):
    """results.xlsx: the same figures as summary.csv and the reports, one sheet per table (kit/workbook.py)."""
    from ..workbook import write_workbook

    write_workbook(eng, out / "results.xlsx", sheets=sheets)


def _write_summary(figures, out):
    import csv

    from ..summary import COLUMNS

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
    from .._format import DASH, blank, num

    if blank(total):
        return DASH
    return f"{num(total)} ({'short ' + num(gap) if gap > 0 else 'on target' if gap == 0 else '+' + num(-gap)})"


def _write_index(eng, out, figures, *, formats):
    """index.html (templates/index.html.j2): links to every document written, the headline figures beside them."""
    from .._format import num
    from .._schema import DEPARTMENT_WORDS as REVIEW_DEPARTMENTS
    from ..report._render import template
    from ..summary import SURPLUS

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
    from ..brand import for_documents

    page = template("index.html.j2").render(
        s=eng.settings,
        b=for_documents(eng.settings),
        teams=teams,
        rollup_pdf=(out / "engagement.pdf").is_file(),
    )
    (out / "index.html").write_text(page, encoding="utf-8")
