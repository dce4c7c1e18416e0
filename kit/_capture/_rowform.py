"""RowForm: add, edit and remove the rows of one table for one session, straight in the store."""

import datetime as dt
import html

import ipywidgets as w
import pandas as pd

from .. import _format as fmt
from .._schema import TABLES
from ..audience import cut_table
from ..audience import policy as as_policy
from ..errors import KitError
from ._entries import Entries
from ._inputs import NUMBER_KINDS, how_to_type, make_input, read_number
from ._parts import (
    Held,
    Message,
    changed,
    register,
)


class RowForm(Held, Entries):
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
    listing : callable or False, optional
        function(DataFrame of the rows shown, cut to the audience) -> DataFrame to show under the form. The rows
        carry ``carried`` (agreed at an earlier session) and ``agreed`` (that session's date). False: no list under
        the entries (a participant's phone, whose entries say it all).
    name : str
        Prefix of the CSS classes (``kit-<name>-<column>``, ``kit-<name>-submit``) tests and styles use.
    audience : str or Policy
        Whose view the form shows ('wall', the default, for the projected notebooks; 'manager'; ...).
    on_change : callable, optional
        Called with no arguments after every successful write (so the tables and charts under it re-render).
    rows : callable, optional
        function() -> this session's rows as stored (default: the table filtered by ``fixed``).
    earlier : callable, optional
        function() -> rows agreed at earlier sessions that this session shows, each with ``agreed`` (a date).
    earlier_fields : tuple
        The fields that may be changed on an earlier row (e.g. an action's status); none: read-only.
    revisit : tuple
        The fields a seller may change on an earlier row by revisiting it (e.g. a target account's progress): Save
        records it again in this session with the change, and the earlier session keeps it as it was agreed.
    start : dict
        column -> the choice every new entry starts at (e.g. the most private visibility).
    locked : callable, optional
        function(entry dict, policy) -> why this entry cannot be opened or removed here (None: it can).
    hidden : callable, optional
        function(policy) -> fields the audience may not read: never loaded into an input, never overwritten.
    label : callable, optional
        function(entry dict) -> its words in the list of entries (each with its own Edit and Remove).
    save_words, entries_title : str
        The words of the Save button and above the entries ("Your entries" on a participant's own page).
    required : dict, optional
        column -> what the form says when it is left blank (nothing is written): a choice no form makes for you.
    convert : dict, optional
        column -> (function(widget value) -> stored value, function(stored value) -> widget value), for an input
        that is not the stored value (a "put my name on it" checkbox for who wrote an item).
    after : callable, optional
        function(what, row) -> None or the words to say, after a row is written (``what``: "added", "changed") or
        removed ("removed").
    write : callable, optional
        function(add) -> runs ``add()``, the new row's write, or not (a room's once-only anonymous answer).
    view : callable, optional
        function() -> the policy to cut with now (e.g. the SWOT reveal changes it); default ``audience``.
    guard : callable, optional
        function() -> why nothing may be written now (None: it may), asked before every save and removal (a room's
        page: the room has moved on to another step). Also settable later as ``form.guard``.
    """

    def __init__(
        self,
        eng,
        table,
        *,
        fixed,
        fields=None,
        options=None,
        labels=None,
        make_id=None,
        listing=None,
        name=None,
        title=None,
        upsert=False,
        widgets=None,
        audience="wall",
        on_change=None,
        rows=None,
        earlier=None,
        earlier_fields=(),
        revisit=(),
        start=None,
        locked=None,
        hidden=None,
        label=None,
        view=None,
        guard=None,
        save_words="Save",
        entries_title="Entries",
        required=None,
        convert=None,
        after=None,
        write=None,
    ):
        self.eng, self.table, self.fixed = eng, table, dict(fixed)
        self.spec = TABLES[table]
        self.options, self.labels = options or {}, labels or {}
        self.make_id, self.listing, self.upsert = make_id, listing, upsert
        self.audience = as_policy(audience)
        self.on_change = on_change
        self._rows, self._earlier, self.earlier_fields = rows, earlier, tuple(earlier_fields)
        self.revisit, self._revisiting = tuple(revisit), None  # the earlier row being revisited, if any
        self.start = dict(start or {})  # applied once the inputs are made, and again after every save
        self._locked, self._hidden, self._label, self._view = locked, hidden, label, view
        self.required, self.convert, self._after = dict(required or {}), dict(convert or {}), after
        self._write = write or (lambda add: add())
        self.guard = guard
        self.name = name or table
        self.fields = fields or [c for c in self.spec.names if c not in self.fixed]
        self.editing = None  # the key of the row being edited
        self.edit_fields = list(self.fields)  # the fields Save changes writes
        self.inputs = {c: (widgets or {}).get(c) or make_input(self, c) for c in self.fields}
        for col, widget in self.inputs.items():
            widget.add_class(f"kit-{self.name}-{col}")
        for col, value in self.start.items():
            self.inputs[col].value = value
        self.message = Message()
        self.message.labels = self.labels
        self.save = w.Button(
            description=save_words, button_style="primary", icon="check", layout=w.Layout(width="auto")
        )
        self.save.add_class(f"kit-{self.name}-submit")
        self.save.add_class("kit-room-button")
        self.save_words = save_words
        self.save.on_click(lambda _: self._in_turn(self.submit))
        self.clear = w.Button(description="Cancel", icon="times", layout=w.Layout(display="none"))
        self.clear.add_class(f"kit-{self.name}-cancel")
        self.clear.add_class("kit-room-button")
        self.clear.on_click(lambda _: self.reset())
        # each entry a line with its own Edit and Remove (made again only when the entries change)
        self.entries_title = entries_title
        self.entries_head = w.HTML()
        self.entries = w.VBox()
        self.entries.add_class(f"kit-{self.name}-entries")
        self._entry_rows = ()
        self.list = w.HTML()
        self.list.add_class(f"kit-{self.name}-list")
        header = [w.HTML(f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>")] if title else []
        self.widget = w.VBox(
            header
            + list(self.inputs.values())
            + [w.HBox([self.save, self.clear]), self.message, self.entries_head, self.entries]
            + ([self.list] if listing is not False else [])
        )
        self.widget.add_class(f"kit-{self.name}-form")
        self._entries = []
        self.refresh()
        register(self)

    # ---------------------------------------------------------------- widgets
    def shown_as(self, col, value):
        """A column's value as the form's dropdown says it (its option's label), else as stored."""
        if fmt.blank(value) or value == "":
            return None
        for o in self.options.get(col, ()):
            if isinstance(o, tuple) and o[1] == value:
                return o[0]
        return value

    def values(self):
        """The row the form would write: fixed values, widget values, and a new id if needed."""
        row = dict(self.fixed)
        currency = self.eng.settings.get("currency") or ""
        for col, widget in self.inputs.items():
            v = widget.value
            if col in self.convert:
                row[col] = self.convert[col][0](v)
            elif isinstance(v, dt.date):  # a date picked: stored as the contract writes dates
                row[col] = v.isoformat()[:10]
            elif isinstance(v, str) and v.strip() and self.spec.col(col).kind in NUMBER_KINDS:
                # a number as people type it (1,300,000, 1.3M, $60k, 25%); what cannot be read stays text
                n = read_number(v, self.spec.col(col).kind, currency)
                row[col] = v if n is None else n
            else:
                row[col] = None if v == "" else v
        return row

    def field_words(self, col):
        """A field as the form names it: its label, else the column's name in words."""
        return self.labels.get(col, col.replace("_", " "))

    def _unreadable(self, row):
        """What to say of the first number the form cannot read or the contract refuses (in words, with an
        example, never a column's name), or None."""
        from ..validate._cells import parse_cell

        for col in self.edit_fields:
            c = self.spec.col(col)
            if c.kind not in NUMBER_KINDS or col in self.convert or fmt.blank(row.get(col)):
                continue
            label = self.field_words(col)
            if isinstance(row[col], str):
                return how_to_type(c, label, self.eng.settings.get("currency") or "")
            said = parse_cell(c, row[col])[1]
            if said:  # read, but not a valid value (a win rate of 250%)
                return f"The {label} you typed ({str(self.inputs[col].value).strip()}) {said}."
        return None

    def rows(self):
        """This session's rows of the table, as in the store (used for keys and new ids, never shown)."""
        if self._rows is not None:
            return self._rows()
        return self.eng.table(self.table, **{k: v for k, v in self.fixed.items() if k in self.spec.names})

    @property
    def policy(self):
        """The audience policy the form cuts its rows with right now."""
        return self._view() if self._view is not None else self.audience

    def shown(self):
        """What the form shows: this session's rows and the earlier rows it carries, cut to the audience."""
        pol = self.policy
        own = cut_table(self.table, self.rows(), pol).assign(carried=False, agreed=None)
        if self._earlier is None:
            return own.reset_index(drop=True)
        earlier = self._earlier()
        earlier = cut_table(self.table, earlier, pol).assign(carried=True)
        frames = [f for f in (own, earlier) if len(f)]
        return pd.concat(frames, ignore_index=True) if frames else own.reset_index(drop=True)

    def _key_of(self, row):
        cols = self.spec.key or ("row_id",)
        return {c: row[c] for c in cols}

    def _hidden_fields(self):
        return set(self._hidden(self.policy)) if self._hidden else set()

    # ---------------------------------------------------------------- actions
    def submit(self):
        """Write the form's row (add, or change the entry being edited); True when saved."""
        if self._refused():
            return False
        row = self.values()
        blank = [col for col in self.required if col in self.edit_fields and fmt.blank(row.get(col))]
        if blank:
            self.message.note(self.required[blank[0]])
            return False
        for col in self.edit_fields:  # a date the contract needs: said as the picker asks for it
            c = self.spec.col(col)
            if c.kind == "date" and not c.blank and fmt.blank(row.get(col)) and col not in self.fixed:
                self.message.note(f"Pick a date for “{self.field_words(col)}” first.")
                return False
        unreadable = self._unreadable(row)
        if unreadable:  # nothing is written
            self.message.error(KitError(unreadable))
            return False
        try:
            if self._revisiting is not None:  # recorded again in this session; the earlier one stays as agreed
                was = self._revisiting
                again = {c: None if fmt.blank(was.get(c)) else was.get(c) for c in self.spec.names if c in was}
                again.update(self.fixed)
                again.update({k: row[k] for k in self.edit_fields})
                key = {k: again[k] for k in self.spec.key}
                if self.eng.table(self.table, **key).empty:
                    self.eng.add(self.table, again)
                else:  # another screen revisited it a moment ago: this change is made to that row
                    self.eng.update(self.table, key, **{k: row[k] for k in self.edit_fields})
                done, what = "Saved for this session; the earlier session keeps it as it was agreed.", "added"
            elif self.editing is not None:  # a status changed here is dated the session's day (kit._store history)
                self.eng.update(
                    self.table, self.editing, changed_on=self._session_date(), **{k: row[k] for k in self.edit_fields}
                )
                done, what = "Changes saved.", "changed"
            else:
                if self.make_id and any(k not in self.fields for k in self.spec.key):
                    new_key = [k for k in self.spec.key if k not in self.fields and k not in self.fixed][0]
                    row[new_key] = self.make_id(self.rows(), new_key)
                self._write(lambda: (self.eng.put if self.upsert else self.eng.add)(self.table, row))
                done, what = "Saved.", "added"
            said = self._after(what, row) if self._after else None
        except KitError as e:
            self.message.error(e)
            return False
        self.message.ok(said or done)
        self.reset(keep_message=True)
        self.refresh()
        changed(self)
        return True

    def _session_date(self):
        """The date of the session this form writes for (None: a form of no session), which an action's or an
        ask's status changed here is dated with."""
        sid = self.fixed.get("session_id")
        if sid is None:
            return None
        found = self.eng.sessions(session_id=sid)
        return None if found.empty else found.iloc[0]["date"]

    def reset(self, *, keep_message=False):
        self.editing, self._revisiting = None, None
        self.edit_fields = list(self.fields)
        self.save.description = self.save_words
        self.clear.layout.display = "none"
        for col, widget in self.inputs.items():
            widget.disabled = False
            if isinstance(widget, w.Dropdown) and "" in [o[1] for o in widget.options if isinstance(o, tuple)]:
                # a choice that may stay blank starts blank for every entry: nothing is carried over unasked (and
                # who said it is not left in the projected form)
                widget.value = ""
            if isinstance(widget, (w.Text, w.Textarea)) and col not in ("scenario",):
                widget.value = ""
            if isinstance(widget, w.Checkbox):
                widget.value = False
            if isinstance(widget, w.DatePicker):
                widget.value = None
            if isinstance(widget, w.RadioButtons) and widget.value is not None:
                widget.value = None  # the next person chooses their own level: nothing is left chosen
        for col, value in self.start.items():
            self.inputs[col].value = value
        if not keep_message:
            self.message.value = ""

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
