"""One export's cells as the CRMs write them: dates, amounts, yes/no flags; every bad cell kept as a problem.

Dates: ``2027-03-15`` (a time after it is ignored), ``3/15/2027``, ``15/03/2027``, ``15.03.2027``. Slashed dates are
read day first when a first part above 12 shows it, month first when a second part above 12 does, and otherwise as
the file suggests (``;`` between values: an org in a European locale, so day first). A two-digit year is 20xx below
70, else 19xx.

Amounts: ``12000``, ``12,000.00``, ``12.000,00``, ``12 000,00``, ``USD 12,000.00``, ``12.000,00 €``. The decimal mark
is decided for the whole file, as the dates are: a cell holding both ``.`` and ``,`` shows it (the last one), as
does a mark followed by other than three digits (``0,5``, ``1234.5``); with no such cell, the file's separator
decides (``;``: a decimal comma). Spaces and apostrophes group thousands. ``$`` must be a dollar currency.
"""

import datetime as dt
import re

from ..errors import Problem
from ._formats import NO, YES

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:[ ,T].*)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:[ ,T].*)?$")
_CODE = re.compile(r"^([A-Z]{3})\s*(.*)$|^(.*?)\s*([A-Z]{3})$")
_SYMBOLS = {"€": "EUR", "£": "GBP", "¥": "JPY"}
_DOLLARS = {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD"}
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_NUMBER = re.compile(r"^\d[\d.,]*$")


def _year(y):
    return y if y >= 100 else (2000 + y if y < 70 else 1900 + y)


def _bare(text):
    """An amount's digits and marks, without its currency and grouping spaces ('' when there is nothing else)."""
    text = str(text).replace("$", "")
    for sym in _SYMBOLS:
        text = text.replace(sym, "")
    text = text.strip()
    if m := _CODE.match(text):
        text = m.group(2) if m.group(1) else m.group(3)
    return _SPACES.sub("", text)


class Cells:
    """Reads one export's cells; every problem is kept (the first is reported, with how many more)."""

    def __init__(self, label, header, semicolon):
        self.label, self.header, self.semicolon = label, header, semicolon
        self.day_first, self.stated, self.problems = None, None, []
        self.decimal = "," if semicolon else "."

    def bad(self, line, col, value, message):
        self.problems.append(Problem(self.label, message, row=line, column=self.header[col], value=value))

    def decide(self, dates, amounts):
        """How this file writes dates (day or month first) and amounts (its decimal mark)."""
        firsts, seconds = set(), set()
        for v in dates:
            m = _SLASH.match(str(v).strip()) if not isinstance(v, (dt.date, dt.datetime)) else None
            if m:
                firsts.add(int(m.group(1)))
                seconds.add(int(m.group(2)))
        if firsts:
            self.day_first = max(firsts) > 12 or (max(seconds) <= 12 and self.semicolon)
        marks = set()
        for v in amounts:
            if isinstance(v, (int, float)):
                continue
            n = _bare(v)
            if "." in n and "," in n:
                marks.add(n[max(n.rfind("."), n.rfind(","))])
            else:
                for mark in ".,":
                    if mark in n and not re.search(rf"\{mark}\d{{3}}$", n):
                        marks.add(mark)
        if len(marks) == 1:
            self.decimal = marks.pop()

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
                d, mo, y = (a, b, _year(y)) if self.day_first else (b, a, _year(y))
            elif m := _DOTTED.match(text):
                d, mo, y = (int(g) for g in m.groups())
                y = _year(y)
            else:
                raise ValueError
            return dt.date(y, mo, d)
        except ValueError:
            order = "15/03/2027" if self.day_first else "3/15/2027"
            self.bad(line, col, text, f"is not a date (e.g. 2027-03-15, {order} or 15.03.2027)")
            return None

    def amount(self, line, col, value, currency):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value) if value >= 0 else self._negative(line, col, value)
        text = str(value).strip()
        if not text:
            return None
        code = next((c for s, c in _SYMBOLS.items() if s in text), None)
        if m := _CODE.match(text.replace("$", "").strip()):
            code = m.group(1) or m.group(4)
        number = _bare(text)
        example = "12.000,50" if self.decimal == "," else "12,000.50"
        if not _NUMBER.match(number):
            if number.startswith(("-", "(")) and _NUMBER.match(number.strip("-()")):
                return self._negative(line, col, text)
            self.bad(line, col, text, f"is not an amount (e.g. {example} or {currency or 'USD'} {example})")
            return None
        other = "," if self.decimal == "." else "."
        whole, mark, cents = number.replace(other, "").rpartition(self.decimal)
        try:
            x = float(f"{whole}.{cents}" if mark else cents)
        except ValueError:  # two decimal marks: 1.234.567 where '.' is the decimal mark
            self.bad(line, col, text, f"is not an amount (e.g. {example} or {currency or 'USD'} {example})")
            return None
        if "$" in text and currency and currency not in _DOLLARS:
            self.currency(line, col, "$", currency)
        if code:
            self.currency(line, col, code, currency)
        return x

    def _negative(self, line, col, text):
        self.bad(line, col, str(text), "is below 0; an opportunity's amount is 0 or more")
        return None

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
        elif code and code != "$":
            self.stated = code

    def flag(self, line, col, value):
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in YES:
            return True
        if text in NO:
            return False
        self.bad(line, col, str(value), "is neither yes nor no (true/false, 1/0)")
        return False
