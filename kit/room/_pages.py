"""The wall's results cut into pages that fit a projected screen (1280×800 px at the wall's 24 px type).

A view (:class:`kit._views.View`) is made of notes, tables and charts. Each page holds what fits below the wall's
header, controls and counts; a long table or chart goes on over the next pages with its header repeated, and a table
too wide for the screen is cut into column groups, each with its first column (the seller, the item) repeated. Nothing
is shortened: every label is drawn in full, on some page. The sizes are estimated here, on the server, from the
characters each cell holds; the room's browser test checks every page of every step at 1280×800.
"""

import math
import weakref

from .._views import Table, view_html

__all__ = ["pages", "room_for"]

WIDTH = 1200  # px the results may take across at 1280 px (the wall's margins aside)
HEIGHT = 530  # px a page may take below the wall's header, control bar and counts, and above its page controls
CHAR = 12.0  # px of an average character at 24 px (Roboto: names and words, digits a little wider)
LINE = 34  # px of a line of text at 24 px
CELL = 32  # px of a line in a table's cell (its line height is tighter)
PAD = 20  # px of a table cell's padding, left and right
ROW = 10  # px of a table row's padding and rule


def room_for(counts, *, width=WIDTH):
    """The height a page of results may take under the wall's live counts ``counts`` (their text: one line or more,
    in bold 24 px type, a little wider than the results')."""
    per = width / (CHAR * 1.1)
    lines = max(1, math.ceil(len(counts) / per)) if counts else 1
    return HEIGHT - (lines - 1) * LINE


def pages(views, *, width=WIDTH, height=HEIGHT):
    """The HTML of each page of ``views`` (a list of Views), in order; at least one page."""
    out, page, room = [], [], height

    def close():
        nonlocal page, room
        if page:
            out.append(_draw(page))
        page, room = [], height

    for view in views:
        for part in _pieces(view, width):
            rows = _rows_of(part)
            if rows is None:  # drawn whole: on this page if it fits, else on the next
                cost = _height(part, width)
                if cost > room and page:
                    close()
                page.append((view.name, part))
                room -= cost
                continue
            start = 0
            while start < len(rows):  # a table or chart: as many rows as fit, then on over the next pages
                used, n = _top(_slice(part, start, len(rows), continued=start > 0), width), 0
                for r in range(start, len(rows)):
                    h = _row_height(part, r, width)
                    if used + h > room and n > 0:
                        break
                    used, n = used + h, n + 1
                if page and (used > room or n < min(2, len(rows) - start)):
                    close()  # not even two of its lines here: it starts on the next page
                    continue
                page.append((view.name, _slice(part, start, start + n, continued=start > 0)))
                room -= used
                start += n
                if start < len(rows):
                    close()
    close()
    return out or [""]


def _draw(page):
    """A page's parts, grouped back into their views (the same classes as the wall's whole views)."""
    groups = []
    for name, part in page:
        if groups and groups[-1][0] == name:
            groups[-1][1].append(part)
        else:
            groups.append((name, [part]))
    return "".join(view_html(name, parts) for name, parts in groups)


def _pieces(view, width):
    """The view's parts, a too-wide table as several tables (column groups)."""
    for part in view.parts():
        if isinstance(part, Table) and not part.data.empty:
            yield from _column_groups(part, width)
        else:
            yield part


# ---------------------------------------------------------------- sizes


def _lines(text, px):
    """Lines ``text`` takes in a box ``px`` wide (words kept whole)."""
    text = str(text)
    if not text:
        return 1
    per = max(1, int(px // CHAR))
    lines, used = 1, 0
    for word in text.split():
        n = len(word)
        if used and used + 1 + n > per:
            lines, used = lines + 1, n
        else:
            used += n + (1 if used else 0)
        lines += max(0, math.ceil(n / per) - 1)
    return lines + text.count("\n")


def _columns(table):
    """Per column of the table as shown: (drawn on one line, longest cell, longest word, longest body cell), in
    characters. Figures and the first column (a name) stay on one line; other text wraps between words."""
    shown = table.text()
    out = []
    for i, col in enumerate(shown.columns):
        cells = [str(col)] + list(shown[col])
        word = max((len(w) for c in cells for w in (c.split() or [""])), default=0)
        body = max((len(c) for c in shown[col]), default=0)
        out.append((col in table.formats or i == 0, max(len(c) for c in cells), word, body))
    return shown, out


_MEASURED = weakref.WeakKeyDictionary()  # a table -> (width, its cells as shown, its columns' px): measured once


def _measure(table, width):
    """(the table's cells as shown, each column's px as a browser lays it out): figures on one line, text wrapping
    to share the rest. Measured once per table, however many of its rows are weighed."""
    got = _MEASURED.get(table)
    if got is None or got[0] != width:
        shown, cols = _columns(table)
        natural = [longest * CHAR + PAD for _, longest, _, _ in cols]
        least = [(max(body, word) if one_line else word) * CHAR + PAD for one_line, _, word, body in cols]
        if sum(natural) <= width:
            px = natural
        else:
            spare, grow = width - sum(least), [n - m for n, m in zip(natural, least)]
            px = [m + max(0, spare) * g / (sum(grow) or 1) for m, g in zip(least, grow)]
        got = _MEASURED[table] = (width, shown, px)
    return got[1], got[2]


def _widths(table, width):
    """Each column's px, as a browser lays out the table (see :func:`_measure`)."""
    return _measure(table, width)[1]


def _column_groups(table, width):
    """The table as it fits across: whole, or column groups that each repeat its first column."""
    shown, cols = _columns(table)
    names = list(shown.columns)
    # the narrowest a column is read in: a figure whole, text a word at a time (and never squeezed to nothing)
    least = [(max(body, word, 6) if one_line else max(word, 12)) * CHAR + PAD for one_line, _, word, body in cols]
    if sum(least) <= width:
        return [table]
    groups, group, used = [], [], least[0]
    for col, px in zip(names[1:], least[1:]):
        if group and used + px > width:
            groups.append(group)
            group, used = [], least[0]
        group.append(col)
        used += px
    groups.append(group)
    out = []
    for i, group in enumerate(groups):
        caption = table.caption if i == 0 else f"More columns for each {str(names[0]).lower()}"
        keep = [names[0]] + group
        formats = {c: f for c, f in table.formats.items() if c in keep}
        out.append(Table(table.data[keep], formats, caption=caption, empty=table.empty))
    return out


def _top(part, width):
    """The height of a table's caption and header, a chart's title and legend, a board's margins: what a part cut
    over pages repeats on each."""
    if isinstance(part, Table):
        cap = _lines(part.caption, width) * LINE + 12 if part.caption else 0
        px = _widths(part, width)
        return cap + max(_lines(c, w - PAD) for c, w in zip(part.data.columns, px)) * CELL + ROW + 16
    if part["kind"] == "board":
        return LINE + 24
    top = LINE + 16 + (LINE if part.get("legend") or part.get("ref_label") else 0)
    if part["kind"] == "heat":
        top += LINE + ROW + (LINE if part.get("note") else 0)
    return top


def _height(part, width):
    rows = _rows_of(part)
    if rows is not None:
        return _top(part, width) + sum(_row_height(part, r, width) for r in range(len(rows)))
    if isinstance(part, Table):  # no rows: its caption and the line saying so
        cap = _lines(part.caption, width) * LINE + 12 if part.caption else 0
        return cap + LINE + 12
    if isinstance(part, str):
        return _lines(part, width) * LINE + 12
    if isinstance(part, dict):
        kind = part.get("kind")
        if kind in ("text", "empty"):
            return _lines(part["text"], width) * LINE + 14
        if kind == "list":
            return sum(_lines(x, width - 40) * LINE + 4 for x in part["items"]) + 20
    return 2 * LINE


def _rows_of(part):
    """The rows a part can be cut between (None: a part drawn whole)."""
    if isinstance(part, Table) and not part.data.empty:
        return list(range(len(part.data)))
    if isinstance(part, dict) and part.get("kind") in ("bars", "heat") and part["rows"]:
        return part["rows"]
    if isinstance(part, dict) and part.get("kind") == "board":  # a band of boxes: cut between their items
        return list(range(max([len(c["items"]) for c in part["cells"]] + [1])))
    return None


def _row_height(part, r, width):
    if isinstance(part, Table):
        shown, px = _measure(part, width)
        return max(_lines(c, w - PAD) for c, w in zip(shown.iloc[r], px)) * CELL + ROW
    if part["kind"] == "board":  # the r-th item of each box, side by side
        px = width / len(part["cells"]) - 60
        return max([_lines(c["items"][r], px) * LINE + 4 for c in part["cells"] if r < len(c["items"])] + [LINE])
    row = part["rows"][r]
    if part["kind"] == "bars":  # the label in 40% of the width; the bar, then its words, in the rest
        label = _lines(row["label"], 0.4 * width - 12)
        return max(label * LINE, 26 + _lines(row["text"], 0.6 * width - 12) * 30) + 10
    return _lines(row["label"], 0.35 * width) * LINE + ROW


def _slice(part, start, stop, *, continued):
    """Rows ``start`` to ``stop`` of a table or chart, its title saying when it goes on from the page before."""
    if isinstance(part, Table):
        caption = part.caption
        if continued:
            caption = f"{caption} (continued)" if caption else "Continued from the page before"
        return Table(part.data.iloc[start:stop], part.formats, caption=caption, empty=part.empty)
    if part["kind"] == "board":
        more = " (continued)" if continued else ""
        cells = [{**c, "title": c["title"] + more, "items": c["items"][start:stop]} for c in part["cells"]]
        if continued:  # a box whose items all went on an earlier page is not drawn again ("None yet" would be wrong)
            cells = [c for c in cells if c["items"]]
        return {**part, "cells": cells}
    title = part["title"] + (" (continued)" if continued else "")
    return {**part, "rows": part["rows"][start:stop], "title": title}
