"""What a notebook view is made of: worded tables formatted at display time, notes, charts, live areas; the
words the steps share."""

import html

import pandas as pd

from . import _blocks
from . import _format as fmt
from ._schema import SHORTFALL, STATUS_WORDS

# What the wall says instead of each person's scores and results.
INDIVIDUAL_RESULTS = (
    "Individual results go to the manager's report and each seller's one-pager; the room sees the team's figures."
)

_ROLES = {"seller": "Seller", "manager": "Manager"}
_KINDS = {"kickoff": "Kickoff", "review": "Review"}
_CONTROL = {"team": "the team", "individual": "one person", "external": "outside our control"}
_PAIRS = {
    "SO": "Strength on an opportunity",
    "WO": "Fix a weakness to seize an opportunity",
    "ST": "Strength against a threat",
    "WT": "Reduce a weakness before a threat hits",
}
_STATUS = {k: v.capitalize() for k, v in STATUS_WORDS.items()}
_KPI_STATUS = {"win": "At or above target", "on the way": "On the way", "shortfall": f"Below {SHORTFALL:.0%}"}


# ---------------------------------------------------------------- what a view is made of


class Table:
    """A table as people read it: worded headers, numbers underneath (``data``), formatted only when shown.

    Parameters
    ----------
    data : DataFrame
        One row per line shown, columns named in words; figures as numbers.
    formats : dict
        column -> function(value) -> text (from :mod:`kit._format`); other columns are shown as text.
    caption : str, optional
        One line above the table.
    empty : str
        What is said when there are no rows.
    """

    def __init__(self, data, formats=None, *, caption=None, empty="Nothing yet."):
        self.data = data.reset_index(drop=True)
        self.formats, self.caption, self.empty = dict(formats or {}), caption, empty

    def text(self):
        """The table as shown: every cell a string (a dash for a blank; never NaN, None, True or False)."""
        out = pd.DataFrame(index=self.data.index)
        for col in self.data.columns:
            f = self.formats.get(col, fmt.cell)
            out[col] = [f(v) if not fmt.blank(v) else fmt.DASH for v in self.data[col]]
        return out

    def styler(self):
        """The same table as a pandas Styler (numbers underneath, formatted at display), for notebooks of your own."""
        return self.data.style.format(
            {c: f for c, f in self.formats.items() if c in self.data}, na_rep=fmt.DASH, escape="html"
        ).hide(axis="index")

    def html(self):
        lines = [_line(self.caption)] if self.caption else []
        if self.data.empty:
            return "".join(lines) + _line(self.empty, muted=True)
        shown = self.text()
        columns = [str(c) for c in shown.columns]
        numeric = [str(c) for c in shown.columns if c in self.formats]
        # the documents' table block, drawn by their macro; focusable: a table wider than a phone scrolls in
        # itself, and a keyboard must reach it too
        block = _blocks.table(columns, shown.values.tolist(), numeric=numeric, focusable=True)
        return "".join(lines) + blocks_html([block])

    def __repr__(self):
        return self.text().to_string(index=False) if len(self.data) else self.empty


def _line(text, *, muted=False):
    colour = "#5b6675" if muted else "#1f2a37"
    return f"<p style='font-size:16px;color:{colour};margin:6px 0'>{html.escape(text)}</p>"


class Note(str):
    """One line of text in a view (escaped when shown)."""


# The blocks' look on a screen (a notebook, the wall, a phone): the same blocks and classes as the documents',
# sized for a screen; the wall's larger type carries into them (em).
_BLOCK_CSS = """<style>
.kit-chart { --accent: #0173b2; --muted: #5b6675; color: #1f2a37; }
.kit-chart table { border-collapse: collapse; margin: 4px 0 12px; font-size: 15px; max-width: 100%; }
.kit-chart table.fixed { table-layout: auto; } .kit-chart colgroup { display: none; }
.kit-chart th, .kit-chart td { padding: 5px 12px; border-bottom: 1px solid #e3e8ef; vertical-align: top;
  text-align: left; white-space: pre-line; overflow-wrap: normal; }
.kit-chart th { background: #f3f7fb; border-bottom: 2px solid #0173b2; font-weight: 600; }
.kit-chart td.num, .kit-chart th.num { text-align: right; } .kit-chart td.num { white-space: nowrap; }
.kit-chart .barchart { margin: 6px 0 12px; max-width: 60em; }
.kit-chart .bartitle { font-weight: 600; font-size: 1.1em; margin: 6px 0 4px; }
.kit-chart .barlegend { font-size: .9em; color: var(--muted); margin: 0 0 4px; }
.kit-chart table.bars { border-collapse: collapse; width: 100%; }
.kit-chart table.bars td { border: 0; padding: 3px 6px; vertical-align: top; }
.kit-chart table.bars td.barlabel { width: 40%; text-align: right; }
.kit-chart .track { position: relative; height: 1.1em; background: #eef1f5; border-radius: 2px; margin-top: 2px; }
.kit-chart .track .bar { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 2px;
  background: var(--accent); }
.kit-chart .track .ref { position: absolute; top: -3px; bottom: -3px; width: 0; border-left: 2px dashed #1d2733; }
.kit-chart .t-good { background: #029e73 !important; } .kit-chart .t-bad { background: #d55e00 !important; }
.kit-chart .t-mid { background: #de8f05 !important; } .kit-chart .t-a { background: #0173b2 !important; }
.kit-chart .t-b { background: #cc78bc !important; }
.kit-chart .bartext { font-size: .9em; color: var(--muted); }
.kit-chart .sw { display: inline-block; width: .7em; height: .7em; vertical-align: middle; margin-left: 8px; }
.kit-chart .sw.refmark { width: 0; height: .9em; border-left: 2px dashed #1d2733; }
.kit-chart .scroll { overflow-x: auto; }
.kit-chart .board { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; margin: 0 0 10px; }
.kit-chart .board .cell { background: #f6f8fa; border-top: 6px solid #0173b2; padding: 4px 12px; min-width: 0; }
.kit-chart .board .celltitle { font-weight: 700; margin: 2px 0; }
.kit-chart .board ul { margin: 0; padding-left: 1.1em; } .kit-chart .board li { margin: 2px 0; }
.kit-chart .board .empty { color: var(--muted); margin: 2px 0; }
.kit-chart .t-line-good { border-top-color: #029e73; } .kit-chart .t-line-bad { border-top-color: #d55e00; }
.kit-chart .t-line-a { border-top-color: #0173b2; } .kit-chart .t-line-mid { border-top-color: #de8f05; }
.kit-chart table.bars { font-size: inherit; margin: 0; } .kit-chart table.bars td { border: 0; white-space: normal; }
</style>"""


def blocks_html(blocks):
    """Blocks of :mod:`kit._blocks` drawn by the documents' macro, with their look on a screen."""
    return "<div class='kit-chart'>" + _BLOCK_CSS + "".join(_blocks.html(b) for b in blocks) + "</div>"


def view_html(name, parts):
    """A view's parts (tables, notes, blocks) drawn, as the view ``name`` (or a page of it: :mod:`kit.room._pages`)."""
    out = []
    for p in parts:
        if isinstance(p, Table):
            out.append(p.html())
        elif isinstance(p, str):
            out.append(_line(p))
        elif isinstance(p, dict):  # a block of the documents: a chart, a line, a list
            out.append(blocks_html([p]))
    return f"<div class='kit-view kit-view-{name}'>{''.join(out)}</div>"


def is_chart(part):
    """A view's part drawn as a chart (a block of :mod:`kit._blocks`: bars, heat)."""
    return isinstance(part, dict) and part.get("kind") in ("bars", "heat", "board")


class View:
    """One table or chart of a notebook, built from the session as the Workshop's audience may see it.

    ``data`` is the first table's numbers, ``tables`` / ``figures`` / ``notes`` what the view is made of.
    Displayed in a notebook, it is a live area (an HTML widget) that :meth:`Workshop.refresh` re-draws after
    every save of a form.
    """

    def __init__(self, ws, name, build):
        self.ws, self.name, self._build = ws, name, build

    def parts(self):
        out = self._build()
        return [p for p in (out if isinstance(out, list) else [out]) if p is not None]

    @property
    def tables(self):
        return [p for p in self.parts() if isinstance(p, Table)]

    @property
    def data(self):
        t = self.tables
        return t[0].data if t else None

    @property
    def notes(self):
        return [str(p) for p in self.parts() if isinstance(p, str)]

    @property
    def charts(self):
        """The view's charts: blocks of :mod:`kit._blocks` (bars, heat), drawn as the documents draw them."""
        return [p for p in self.parts() if is_chart(p)]

    def html(self):
        return view_html(self.name, self.parts())

    def text(self):
        """What the view says, as plain text (its notes, tables and charts), e.g. for a test."""
        out = []
        for p in self.parts():
            if isinstance(p, Table):
                out += [p.caption or "", repr(p)]
            elif isinstance(p, str):
                out.append(str(p))
            elif isinstance(p, dict) and p.get("kind") in ("text", "empty"):
                out.append(p["text"])
            elif isinstance(p, dict) and p.get("kind") == "board":
                out += [f"{c['title']}: " + "; ".join(c["items"]) for c in p["cells"]]
            elif is_chart(p):
                out.append(p["title"])
                if p["kind"] == "bars":
                    out += [f"{r['label']}: {r['text']}" for r in p["rows"]]
                else:
                    out += [f"{r['label']}: " + " ".join(c["text"] for c in r["cells"]) for r in p["rows"]]
        return "\n".join(x for x in out if x)

    def __repr__(self):
        return self.text()

    def _ipython_display_(self):
        import ipywidgets as w
        from IPython.display import display

        area = w.HTML(value=self.html())
        area.add_class(f"kit-view-{self.name}")
        # one live area per view: displaying it again (a cell run twice) replaces the one before
        self.ws._areas[:] = [(a, v) for a, v in self.ws._areas if v.name != self.name] + [(area, self)]
        bundle = area._repr_mimebundle_()
        bundle["text/html"] = area.value  # read without a kernel (a static page, a diff viewer)
        display(bundle, raw=True)


def _two(x):
    return fmt.num(x, 2)


def _count_or_mean(x):
    return fmt.count(x) if float(x).is_integer() else fmt.num(x, 1)


def _scope(scope):
    return "The whole team" if scope == "team" else str(scope)
