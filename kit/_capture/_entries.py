"""The entries of a :class:`RowForm`: listed one per line, each with its own Edit and Remove; Edit puts one in the
form to change, Remove takes it out of the store (both only where the audience may read it and the session may
change it)."""

import datetime as dt
import html

import ipywidgets as w
import pandas as pd

from .. import _format as fmt
from ..errors import KitError
from ._parts import changed, close_widgets, html_table


class Entries:
    """What a RowForm does with the rows it lists (a mixin: the form's fields, inputs and store are the RowForm's)."""

    def _entry_label(self, r):
        if self._label is not None:
            return self._label(r)
        parts = [str(self.shown_as(c, r.get(c))) for c in self.fields if self.shown_as(c, r.get(c)) is not None]
        label = " · ".join(p if len(p) < 40 else p[:38] + "…" for p in parts[:4])
        return f"{label} · agreed {fmt.date(r.get('agreed'))}" if r.get("carried") else label

    def entry_options(self):
        """[(words, index)] of the entries listed: the index is what :meth:`load_entry` and :meth:`delete_entry`
        take."""
        return [(self._entry_label(r), i) for i, r in enumerate(self._entries)]

    def refresh(self):
        """Re-read the store: the entries, each with its Edit and Remove, and the list under the form (both cut to
        the audience)."""
        df = self.shown()
        self._entries = [r for _, r in df.iterrows()]
        labels = [label for label, _ in self.entry_options()]
        self.entries_head.value = (
            f"<div class='kit-entries-head' style='font-weight:600;margin-top:6px'>"
            f"{html.escape(self.entries_title)} ({len(labels)})</div>"
            if labels
            else ""
        )
        keys = _keys(labels)
        if tuple(keys) != self._entry_rows:  # only the entries that changed get new widgets: a save sends one row
            self._entry_rows = tuple(keys)
            cache = getattr(self, "_row_of", {})
            rows = [cache.get(k) or self._entry_row(k) for k in keys]
            stale = [r for k, r in cache.items() if k not in set(keys)]
            self._row_of = dict(zip(keys, rows))
            self.entries.children = rows
            close_widgets(*stale)
        if self.listing is False:
            return
        if self.listing:
            shown = self.listing(df)
        else:
            shown = pd.DataFrame(
                {self.field_words(c).capitalize(): [self.shown_as(c, v) for v in df[c]] for c in self.fields}
            )
        self.list.value = html_table(shown)

    def _entry_row(self, key):
        """An entry's line, its words and its Edit and Remove; ``key`` (its words, and which of the entries with those
        words it is) finds it again at the click, wherever the list has moved it since."""
        label = key[0]

        def at_click(act):
            keys = _keys([t for t, _ in self.entry_options()])
            act(keys.index(key) if key in keys else None)

        words = w.HTML(f"<div class='kit-room-item'>{html.escape(label)}</div>")
        words.layout.flex = "1 1 auto"
        edit = w.Button(description="Edit", icon="pencil", layout=w.Layout(width="auto"))
        edit.add_class(f"kit-{self.name}-edit")
        edit.add_class("kit-room-button")
        remove = w.Button(description="Remove", icon="trash", layout=w.Layout(width="auto"))
        remove.add_class(f"kit-{self.name}-remove")
        remove.add_class("kit-room-button")
        edit.tooltip, remove.tooltip = f"Edit: {label}", f"Remove: {label}"
        edit.on_click(lambda _: self._in_turn(lambda: at_click(self.load_entry)))
        remove.on_click(lambda _: self._in_turn(lambda: at_click(self.delete_entry)))
        row = w.HBox([words, edit, remove], layout=w.Layout(align_items="center", max_width="820px"))
        row.add_class(f"kit-{self.name}-entry")
        row.add_class("kit-room-entry")
        return row

    def _selected(self, i):
        if i is None or not 0 <= i < len(self._entries):
            raise KitError("that entry is no longer in the list")
        return self._entries[i].to_dict()

    def _why_locked(self, r):
        return self._locked(r, self.policy) if self._locked else None

    def _put(self, r, editable, hidden=()):
        """Show the stored row ``r`` in the form's inputs (only ``editable`` ones can be changed; ``hidden`` ones,
        which the audience may not read, show blank and keep what is stored)."""
        for col, widget in self.inputs.items():
            widget.disabled = col not in editable
            if col in self.convert and col not in hidden:
                widget.value = self.convert[col][1](r.get(col))
                continue
            if col in hidden:  # the audience may not read it: show it blank, and keep what is stored
                if isinstance(widget, w.Dropdown) and "" in [o[1] for o in widget.options if isinstance(o, tuple)]:
                    widget.value = ""
                continue
            v = r.get(col)
            if isinstance(widget, w.DatePicker):
                widget.value = None if fmt.blank(v) else dt.date.fromisoformat(str(v)[:10])
            elif isinstance(widget, (w.Dropdown, w.RadioButtons)):
                values = [o[1] if isinstance(o, tuple) else o for o in widget.options]
                if fmt.blank(v) and "" in values:  # stored blank: the blank choice, not the last one shown
                    widget.value = ""
                elif v in values:
                    widget.value = v
                elif not fmt.blank(v) and fmt.cell(v) in values:  # a level stored as 4, offered as "4"
                    widget.value = fmt.cell(v)
            else:
                widget.value = (
                    "" if fmt.blank(v) else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                )

    def start_from(self, i):
        """Start a new entry from entry ``i``'s values (the commitment agreed at an earlier session: Save keeps it
        for this session, changed or not)."""
        r = self._selected(i)
        self.reset(keep_message=True)
        self._put(r, list(self.fields), self._hidden_fields())

    def load_entry(self, i):
        """Put entry ``i`` (see :meth:`entry_options`) in the form to correct it; Save then changes it."""
        try:
            r = self._selected(i)
        except KitError as e:
            self.message.error(e)
            return
        why = self._why_locked(r)
        if why is None and r.get("carried") and not (self.earlier_fields or self.revisit):
            why = f"This was agreed at the session of {fmt.date(r.get('agreed'))}: it is shown here, not changed."
        if why:
            self.message.note(why)
            return
        self.reset()
        hidden = self._hidden_fields()
        earlier = self.revisit or self.earlier_fields
        editable = [c for c in (earlier if r.get("carried") else self.fields) if c not in hidden]
        self._put(r, editable, hidden)
        self.editing = self._key_of(r)
        self._revisiting = dict(r) if r.get("carried") and self.revisit else None
        self.edit_fields = editable
        self.save.description = "Save changes"
        self.clear.layout.display = None
        if r.get("carried"):
            self.message.ok(
                f"Agreed at the session of {fmt.date(r.get('agreed'))}: change its "
                f"{', '.join(self.labels.get(c, c) for c in editable)}, then Save changes."
            )
        else:
            self.message.ok("Editing this entry: change it, then Save changes (or Cancel).")

    def delete_entry(self, i):
        """Remove entry ``i`` (see :meth:`entry_options`) from the store."""
        if self._refused():
            return
        try:
            r = self._selected(i)
            why = self._why_locked(r)
            if why is None and r.get("carried"):
                fields = self.revisit or self.earlier_fields
                why = f"This was agreed at the session of {fmt.date(r.get('agreed'))}: it is not removed here" + (
                    f"; change its {', '.join(self.labels.get(c, c) for c in fields)} with Edit instead."
                    if fields
                    else "."
                )
            if why:
                self.message.note(why)
                return
            self.eng.delete(self.table, self._key_of(r))
            said = self._after("removed", r) if self._after else None
        except KitError as e:
            self.message.error(e)
            return
        self.reset()
        self.message.ok(said or "Removed.")
        self.refresh()
        changed(self)


def _keys(labels):
    """Each entry's key: its words, and which of the entries with the same words it is (0, 1 ...)."""
    seen, out = {}, []
    for t in labels:
        out.append((t, seen.get(t, 0)))
        seen[t] = seen.get(t, 0) + 1
    return out
