"""One cell at a time: parsing what a person typed into the value a column holds, or a message saying why not."""

import datetime as dt
import math
import re

from .._io import format_value
from .._schema import ID_PATTERN, LARGEST, SESSION_MEMBER_REFS, SMALLEST, SMALLEST_RATE, TABLES
from ..errors import Problem

_ID = re.compile(ID_PATTERN)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+\s*%?$")
_NUMERIC = ("number", "measure", "rate", "int")

# Columns that name a member, per table; each must belong to the session's team.
MEMBER_COLUMNS = SESSION_MEMBER_REFS
KPI_TABLES = ("kpi_votes", "kpis", "kpi_actuals", "actions")

# ---------------------------------------------------------------- cells


def split_ids(text):
    """The ids of a list cell ('s1 o2', 's1+o2', 's1, o2')."""
    return [p for p in re.split(r"[\s+,;]+", str(text or "")) if p]


def _hint(col):
    if col.kind == "id":
        return "an id of letters, digits, - and _ only (e.g. north_2)"
    if col.kind == "enum":
        return "one of " + ", ".join(col.choices)
    if col.kind == "rate":
        return "a rate such as 0.25 or 25%"
    if col.kind == "date":
        return "a date written YYYY-MM-DD (e.g. 2026-03-14)"
    if col.kind == "int":
        if col.high is not None:
            return f"a whole number from {col.low:g} to {col.high:g}"
        return f"a whole number of at least {col.low:g}"
    if col.kind in ("number", "measure"):
        what = (
            "a number above 0"
            if col.positive
            else (f"a number of at least {col.low:g}" if col.low is not None else "a number")
        )
        pct = " or a percentage such as 35%" if col.kind == "measure" else ""
        return f"{what}, digits only (e.g. 120000){pct}, without currency sign or thousands separator"
    return "some text"


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, float):
        return format_value(value)
    return str(value)


# Characters a text may not hold: every control character but tab, line feed and carriage return (XML, so XLSX,
# PPTX and the PDF's text, refuses them; Word's Shift+Enter pastes U+000B).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_NAMES = {"\x00": "NUL", "\x0b": "U+000B, a vertical tab: Word's Shift+Enter", "\x0c": "U+000C, a form feed"}
_CONTROL_NAMES["\x1b"] = "U+001B, escape"


def parse_cell(col, raw):
    """Parse one cell for column ``col``; returns (value, None) or (None, message saying what is valid)."""
    raw = _as_text(raw)
    s = raw.strip()
    if not s:
        return None, (None if col.blank else f"is empty; write {_hint(col)}")
    kind = col.kind
    if kind in ("text", "label"):
        bad = _CONTROL.search(raw)
        if bad:
            return None, (
                f"holds an invisible control character ({_CONTROL_NAMES.get(bad.group(), f'U+{ord(bad.group()):04X}')})"
                " that spreadsheets and reports cannot show; delete it and type the text again (a line break is "
                "fine: Enter, not Shift+Enter in Word)"
            )
        return (raw if kind == "text" else s), None
    if kind == "id":
        return (s, None) if _ID.match(s) else (None, f"is not {_hint(col)}")
    if kind == "enum":
        low = s.lower()
        for choice in col.choices:
            if low == choice.lower():
                return choice, None
        if low in col.aliases:
            return col.aliases[low], None
        return None, f"is not {_hint(col)}"
    if kind == "date":
        if _DATE.match(s):
            try:
                return dt.date.fromisoformat(s).isoformat(), None
            except ValueError:
                return None, "is not a real date; write YYYY-MM-DD (e.g. 2026-03-14)"
        return None, f"is not {_hint(col)}"
    pct = s.endswith("%") and kind in ("rate", "measure")
    num = s[:-1].strip() if pct else s
    if not _NUMBER.match(num):
        if _DECIMAL_COMMA.match(s):
            return None, (
                f"is not {_hint(col)}: a decimal comma; write {s.replace(',', '.')}, or save the whole "
                "file with ';' between values (then decimal commas are read as such)"
            )
        return None, f"is not {_hint(col)}"
    value = float(num) / (100 if pct else 1)
    if not math.isfinite(value) or abs(value) > LARGEST:
        return None, f"is too large for the kit's figures; write a number of at most {LARGEST:,.0f}"
    if kind == "rate":
        if not 0 < value <= 1:
            return None, f"is not {_hint(col)} (between 0 and 1, or 0% to 100%)"
        if value < SMALLEST_RATE:
            return None, (
                f"is too small a rate for the kit's figures (they divide by it); write at least "
                f"{SMALLEST_RATE:g} ({SMALLEST_RATE:.1%})"
            )
        return value, None
    if kind == "int":
        if not value.is_integer():
            return None, f"is not {_hint(col)}"
        value = int(value)
    if (
        (col.low is not None and value < col.low)
        or (col.high is not None and value > col.high)
        or (col.positive and value <= 0)
    ):
        return None, f"is not {_hint(col)}"
    if col.positive and value < SMALLEST:
        return None, f"is too small for the kit's figures (they divide by it); write at least {SMALLEST:g}"
    return value, None


def _parse_rows(name, rows, problems):
    table = TABLES[name]
    for row in rows:
        parsed = {}
        for col in table.columns:
            cell = row.values.get(col.name)
            if row.comma and col.kind in _NUMERIC and isinstance(cell, str) and _DECIMAL_COMMA.match(cell.strip()):
                cell = cell.replace(",", ".")  # a file saved with ';' between values: the comma is the decimal one
            value, msg = parse_cell(col, cell)
            if msg:
                problems.append(
                    Problem(row.where, msg, row=row.line, column=col.name, value=row.values.get(col.name) or None)
                )
                row.bad.add(col.name)
            parsed[col.name] = col.default if value is None and col.default is not None else value
        row.raw, row.values = row.values, parsed
    return rows
