"""The input a form shows for one column of the contract (a dropdown for a choice, a text box otherwise), and
numbers read as people type them."""

import re

import ipywidgets as w

# Currencies whose own way of writing uses a decimal comma (1.300.000,50): a lone comma is read as decimal there.
_DECIMAL_COMMA = {"EUR", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "BRL", "TRY", "RUB", "IDR", "ARS", "CLP", "COP"}
_SCALE = {"k": 1e3, "m": 1e6, "mn": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")  # 1 300 000, 1'300'000
NUMBER_KINDS = ("number", "measure", "int", "rate")


def choices(options, value=None, *, row=False, **kw):
    """One answer out of a few, tapped: radio buttons (a screen reader says which is checked; a toggle button cannot),
    drawn by the room as big buttons with a tick on the chosen one (``kit-choices``; ``row``: side by side, a score).
    Nothing is chosen until the person chooses (``value`` None): no answer by accident."""
    widget = w.RadioButtons(options=options, value=value, **kw)
    widget.add_class("kit-choices")
    if row:
        widget.add_class("kit-choices-row")
    return widget


def read_number(text, kind="number", currency=""):
    """A number as people type it: ``1,300,000``, ``1 300 000``, ``1.3M``, ``$60k``, ``60k``, ``USD 1.2m``, ``25%``;
    a decimal comma (``0,25``, and ``1.300.000,50`` where the currency writes so). A rate is a share of 1: ``25%``,
    ``0.25`` and ``25`` all read 0.25. None when it cannot be read (the form then says how to type it)."""
    s = str(text).strip()
    if not s:
        return None
    code = str(currency or "").upper()
    for c in {code, "USD", "EUR", "GBP"} - {""}:
        if s.upper().startswith(c):
            s = s[len(c) :]
        elif s.upper().endswith(c):
            s = s[: -len(c)]
    s = s.strip().strip("$€£¥₹").strip()
    negative = s[:1] in ("-", "−")
    s = s.lstrip("-−").strip()
    pct = s.endswith("%")
    s = s.rstrip("%").strip()
    scale = 1.0
    m = re.fullmatch(r"(.*?)\s*(bn|mn|mm|k|m|b)", s, re.IGNORECASE)
    if m and kind not in ("int", "rate"):
        s, scale = m.group(1), _SCALE[m.group(2).lower()]
    s = _SPACES.sub("", s)
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
    elif "," in s:
        grouped = re.fullmatch(r"\d{1,3}(,\d{3})+", s)
        decimal = "," if not grouped or (code in _DECIMAL_COMMA and s.count(",") == 1) else None
    elif "." in s:
        grouped = re.fullmatch(r"\d{1,3}(\.\d{3})+", s)
        decimal = None if grouped and (s.count(".") > 1 or code in _DECIMAL_COMMA) else "."
    else:
        decimal = None
    if decimal == ",":
        s = s.replace(".", "").replace(",", ".")
    elif decimal == ".":
        s = s.replace(",", "")
    else:
        s = s.replace(",", "").replace(".", "")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", s):
        return None
    value = float(s) * scale * (-1 if negative else 1)
    if pct:
        value /= 100
    elif kind == "rate" and 1 < value <= 100:  # 25 for a win rate means 25%
        value /= 100
    return int(value) if kind == "int" and value.is_integer() else value


def how_to_type(col, label, currency=""):
    """What a form says when it cannot read a number: in words, with an example, never a column's name."""
    if col.kind == "rate":
        return f"Type the {label} as a percentage, e.g. 25% or 0.25."
    if col.kind == "int":
        return f"Type the {label} as a whole number, e.g. 90."
    if col.money:
        return f"Type the {label} as an amount{f' in {currency}' if currency else ''}, e.g. 1,300,000 or 1.3M."
    if col.kind == "measure":
        return f"Type the {label} as a number or a percentage, e.g. 6 or 35%."
    return f"Type the {label} as a number, e.g. 1,300,000 or 1.3M."


def make_input(form, col):
    """The widget a form's column is typed or chosen in: from the contract's kind, the form's options and labels."""
    c = form.spec.col(col)
    label = form.field_words(col)
    label = label[:1].upper() + label[1:]  # a field's name as a sentence starts: "Who may see it"
    style = {"description_width": "180px"}
    layout = w.Layout(width="95%")
    if col in form.options:
        opts = form.options[col]
        widget = w.Dropdown(
            options=opts,
            value=opts[0][1] if opts else None,
            description=label,
            style=style,
            layout=w.Layout(width="60%"),
        )
    elif c.kind == "enum":
        widget = w.Dropdown(
            options=list(c.choices),
            value=c.choices[0],
            description=label,
            style=style,
            layout=w.Layout(width="60%"),
        )
    elif c.kind == "date":  # the phone's (and the browser's) own date picker: a date cannot be mistyped
        widget = w.DatePicker(description=label, style=style, layout=w.Layout(width="auto"))
    elif c.kind == "text" and col in ("goal", "text", "action", "comment"):
        widget = w.Textarea(description=label, style=style, layout=w.Layout(width="95%", height="64px"))
    else:
        widget = w.Text(
            description=label,
            style=style,
            layout=layout,
            placeholder={
                "rate": "e.g. 25%",
                "number": "e.g. 1,300,000 or 1.3M" if c.money else "e.g. 120",
                "measure": "e.g. 6 or 35%",
                "int": "a whole number",
            }.get(c.kind, ""),
        )
    widget.add_class(f"kit-{form.name}-{col}")
    return widget
