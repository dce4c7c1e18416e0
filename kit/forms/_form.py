"""The form every capture step builds on: widgets made from the contract, one submit that writes to the store
at once (or shows the same message the command line gives and writes nothing), and edit / remove of entries.

Model and view are split as in the ipywidgets tutorial: the model is the store (:class:`kit.Engagement`,
which validates) plus the step's analysis functions; a form only turns widget values into rows and
shows what the model says.
"""

import html

import ipywidgets as w

from .._schema import TABLES
from ..errors import KitError, ValidationError

__all__ = ["RowForm", "Message", "session_info", "member_options", "html_table", "next_id", "ANONYMOUS"]

ANONYMOUS = "(anonymous)"


def session_info(eng, session_id):
    """The session's row as a dict (its team, date, kind), or a clear error listing the valid ones."""
    s = eng.sessions(session_id=session_id)
    if s.empty:
        valid = ", ".join(eng.sessions()["session_id"]) or "(none yet: create one in 00_welcome)"
        raise KitError(f"no session {session_id!r} in {eng.path}; valid: {valid}")
    return s.iloc[0].to_dict()


def member_options(eng, team_id, *, roles=("seller", "manager"), blank=None):
    """(label, member_id) pairs for a dropdown: names first, the manager marked."""
    m = eng.members(team_id=team_id)
    m = m[m["role"].isin(roles)].sort_values(["role", "name"], ascending=[False, True])
    opts = [(f"{r.name}{' (manager)' if r.role == 'manager' else ''}", r.member_id) for r in m.itertuples()]
    return ([(blank, "")] if blank else []) + opts  # "" (not None, which ipywidgets shows as no choice)


def html_table(df, *, columns=None, empty="Nothing yet."):
    """A small HTML table for a form's list of entries; every value escaped."""
    if df is None or df.empty:
        return f"<p class='kit-empty'><i>{html.escape(empty)}</i></p>"
    cols = columns or list(df.columns)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if v is None or v != v else str(v))}</td>"
                                    for v in row) + "</tr>" for row in df[cols].itertuples(index=False))
    return (f"<table class='kit-table' style='border-collapse:collapse;font-size:15px'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


class Message(w.HTML):
    """The line under a form: green when saved, red with the validation message when not."""

    def __init__(self):
        super().__init__(value="")
        self.add_class("kit-message")

    def ok(self, text):
        self.value = f"<div class='kit-ok' style='color:#027a5a;font-size:15px'>✔ {html.escape(text)}</div>"

    def error(self, err):
        lines = ([p.text() for p in err.problems if p.severity == "error"] if isinstance(err, ValidationError)
                 else [str(err)])
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        self.value = (f"<div class='kit-error' style='color:#b23c00;font-size:15px'><b>Not saved:</b>"
                      f"<ul style='margin:2px 0'>{items}</ul></div>")


class RowForm:
    """Add, edit and remove the rows of one table for one session, straight in the store.

    Parameters
    ----------
    eng : Engagement
    table : str
        A table of the contract (goals, commitments, swot, ...).
    fixed : dict
        Values every row gets (e.g. ``{"session_id": "north-2026-01"}``); they are not shown.
    fields : list of str
        The columns shown, in order (default: every column not fixed).
    options : dict
        column -> list of (label, value) for a dropdown.
    labels : dict
        column -> the label people see.
    make_id : callable, optional
        For a key column not shown (e.g. item_id): function(existing DataFrame, column) -> a new id.
    widgets : dict, optional
        column -> a widget of your own for it (e.g. labelled buttons).
    listing : callable, optional
        function(DataFrame of this session's rows) -> DataFrame to show under the form.
    name : str
        Prefix of the CSS classes (``kit-<name>-<column>``, ``kit-<name>-submit``) tests and styles use.
    """

    def __init__(self, eng, table, *, fixed, fields=None, options=None, labels=None, make_id=None, listing=None,
                 name=None, title=None, upsert=False, widgets=None):
        self.eng, self.table, self.fixed = eng, table, dict(fixed)
        self.spec = TABLES[table]
        self.options, self.labels = options or {}, labels or {}
        self.make_id, self.listing, self.upsert = make_id, listing, upsert
        self.name = name or table
        self.fields = fields or [c for c in self.spec.names if c not in self.fixed]
        self.editing = None  # the key of the row being edited
        self.inputs = {c: (widgets or {}).get(c) or self._input(c) for c in self.fields}
        self.message = Message()
        self.save = w.Button(description="Save", button_style="primary", icon="check")
        self.save.add_class(f"kit-{self.name}-submit")
        self.save.on_click(lambda _: self.submit())
        self.clear = w.Button(description="New entry", icon="plus")
        self.clear.on_click(lambda _: self.reset())
        self.entries = w.Dropdown(description="Entry", layout=w.Layout(width="60%"))
        self.entries.add_class(f"kit-{self.name}-entries")
        self.edit = w.Button(description="Edit", icon="pencil")
        self.edit.on_click(lambda _: self.load_entry())
        self.remove = w.Button(description="Remove", icon="trash", button_style="warning")
        self.remove.on_click(lambda _: self.delete_entry())
        self.list = w.HTML()
        self.list.add_class(f"kit-{self.name}-list")
        header = [w.HTML(f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>")] if title else []
        self.widget = w.VBox(header + list(self.inputs.values()) + [
            w.HBox([self.save, self.clear]), self.message,
            w.HBox([self.entries, self.edit, self.remove]), self.list])
        self.widget.add_class(f"kit-{self.name}-form")
        self.refresh()

    # ---------------------------------------------------------------- widgets
    def _input(self, col):
        c = self.spec.col(col)
        label = self.labels.get(col, col.replace("_", " "))
        style = {"description_width": "180px"}
        layout = w.Layout(width="95%")
        if col in self.options:
            opts = self.options[col]
            widget = w.Dropdown(options=opts, value=opts[0][1] if opts else None, description=label, style=style,
                                layout=w.Layout(width="60%"))
        elif c.kind == "enum":
            widget = w.Dropdown(options=list(c.choices), value=c.choices[0], description=label, style=style,
                                layout=w.Layout(width="60%"))
        elif c.kind == "text" and col in ("goal", "text", "action", "comment"):
            widget = w.Textarea(description=label, style=style, layout=w.Layout(width="95%", height="64px"))
        else:
            widget = w.Text(description=label, style=style, layout=layout,
                            placeholder={"date": "YYYY-MM-DD", "rate": "0.25 or 25%", "number": "e.g. 120000",
                                         "measure": "e.g. 6 or 35%", "int": "a whole number"}.get(c.kind, ""))
        widget.add_class(f"kit-{self.name}-{col}")
        return widget

    def values(self):
        """The row the form would write: fixed values, widget values, and a new id if needed."""
        row = dict(self.fixed)
        for col, widget in self.inputs.items():
            v = widget.value
            row[col] = None if v == "" else v
        return row

    def rows(self):
        """This session's rows of the table, as in the store."""
        return self.eng.table(self.table, **{k: v for k, v in self.fixed.items() if k in self.spec.names})

    def _key_of(self, row):
        cols = self.spec.key or ("row_id",)
        return {c: row[c] for c in cols}

    # ---------------------------------------------------------------- actions
    def submit(self):
        """Write the form's row (add, or change the entry being edited); True when saved."""
        row = self.values()
        try:
            if self.editing is not None:
                self.eng.update(self.table, self.editing, **{k: v for k, v in row.items() if k in self.fields})
                done = "Changes saved."
            else:
                if self.make_id and any(k not in self.fields for k in self.spec.key):
                    new_key = [k for k in self.spec.key if k not in self.fields and k not in self.fixed][0]
                    row[new_key] = self.make_id(self.rows(), new_key)
                if self.upsert:
                    self.eng.put(self.table, row)
                else:
                    self.eng.add(self.table, row)
                done = "Saved."
        except KitError as e:
            self.message.error(e)
            return False
        self.message.ok(done)
        self.reset(keep_message=True)
        self.refresh()
        return True

    def reset(self, *, keep_message=False):
        self.editing = None
        self.save.description = "Save"
        for col, widget in self.inputs.items():
            if isinstance(widget, (w.Text, w.Textarea)) and col not in ("scenario",):
                widget.value = ""
        if not keep_message:
            self.message.value = ""

    def _entry_label(self, r):
        parts = [str(r.get(c)) for c in self.fields if r.get(c) is not None and str(r.get(c)) != "nan"]
        return " · ".join(p if len(p) < 40 else p[:38] + "…" for p in parts[:4])

    def refresh(self):
        """Re-read the store: the entries dropdown and the list under the form."""
        df = self.rows()
        self.entries.options = [(self._entry_label(r), i) for i, r in df.iterrows()] or [("(none yet)", None)]
        shown = self.listing(df) if self.listing else df[self.fields]
        self.list.value = html_table(shown)
        self._df = df

    def _selected(self):
        i = self.entries.value
        if i is None or i not in self._df.index:
            raise KitError("choose an entry in the list first")
        return self._df.loc[i].to_dict()

    def load_entry(self):
        """Put the chosen entry in the form to correct it; Save then changes it."""
        try:
            r = self._selected()
        except KitError as e:
            self.message.error(e)
            return
        for col, widget in self.inputs.items():
            v = r.get(col)
            if isinstance(widget, w.Dropdown):
                if v in [o[1] if isinstance(o, tuple) else o for o in widget.options]:
                    widget.value = v
            else:
                widget.value = "" if v is None or (isinstance(v, float) and v != v) else (
                    str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
        self.editing = self._key_of(r)
        self.save.description = "Save changes"
        self.message.ok("Editing the chosen entry: change it, then Save changes.")

    def delete_entry(self):
        try:
            r = self._selected()
            self.eng.delete(self.table, self._key_of(r))
        except KitError as e:
            self.message.error(e)
            return
        self.reset()
        self.message.ok("Removed.")
        self.refresh()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def next_id(prefix):
    """make_id for RowForm: the next free id like a01, a02 ... among the existing rows."""
    def make(existing, col=None):
        col = col or next((c for c in existing.columns if c.endswith("_id") and c not in ("session_id",)), None)
        taken = set(existing[col]) if col in existing else set()
        n = len(taken) + 1
        while f"{prefix}{n:02d}" in taken:
            n += 1
        return f"{prefix}{n:02d}"
    return make

