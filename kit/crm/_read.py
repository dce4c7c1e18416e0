"""Reading an opportunity export (CSV or XLSX) into opportunities, every bad cell named as the spreadsheet shows it.

Dates are read as the CRMs write them: ``2027-03-15`` (with or without a time), ``3/15/2027`` (US), ``15/03/2027``
and ``15.03.2027`` (Europe). Slashed dates are read day first when a day above 12 shows it, month first when a
month position above 12 shows it, and otherwise as the file's separator suggests (``;``: an org in a European
locale, so day first). Amounts as ``12000``, ``12,000.00``, ``USD 12,000.00``, ``12.000,00 €`` (a decimal comma in a
``;`` file).
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .._io import decode_file, separator
from ..errors import Problem
from ._formats import NO, YES, column, missing, outcome_of_stage, recognise


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
        for role in ("owner", "amount", "created", "close", "stage", "won_flag", "closed_flag", "status")
        + ("won_date", "lost_date", "currency")
    }
    cells = _Cells(label, header, semicolon)
    date_cols = [cols[r] for r in ("created", "close", "won_date", "lost_date") if cols[r] is not None]
    cells.decide_order([row[c] for line, row in rows for c in date_cols if c < len(row)])
    found = []
    for line, row in rows:
        opp = cells.opportunity(line, row, cols, currency)
        if opp is not None:
            found.append(opp)
    if cells.problems:
        raise Refused(cells.problems[0], more=len(cells.problems) - 1)
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


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:[ ,T].*)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:[ ,T].*)?$")
_CODE = re.compile(r"^([A-Z]{3})\s*(.*)$|^(.*?)\s*([A-Z]{3})$")
_SYMBOLS = {"€": "EUR", "£": "GBP", "¥": "JPY", "$": None}


class _Cells:
    """Reads one export's cells; every problem is kept (the first is reported, with how many more)."""

    def __init__(self, label, header, semicolon):
        self.label, self.header, self.semicolon = label, header, semicolon
        self.day_first, self.stated, self.problems = None, None, []

    def bad(self, line, col, value, message):
        self.problems.append(Problem(self.label, message, row=line, column=self.header[col], value=value))

    def decide_order(self, values):
        firsts, seconds = set(), set()
        for v in values:
            m = _SLASH.match(str(v).strip()) if not isinstance(v, (dt.date, dt.datetime)) else None
            if m:
                firsts.add(int(m.group(1)))
                seconds.add(int(m.group(2)))
        if firsts or seconds:
            if max(firsts) > 12:
                self.day_first = True
            elif max(seconds) > 12:
                self.day_first = False
            else:
                self.day_first = self.semicolon

    def date(self, line, col, value, *, required):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if not text:
            if required:
                self.bad(line, col, "", "is empty; every opportunity needs this date")
            return None
        try:
            if m := _ISO.match(text):
                y, mo, d = (int(g) for g in m.groups())
            elif m := _SLASH.match(text):
                a, b, y = (int(g) for g in m.groups())
                d, mo = (a, b) if self.day_first else (b, a)
                y += 2000 if y < 100 else 0
            elif m := _DOTTED.match(text):
                d, mo, y = (int(g) for g in m.groups())
                y += 2000 if y < 100 else 0
            else:
                raise ValueError
            return dt.date(y, mo, d)
        except ValueError:
            order = "15/03/2027" if self.day_first else "3/15/2027"
            self.bad(line, col, text, f"is not a date (e.g. 2027-03-15, {order} or 15.03.2027)")
            return None

    def amount(self, line, col, value, currency):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        text = str(value).strip().replace("\u00a0", " ")
        if not text:
            return None
        code = None
        for sym, c in _SYMBOLS.items():
            if sym in text:
                text, code = text.replace(sym, "").strip(), c or code
        if m := _CODE.match(text):
            code, text = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        number = text.replace(" ", "").replace("'", "")
        if self.semicolon and not re.fullmatch(r"-?\d+\.\d{1,2}", number):
            number = number.replace(".", "").replace(",", ".")
        else:
            number = number.replace(",", "")
        try:
            x = float(number)
        except ValueError:
            example = "12.000,50" if self.semicolon else "12,000.50"
            self.bad(line, col, str(value), f"is not an amount (e.g. {example} or {currency or 'USD'} {example})")
            return None
        if not (0 <= x < 1e15):
            self.bad(line, col, str(value), "is not an amount the kit counts: it must be 0 or more")
            return None
        if code:
            self.currency(line, col, code, currency)
        return x

    def currency(self, line, col, code, currency):
        code = str(code).strip().upper()
        if code and currency and code != currency:
            self.bad(
                line,
                col,
                code,
                f"is not the engagement's currency ({currency}); export the amounts in {currency} "
                "(the CRM's converted amount) or change the engagement's currency",
            )
        elif code:
            self.stated = code

    def flag(self, line, col, value):
        text = str(value).strip().casefold()
        if isinstance(value, bool):
            return value
        if text in YES:
            return True
        if text in NO:
            return False
        self.bad(line, col, str(value), "is neither yes nor no (true/false, 1/0)")
        return False

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
            expected = self.date(line, cols["close"], cell("close")[0], required=False) if cols["close"] else None
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
