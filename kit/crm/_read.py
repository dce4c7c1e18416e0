"""Reading an opportunity export (CSV or XLSX) into opportunities, every bad cell named as the spreadsheet shows it
(how dates and amounts are read: :mod:`._cells`)."""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from .._io import decode_file, separator
from ..errors import Problem
from ._cells import Cells
from ._formats import column, missing, outcome_of_stage, recognise


@dataclass
class Opportunity:
    line: int  # its row as the spreadsheet shows it (the header is row 1)
    owner: str
    outcome: str  # won, lost, open; Pipedrive's deleted
    stage: str  # the stage (or status) as the export names it
    amount: float | None  # None: the export gives no amount
    created: dt.date
    closed: dt.date | None  # when it was won or lost; None while open
    expected: dt.date | None  # an open opportunity's expected close date


@dataclass
class Export:
    label: str  # the file's name, as messages and the report name it
    kind: str  # "a Salesforce opportunity report"
    opportunities: list
    day_first: bool | None  # how slashed dates were read (None: the export had none)
    currency: str | None  # the currency the export states, if any


class Refused(Exception):
    """The export cannot be read; ``problem`` says where and why (one line)."""

    def __init__(self, problem, more=0):
        if more:
            problem.message += f" (and {more} more cell{'s' if more != 1 else ''} like it)"
        super().__init__(problem.text())
        self.problem, self.more = problem, more


def read_export(path, *, currency, label=None):
    """The opportunities in the export at ``path``; raises :class:`Refused` with the first problem found."""
    path = Path(path)
    label = label or path.name
    if path.is_dir():
        raise Refused(Problem(str(path), "is a folder; give the CRM's opportunity export file (.csv or .xlsx)"))
    if not path.is_file():
        raise Refused(Problem(str(path), "no such file; give the CRM's opportunity export (.csv or .xlsx)"))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        records, semicolon = _workbook_records(path, label), False
    elif path.suffix.lower() in (".csv", ".txt"):
        records, semicolon = _csv_records(path, label)
    else:
        raise Refused(Problem(label, "is neither a .csv nor an .xlsx file; export the opportunities as CSV"))
    return from_records(label, records, semicolon=semicolon, currency=currency)


def _csv_records(path, label):
    class Src:
        problems = []

    text = decode_file(path, Src, label=label)
    if text is None:
        raise Refused(Src.problems[0])
    sep = separator(text)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep)), sep == ";"
    except csv.Error as e:
        raise Refused(Problem(label, f"cannot be read as CSV ({e})")) from e


def _workbook_records(path, label):
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged or mislabelled file
        raise Refused(Problem(label, f"cannot be opened as an Excel workbook ({e}); export it again")) from e
    try:
        for ws in wb.worksheets:  # the first sheet with an export's header (a report may add a cover sheet)
            records = [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]
            if records and recognise([str(h) for h in records[0]]):
                return records
        return [["" if v is None else v for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def from_records(label, records, *, semicolon=False, currency=None):
    """Opportunities from a header row and records (cells as text, or as a workbook typed them)."""
    records = [list(r) for r in records]
    # the header row: the first that names an export's columns (a formatted report puts its title above it), else
    # the first that is not blank (to say what it holds)
    top = next((i for i, r in enumerate(records[:20]) if recognise([str(h).strip() for h in r])), None)
    if top is None:
        top = next((i for i, r in enumerate(records) if any(str(c).strip() for c in r)), None)
    if top is None:
        raise Refused(Problem(label, "is empty; export the opportunities again, with the header row"))
    header = [str(h).strip() for h in records[top]]
    fmt = recognise(header)
    if fmt is None:
        raise Refused(
            Problem(
                label,
                f"is not an opportunity export the kit knows (its header starts {', '.join(header[:4])}); export "
                "a Salesforce opportunity report, a Salesforce data export of Opportunity, a HubSpot deals export or "
                "a Pipedrive deals export",
            )
        )
    lacking = missing(fmt, header)
    if lacking:
        raise Refused(
            Problem(
                label,
                f"is {fmt.name} without the column {lacking[0]}; it must contain {', '.join(fmt.needs)}: {fmt.how}",
            )
        )
    rows = _data_rows(records, top)
    if not rows:
        raise Refused(Problem(label, f"is {fmt.name} with a header but no opportunities; export it with its rows"))
    cols = {
        role: column(header, getattr(fmt, role))
        for role in ("owner", "amount", "company_amount", "created", "close", "expected", "stage", "won_flag")
        + ("closed_flag", "status", "won_date", "lost_date", "currency")
    }
    if cols["company_amount"] is not None:  # HubSpot's amount in the company's currency: the one to count
        cols["amount"], cols["currency"] = cols["company_amount"], None
    cells = _Cells(label, header, semicolon)
    date_cols = [cols[r] for r in ("created", "close", "expected", "won_date", "lost_date") if cols[r] is not None]
    cells.decide(
        [row[c] for line, row in rows for c in date_cols if c < len(row)],
        [row[cols["amount"]] for line, row in rows if cols["amount"] < len(row)],
    )
    found = []
    for line, row in rows:
        opp = cells.opportunity(line, row, cols, currency)
        if opp is not None:
            found.append(opp)
    if cells.problems:
        raise Refused(cells.problems[0], more=len(cells.problems) - 1)
    if not fmt.status and cols["won_flag"] is None and not any(o.outcome != "open" for o in found):
        stages = sorted({o.stage for o in found if o.stage})[:4]
        raise Refused(
            Problem(
                label,
                f"has no stage the kit reads as won or lost ({', '.join(stages)}…): add the columns "
                f"{' and '.join(fmt.won_flag[:1] + fmt.closed_flag[:1])} to the export (they say won and closed "
                "whatever the stages are called), then export again",
            )
        )
    return Export(label, fmt.name, found, cells.day_first, cells.stated)


def _data_rows(records, top):
    """(row as the spreadsheet shows it, cells) for each data row; a report's footer after a blank row (Salesforce
    adds the report's name, its copyright and who ran it, one cell a line) is not data."""
    out = []
    for offset, rec in enumerate(records[top + 1 :], start=top + 2):
        filled = [c for c in rec if str(c).strip()]
        if not filled:
            later = records[offset:]
            if all(sum(1 for c in r if str(c).strip()) <= 1 for r in later):
                break  # the footer
            continue
        out.append((offset, rec))
    return out


class _Cells(Cells):
    """The export's cells, and an opportunity from a row of them."""

    def opportunity(self, line, row, cols, currency):
        def cell(role):
            i = cols[role]
            return (row[i] if i is not None and i < len(row) else ""), i

        owner = " ".join(str(cell("owner")[0]).split())
        created = self.date(line, cols["created"], cell("created")[0], required=True)
        amount = self.amount(line, cols["amount"], cell("amount")[0], currency)
        if cols["currency"] is not None:
            self.currency(line, cols["currency"], cell("currency")[0], currency)
        if cols["status"] is not None:  # Pipedrive: a status, and the date it was won or lost
            stage = str(cell("status")[0]).strip()
            outcome = stage.casefold() if stage.casefold() in ("won", "lost", "deleted") else "open"
            closed = None
            if outcome in ("won", "lost"):
                role = "won_date" if outcome == "won" or cols["lost_date"] is None else "lost_date"
                if outcome == "lost" and cols["lost_date"] is None and cols["close"] is not None:
                    role = "close"
                closed = self.date(line, cols[role], cell(role)[0], required=True)
            role = "expected" if cols["expected"] is not None else "close"
            expected = self.date(line, cols[role], cell(role)[0], required=False) if cols[role] is not None else None
        else:
            stage = str(cell("stage")[0]).strip()
            if cols["won_flag"] is not None:
                won = self.flag(line, cols["won_flag"], cell("won_flag")[0])
                shut = self.flag(line, cols["closed_flag"], cell("closed_flag")[0]) if cols["closed_flag"] else None
                if shut is None:  # no Closed column: a stage named lost says so
                    shut = won or outcome_of_stage(stage) == "lost"
                outcome = "won" if won else "lost" if shut else "open"
            else:
                outcome = outcome_of_stage(stage)
            date = self.date(line, cols["close"], cell("close")[0], required=outcome != "open")
            closed, expected = (date, None) if outcome != "open" else (None, date)
        if not owner:
            owner = ""
        return Opportunity(line, owner, outcome, stage, amount, created, closed, expected) if created else None
