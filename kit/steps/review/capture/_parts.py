"""What the review's forms share: ids unique in the team, the session as stored, headings, panels."""

import html

import ipywidgets as w

from ...._capture import changed, next_id
from ....errors import KitError
from ...swot import model as swot_

_STYLE = {"description_width": "180px"}


def _team_ids(eng, team_id, table, col):
    """A make_id for ids that must be unique in the whole team (an ask is named from any later session)."""

    def make(existing, key=None):
        return next_id("q" if table == "asks" else "st")(eng.table(table, team_id=team_id), col)

    return make


def _here(eng, s):
    """The session as the store holds it now (uncut: only the server reads it; forms cut what they show)."""
    from ....session import load

    return load(eng, team_id=s["team_id"], session_id=s["session_id"])


def _earlier_open(eng, s, table):
    """The rows of ``table`` agreed at earlier sessions and still open (asks), each with ``agreed``."""
    a = _here(eng, s).rows[table]
    a = a[a["carried"] & (a["status"] == "open")]
    return a.drop(columns=["carried", "open_days"], errors="ignore").reset_index(drop=True)


def _heading(title, why=None):
    """A form's title, and one line saying what it is for."""
    text = f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>"
    if why:
        text += f"<div style='font-size:14px;color:#5b6675;margin-bottom:4px'>{html.escape(why)}</div>"
    return w.HTML(text)


def _quiet(form, show_list):
    """Hide a form's own list when a table of the notebook already shows the same rows (the entries stay)."""
    if not show_list:
        form.list.layout.display = "none"
    return form


def _item_label(r):
    return f"{swot_.QUADRANTS.get(r.quadrant, r.quadrant)} · {str(r.text)[:80]}"


class _Panel:
    """What the review's own panels (partners, goals revisited, department asks) end the same way with: one
    write, its message, the panel redrawn and the views that show its table told; shown as its widget."""

    def _commit(self, write, done):
        try:
            write()
        except KitError as e:
            self.message.error(e)
            return
        self.message.ok(done)
        self.refresh()
        changed(self)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
