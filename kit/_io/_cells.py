"""A cell written to a spreadsheet and read back: formulas escaped, values as text, extra columns as JSON."""

import json

# A text cell starting with one of these is a formula to a spreadsheet program (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_like(text):
    return text.lstrip("'").startswith(_FORMULA_START)


def escape_cell(text):
    """Text as written to a CSV file: a cell a spreadsheet would run as a formula gets a leading ', which
    spreadsheets show as text. :func:`unescape_cell` gives the text back exactly (a lossless round trip)."""
    return "'" + text if isinstance(text, str) and _formula_like(text) else text


def unescape_cell(text):
    """A cell as read: the ' that :func:`escape_cell` (or a spreadsheet user) put before a formula-like text
    is taken off."""
    return text[1:] if text.startswith("'") and _formula_like(text) else text


def format_value(value):
    """A stored value as CSV text: whole numbers without '.0', other floats in shortest form."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def dumps_extra(extra):
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else "{}"
