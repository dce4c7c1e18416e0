"""The pieces a report section is made of (a table, a bar chart drawn in HTML, a line of text), as plain dicts the
template lays out. Values arrive formatted (``kit._format``); nothing here reads the store.

Every chart of the documents is drawn in HTML and CSS (:func:`bars`, :func:`heat`): one language and one palette,
crisp in the PDF, its labels wrapped in full and readable on a phone, its text escaped like any other."""

import pandas as pd

from . import _format as fmt
from ._schema import MEMBER_REFS

__all__ = ["table", "bars", "heat", "text", "empty", "items", "figure", "section", "carried", "template", "html"]

_env = None


def template(name):
    """A template of ``templates/`` (autoescaped: every value from the data is escaped once)."""
    global _env
    if _env is None:
        import jinja2

        from .catalog import TEMPLATES

        _env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _env.get_template(name)


def html(block):
    """One block as HTML, drawn by the documents' own macro (``templates/_blocks.html.j2``): a notebook's view and
    the room's wall show the report's charts, not charts of their own."""
    return str(template("_blocks.html.j2").module.block(block)).strip()


# Columns that name a person: an audience's cut may put a pseudonym there (kit.audience).
_PEOPLE = sorted({c for cols in MEMBER_REFS.values() for c in cols if c != "manager_id"})


def table(columns, rows, *, numeric=(), focusable=False):
    """A table block; column widths (in %) follow the longest text of each column, capped, so that
    browsers and the PDF engine can lay it out without measuring every cell. ``focusable``: a keyboard can reach it
    to scroll it (a live screen's table, wider than a phone)."""
    longest = [
        3 + max([min(len(str(c)), 12), 8] + [min(max(map(len, str(r[i]).split("\n"))), 48) for r in rows])
        for i, c in enumerate(columns)
    ]
    total = sum(longest) or 1
    widths = [100 * n / total for n in longest]
    # no word is ever broken: a column is at least as wide as its longest word ('overdue', '2026-03-01'), taken
    # from the columns with room to spare (about 1.3% of a printed page's width a character, with the padding)
    least = [
        min(
            25.0,
            2.5 + 1.35 * max(len(word) for cell in [c] + [r[i] for r in rows] for word in str(cell).split() or [""]),
        )
        for i, c in enumerate(columns)
    ]
    for _ in range(3):
        short = [i for i, w in enumerate(widths) if w < least[i]]
        if not short:
            break
        need = sum(least[i] - widths[i] for i in short)
        spare = {  # a number column never wraps (it keeps its width); text columns give what they can spare
            i: w - least[i]
            for i, w in enumerate(widths)
            if i not in short and w > least[i] and columns[i] not in numeric
        }
        if not spare or sum(spare.values()) < need:
            break
        for i in short:
            widths[i] = least[i]
        room = sum(spare.values())
        for i, extra in spare.items():
            widths[i] -= need * extra / room
    widths = [round(w, 1) for w in widths]
    out = {
        "kind": "table",
        "columns": columns,
        "rows": rows,
        "numeric": [c in numeric for c in columns],
        "widths": widths,
        "keep": len(rows) <= 15,
    }  # short tables never split across pages
    if focusable:
        out["focusable"] = True
    return out


def bars(title, rows, *, scale, legend=None, ref_label=None):
    """A bar chart drawn in HTML: rows of {label, value, text, ref (a marker), tone (good/bad/mid/a/b)}."""
    lo, hi = scale
    for r in rows:
        r["width"] = None if fmt.blank(r["value"]) else max(0.0, min(100.0, (r["value"] - lo) / (hi - lo) * 100))
        ref = r.get("ref")
        r["ref_at"] = None if fmt.blank(ref) else max(0.0, min(100.0, (ref - lo) / (hi - lo) * 100))
        r.setdefault("tone", "")
    return {"kind": "bars", "title": title, "rows": rows, "legend": legend or [], "ref_label": ref_label}


def heat(title, columns, labelled_rows, note):
    """A coloured table (the blind-spot matrix): ``labelled_rows`` of (label, [value or NaN, ...]); red above 0,
    blue below, full colour at 2.5 points."""
    rows = []
    for label, values in labelled_rows:
        cells = []
        for v in values:
            if fmt.blank(v):
                cells.append({"text": fmt.DASH, "bg": "#ffffff"})
                continue
            k = min(abs(v) / 2.5, 1.0)
            rgb = (214, 96, 77) if v > 0 else (67, 147, 195)
            bg = "#%02x%02x%02x" % tuple(round(255 - (255 - x) * k) for x in rgb)
            cells.append({"text": f"{v:+.1f}", "bg": bg})
        rows.append({"label": label, "cells": cells})
    return {"kind": "heat", "title": title, "columns": columns, "rows": rows, "note": note}


def text(words, *, lead=False):
    """A paragraph; ``lead=True`` for one that introduces what follows it (kept on the same page)."""
    return {"kind": "text", "text": words, "lead": True} if lead else {"kind": "text", "text": words}


def empty(words):
    """The one line a section (or a part of one) shows when it has no data."""
    return {"kind": "empty", "text": words}


def board(cells):
    """Side-by-side boxes of items (one band of the SWOT's 2×2 board): ``cells`` of (title, tone, [item words])."""
    return {"kind": "board", "cells": [{"title": t, "tone": tone, "items": list(x)} for t, tone, x in cells]}


def items(entries):
    return {"kind": "list", "items": list(entries)}


def _anonymous(df):
    """The rows as a key that does not depend on who the people are, only on which rows are the same person's:
    each person column holds the order in which a person first appears in it (a name and the pseudonym an
    audience's cut put in its place give the same key). A self rating's rater is its seller; comments and row
    ids are left out."""
    out = df.drop(columns=[c for c in ("comment", "row_id") if c in df])
    for c in _PEOPLE:
        if c in out:
            people = out[c].astype(object)
            if c == "rater_id" and "rater_role" in out:
                people = people.where(out["rater_role"] != "self", None)
            out[c] = pd.factorize(people)[0]
    return out.to_csv(index=False)


def figure(session, name, rows, make):
    """``make(rows)``, computed once per team-session for rows that differ only in who the people are (every
    audience's cut of the same rows): for team figures that name nobody (a mean, the criterion means, alpha).
    Never for a result that holds a person's id or name."""

    def shared():
        cache = session.cache("figures")
        key = (name, _anonymous(rows))
        if key not in cache:
            cache[key] = make(rows)
        return rows, cache[key]  # the rows are kept with the result: their id() stays theirs

    return session.memo(("figure", name, id(rows)), shared)[1]


def section(title, *blocks, intro=None):
    """A section of the document: its title, an optional introduction, its blocks (None ones left out)."""
    return {"title": title, "intro": intro, "blocks": [b for b in blocks if b]}


def carried(session, table):
    """The line a review shows above what an earlier session agreed (None when the rows are this session's)."""
    was = session.carried.get(table)
    return text(f"As agreed at the session of {fmt.date(was['date'])} (not revisited since).") if was else None
