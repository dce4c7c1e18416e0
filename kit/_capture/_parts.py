"""What every form shares: the session's facts, names and options, the message line, the list of live forms
(a save re-draws the forms on the saver's store handle), and ids."""

import contextlib
import html
import logging
import weakref

import ipywidgets as w
import pandas as pd

from .._schema import VISIBILITY_WORDS
from ..errors import KitError, StoreError, ValidationError

ANONYMOUS = "(anonymous)"
# What a phone says when the store cannot save (the detail, which names the store's file, goes to the console).
ROOM_TROUBLE = "The room could not save this just now; try again, or tell the facilitator."
# What the wall says when someone tries to open an entry it may not read.
OWNER_CORRECTS = "its owner corrects it from their own device, or through the spreadsheet import (workshop-kit import)"


def not_shared(what):
    """A form's ``locked``: a row its owner did not share with this audience (a goal, a target account) cannot be
    opened or removed here, and the form says so in the words of its visibility."""

    def locked(r, pol):
        if r.get("shared", True) is False:
            return f"This {what} is {VISIBILITY_WORDS.get(r['visibility'], 'not shared')}: {OWNER_CORRECTS}."
        return None

    return locked


def session_info(eng, session_id):
    """The session's row as a dict (its team, date, kind), or a clear error listing the valid ones."""
    s = eng.sessions(session_id=session_id)
    if s.empty:
        valid = ", ".join(eng.sessions()["session_id"]) or "(none yet: create one in 00_welcome)"
        raise KitError(f"no session {session_id!r} in {eng.path}; valid: {valid}")
    return s.iloc[0].to_dict()


def _names(eng, team_id):
    """{member_id: name} of one team (never the whole store: a form's cost must not grow with other teams)."""
    m = eng.members(team_id=team_id)
    return dict(zip(m["member_id"], m["name"]))


def _mine(fixed, col, member_id):
    """``fixed`` with ``col`` set to ``member_id`` when a form is one person's own (a participant's page)."""
    return dict(fixed, **{col: member_id}) if member_id is not None else dict(fixed)


def _own(rows, col, member_id):
    """Of ``rows``, the ones of ``member_id`` (all of them when no member is given)."""
    if member_id is None or rows is None or rows.empty:
        return rows
    return rows[rows[col] == member_id].reset_index(drop=True)


def member_options(eng, team_id, *, roles=("seller", "manager"), blank=None):
    """(label, member_id) pairs for a dropdown: names first, the manager marked."""
    m = eng.members(team_id=team_id)
    m = m[m["role"].isin(roles)].sort_values(["role", "name"], ascending=[False, True])
    opts = [(f"{r.name}{' (manager)' if r.role == 'manager' else ''}", r.member_id) for r in m.itertuples()]
    return ([(blank, "")] if blank else []) + opts  # "" (not None, which ipywidgets shows as no choice)


def html_table(df, *, columns=None, empty="Nothing yet."):
    """A form's list of entries, drawn by the notebook views' one table renderer (:class:`kit._views.Table`):
    every value escaped, blanks as a dash."""
    from .._views import Table

    df = pd.DataFrame() if df is None else df
    return Table(df[columns or list(df.columns)], empty=empty).html()


class Message(w.HTML):
    """The line under a form: green when saved, red with the validation message when not."""

    def __init__(self):
        super().__init__(value="")
        self.add_class("kit-message")

    def ok(self, text):
        self.value = f"<div class='kit-ok' style='color:#027a5a;font-size:15px'>✔ {html.escape(text)}</div>"

    def note(self, text):
        """One line that is neither a save nor an error (e.g. why an entry cannot be opened here)."""
        self.value = f"<div class='kit-note' style='color:#5b6675;font-size:15px'>{html.escape(text)}</div>"

    # Set by the room (the store's path): on a phone an error about the store is said in plain words (ROOM_TROUBLE),
    # and the server's console keeps the detail.
    store = None
    labels = None  # a form's words for its columns (column -> words): an error names the field as the form does

    def error(self, err):
        lines = (
            [p.said(self.labels) for p in err.problems if p.severity == "error"]
            if isinstance(err, ValidationError)
            else [str(err)]
        )
        if Message.store is not None and (isinstance(err, StoreError) or any(Message.store in t for t in lines)):
            logging.getLogger("kit.room").warning("not saved: %s", err)
            lines = [ROOM_TROUBLE]
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        self.value = (
            f"<div class='kit-error' style='color:#b23c00;font-size:15px'><b>Not saved:</b>"
            f"<ul style='margin:2px 0'>{items}</ul></div>"
        )


def close_widgets(*widgets):
    """Close ``widgets`` and everything in them (children, layouts, styles): a browser's message to one of them then
    does nothing, and their memory is freed. Never ``Widget.close_all``, which closes every page's widgets."""
    for x in widgets:
        if not isinstance(x, w.Widget):
            continue
        close_widgets(*getattr(x, "children", ()), getattr(x, "layout", None), getattr(x, "style", None))
        x.close()


class Held:
    """What every form shares with the room that may hold it (:meth:`kit.room.participant.ParticipantPage.held`):
    ``turn``, the room's lock a click waits for, and ``guard``, function() -> why nothing may be written now (the
    room has moved on), asked by every write itself, not only by its button. A notebook's form has neither."""

    guard = None
    turn = staticmethod(contextlib.nullcontext)

    def _in_turn(self, action):
        with self.turn():
            return action()

    def _refused(self):
        """True (the form's message says why) when the guard says nothing may be written now."""
        why = self.guard() if self.guard is not None else None
        if why:
            self.message.error(KitError(why))
        return bool(why)

    def close(self):
        """Close the form's widgets (a message to them then does nothing) and stop keeping it current."""
        close_widgets(self.widget)
        _LIVE.discard(self)


# ---------------------------------------------------------------- every form of a notebook stays current

_LIVE = weakref.WeakSet()


def register(form):
    """Keep ``form`` (anything with ``eng`` and ``refresh()``) current when another form writes through the same
    store handle (the same notebook's forms)."""
    _LIVE.add(form)
    return form


def changed(source):
    """After ``source`` wrote to its store: every other live form on the same store connection re-reads it, then
    ``source.on_change()`` (the notebook's tables and charts under the form) runs.

    Only the forms sharing ``source``'s store handle: a notebook's forms share its Workshop's, and each form of a
    room's page has its own (:meth:`kit.Engagement.handle`), so a phone's save re-draws that form alone, on its own
    thread and lock, and costs the same with 1 page connected or 30 (the room's watcher tells the wall). Other pages
    never need anyone's writes."""
    for form in list(_LIVE):
        if form is source or getattr(form, "eng", None) is not source.eng:
            continue
        try:
            form.refresh()
        except Exception:  # a form whose session is gone keeps its last list; the write itself succeeded
            pass
    if getattr(source, "on_change", None) is not None:
        source.on_change()


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
