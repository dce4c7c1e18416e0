"""The engagement's results as an Excel workbook (``DIR/results.xlsx``): one sheet per figure table, for the
client's own analysis.

The figures are those of ``summary.csv`` and the reports (the same session model, the same rounding), with names
beside ids. Per-seller figures are as a manager sees them, but the workbook travels further than any one team: it
holds no goal text, no role-play comment, no coaching note and no conversation, and an anonymous pulse of fewer than
three answers is left out. Text that a spreadsheet would run as a formula is written as text.
"""

from pathlib import Path

import pandas as pd

from . import audience, session, summary
from ._format import printable
from ._io import escape_cell, write_zip_reproducibly
from .audience import shows_group
from .steps.goals import model as goals
from .steps.kpis import model as kpis
from .steps.roleplay import model as roleplay

__all__ = ["tables", "write_workbook", "SHEETS"]

SHEETS = ("Summary", "Commitments", "KPI results", "Role play", "Role-play criteria", "Actions", "Pulse")


def manager_view(eng, team_id, session_id):
    """One team-session as the manager sees it: figures by person, but no private goal (the workbook and the
    roll-up are built from it; the workbook writes no goal text at all)."""
    return audience.cut(session.load(eng, team_id=team_id, session_id=session_id), audience.MANAGER)


def _sessions(eng, sessions, load):
    chosen = eng.sessions().sort_values(["team_id", "date", "session_id"])
    if sessions is not None:
        chosen = chosen[chosen["session_id"].isin(list(sessions))]
    for t, sid in zip(chosen["team_id"], chosen["session_id"]):
        yield load(eng, t, sid)


def _head(s):
    return {"Team": s.team["name"], "Session": s.session_id, "Date": s.date, "Kind": s.kind}


def tables(eng, *, sessions=None, figures=None, load=manager_view):
    """{sheet name: DataFrame} of the engagement's figures (``sessions``: limit to these session ids; ``figures``:
    their summary rows when already computed; ``load``: a :func:`manager_view` that may share its sessions)."""
    out = {name: [] for name in SHEETS}
    figures = summary.summary(eng, sessions=sessions) if figures is None else figures
    out["Summary"] = figures.rename(columns={"team_id": "Team id", "team_name": "Team", "session_id": "Session"})
    for s in _sessions(eng, sessions, load):
        head = _head(s)
        c = s.own["commitments"]
        c = c[c["member_id"].isin(s.sellers["member_id"])]
        if len(c):
            f = goals.funnel(c)
            for r in f.itertuples():
                out["Commitments"].append(
                    {
                        **head,
                        "Seller": s.name(r.member_id),
                        "Commitment": round(r.annual_commitment),
                        "Average deal": round(r.avg_deal_size),
                        "Win rate": round(r.win_rate, 3),
                        "Deals needed": r.deals_needed,
                        "Opportunities needed": r.opportunities_needed,
                        "First meetings a week": round(r.meetings_per_week, 1),
                    }
                )
        latest = s.latest_attainment()
        units = {k: spec.get("unit") for k, spec in s.catalog.items()}
        for r in latest.itertuples():
            out["KPI results"].append(
                {
                    **head,
                    "Seller": r.name,
                    "KPI": r.kpi,
                    "Unit": "currency " + s.currency if units.get(r.kpi_id) == "currency" else units.get(r.kpi_id),
                    "Per": r.period,
                    "Period end": r.period_end,
                    "Actual": r.value,
                    "Target": r.target,
                    "Attainment": kpis.shown(r.attainment) if r.attainment == r.attainment else None,
                    "Status": r.status,
                }
            )
        rp = s.own["roleplay"]
        if len(rp):
            scores = roleplay.seller_scores(rp, rubrics=s.rubrics)
            for r in scores.itertuples():
                out["Role play"].append(
                    {
                        **head,
                        "Seller": s.name(r.seller_id),
                        "Score from others": round(r.score, 2) if r.score == r.score else None,
                        "Self score": round(r.self_score, 2) if r.self_score == r.self_score else None,
                        "Self gap": round(r.self_gap, 2) if r.self_gap == r.self_gap else None,
                        "Ratings": r.ratings,
                    }
                )
            for r in roleplay.criterion_means(rp, rubrics=s.rubrics).itertuples():
                out["Role-play criteria"].append(
                    {
                        **head,
                        "Criterion": r.criterion,
                        "Others' mean": round(r.others, 2) if r.others == r.others else None,
                        "Self mean": round(r.self, 2) if r.self == r.self else None,
                        "Rater agreement (alpha)": round(r.alpha, 2) if r.alpha == r.alpha else None,
                        "Units": r.units,
                        "What alpha allows": roleplay.AGREEMENT_WORDS[roleplay.agreement(r.alpha, r.units)],
                    }
                )
        for r in s.actions("in_view").itertuples():
            out["Actions"].append(
                {
                    **head,
                    "Owner": s.name(r.owner_id),
                    "Action": r.action,
                    "Due": r.due,
                    "Status": r.status,
                    "For": s.name(r.for_id) if isinstance(r.for_id, str) and r.for_id else None,
                    "Agreed": r.agreed,
                }
            )
        for dim in ("team", "manager", "other_departments"):
            for phase in ("opening", "closing"):
                p = s.pulse(phase, dimension=dim)
                if len(p):
                    out["Pulse"].append(
                        {
                            **head,
                            "About": dim.replace("_", " "),
                            "When": phase,
                            "Answers": len(p),
                            "Average (of 5)": round(float(p["score"].mean()), 1) if shows_group(len(p)) else None,
                        }
                    )
    return {k: (v if isinstance(v, pd.DataFrame) else pd.DataFrame(v)) for k, v in out.items()}


def write_workbook(eng, path, *, sessions=None, figures=None, load=manager_view, sheets=None):
    """Write ``results.xlsx`` at ``path`` (one sheet per figure table; ``sheets``: :func:`tables` when already
    computed); returns the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    sheets = tables(eng, sessions=sessions, figures=figures, load=load) if sheets is None else sheets
    for name, df in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(list(df.columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in df.itertuples(index=False):
            ws.append([_cell(v) for v in row])
        ws.freeze_panes = "A2"
        for i, col in enumerate(df.columns, start=1):
            longest = max([len(str(col))] + [len(str(v)) for v in df[col].head(200)])
            ws.column_dimensions[get_column_letter(i)].width = min(max(10, longest + 2), 60)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    _save_reproducibly(wb, Path(path), _as_of(eng, sessions))
    return Path(path)


def _as_of(eng, sessions):
    """The date the workbook's figures stand at: its latest session's (the file's own date, so that the same data
    gives the same bytes)."""
    import datetime as dt

    s = eng.sessions()
    if sessions is not None:
        s = s[s["session_id"].isin(list(sessions))]
    day = max(s["date"]) if len(s) else "2026-01-01"
    return dt.datetime.fromisoformat(day)


def _save_reproducibly(wb, path, when):
    """Save like openpyxl does, but with ``when`` as the document's dates and every zip entry's time, so that an
    unchanged engagement gives a byte-identical file (openpyxl stamps the time of saving)."""
    import io
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = wb.properties.modified = when
    buf = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)).save()
    write_zip_reproducibly(buf.getvalue(), path, when)


def _cell(v):
    """A value as the sheet holds it: numbers as numbers, blanks empty, text never run as a formula."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):  # numpy scalars
        v = v.item()
    if isinstance(v, str):
        return escape_cell(printable(v))
    return v
