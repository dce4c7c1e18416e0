"""Figures in people's words: money with the currency, rates as %, KPI values with their unit, blanks as a dash.

Every view (a notebook table, a form's list, a report section) formats numbers here, at display time; the
session model and the analysis functions keep them as numbers.
"""

import re

__all__ = [
    "printable",
    "sentence",
    "and_list",
    "DASH",
    "blank",
    "text_or_dash",
    "num",
    "money",
    "amount",
    "pct",
    "measure",
    "unit_words",
    "signed",
    "plural",
    "count",
    "date",
    "number_words",
]

DASH = "–"


def blank(x):
    """True for a missing value: None, NaN, pandas' NA."""
    if x is None:
        return True
    try:
        return bool(x != x)  # NaN and pd.NA
    except (TypeError, ValueError):
        return False


def text_or_dash(x):
    """A free-text cell as a reader sees it: a dash for a blank (None, NaN, pandas' NA or only spaces)."""
    return DASH if blank(x) or str(x).strip() == "" else x


def cell(v):
    """One value in a table cell, as a person reads it: a dash for a blank, Yes or No, a whole number without '.0',
    other numbers to two places (the one formatter of every table that has no format for a column)."""
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return "Yes" if v else "No"
    if blank(v):
        return DASH
    if isinstance(v, float):
        return num(v, 0 if v.is_integer() else 2)
    return str(v)


def num(x, digits=0):
    """1234.5 -> '1,235' (digits after the point as asked); a dash for a missing value."""
    return DASH if blank(x) else f"{float(x):,.{digits}f}"


def money(x, currency=""):
    """An amount with the engagement's currency: 'USD 1,200,000'."""
    if blank(x):
        return DASH
    return f"{currency} {float(x):,.0f}".strip()


def amount(x, currency=""):
    """An amount as running text says it, rounded to what a reader uses: 'USD 1.31M', 'USD 350k', 'USD 8,500'
    (tables give the full figure with :func:`money`)."""
    if blank(x):
        return DASH
    v = float(x)
    sign, a = ("-" if v < 0 else ""), abs(v)
    if a >= 999_500:
        text = f"{a / 1e6:.2f}".rstrip("0").rstrip(".") + "M"
    elif a >= 10_000:
        text = f"{a / 1e3:.0f}k"
    else:
        text = f"{a:,.0f}"
    return f"{currency} {sign}{text}".strip()


def pct(x, digits=0):
    """0.8 -> '80%'."""
    return DASH if blank(x) else f"{float(x):.{digits}%}"


def signed(x, digits=2):
    """+0.25 / -0.10 / 0.00: a change or a gap, with its sign."""
    if blank(x):
        return DASH
    s = f"{float(x):.{digits}f}"
    return "+" + s if float(s) > 0 else s


# How a KPI's unit (kpi_catalog.yaml) is said after a number: "6 meetings", "24 hours", "2.5× quota".
_UNITS = {
    "meetings": ("meeting", "meetings"),
    "touches": ("touch", "touches"),
    "days": ("day", "days"),
    "hours": ("hour", "hours"),
    "opportunities": ("opportunity", "opportunities"),
    "proposals": ("proposal", "proposals"),
    "sessions": ("session", "sessions"),
}


def unit_words(unit, value=2):
    """The unit as said after ``value`` ('meeting' / 'meetings'); '' for %, ratio and currency."""
    if unit in _UNITS:
        one, many = _UNITS[unit]
        return one if not blank(value) and float(value) == 1 else many
    return "" if unit in ("%", "ratio", "currency", None) else str(unit)


def measure(value, unit, currency=""):
    """A KPI value or target with its unit: '35%', '2.5× quota', 'USD 40,000', '6 meetings', '24 hours'."""
    if blank(value):
        return DASH
    value = float(value)
    if unit == "%":
        return pct(value)
    if unit == "ratio":
        return f"{value:.1f}×"
    if unit == "currency":
        return money(value, currency)
    digits = 0 if value.is_integer() else 1
    words = unit_words(unit, value)
    return f"{value:,.{digits}f} {words}".strip()


_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def number_words(n, *, zero="zero"):
    """3 -> 'three' (up to ten; larger numbers as digits), as a count is said in a sentence."""
    if n == 0:
        return zero
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def plural(n, one, many=None):
    """'1 answer' / '3 answers'."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def count(n):
    """A whole number for a table: '3'; a dash when missing."""
    return DASH if blank(n) else f"{int(n):,}"


def date(d):
    """An ISO date as written in the reports: '2026-04-21' -> '21 Apr 2026'."""
    if blank(d) or not d:
        return DASH
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(d)[:10]).strftime("%-d %b %Y")
    except ValueError:
        return str(d)


def and_list(words):
    """'A', 'A and B', 'A, B and C'."""
    words = [str(w) for w in words]
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]


_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def printable(text):
    """Text as a document may hold it (XLSX, PPTX and PDF refuse control characters): a vertical tab or a form feed
    (Word's Shift+Enter, a page break) becomes a line break, any other control character but tab, line feed and
    carriage return is left out. The kit refuses them on every entry; a store written before that may hold some."""
    return _UNPRINTABLE.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n")) if isinstance(text, str) else text


def sentence(words):
    """Words as a sentence: the first letter a capital (the rest as written: 'KPIs' stays), a full stop at the end."""
    words = str(words).strip()
    return words[:1].upper() + words[1:] + ("" if words.endswith((".", "!", "?")) else ".")


def span_words(span):
    """(3, 5) -> 'three to five', as the method's advice is said."""
    lo, hi = span
    return f"{number_words(lo)} to {number_words(hi)}"
