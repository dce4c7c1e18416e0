"""Notebook 06's form for a CRM export: choose the file (and an owners file), press Import, read what was counted.

The same import as ``workshop-kit import-crm`` (:meth:`kit._store.Engagement.import_crm`): the file is written to
a folder of its own for the import, then removed; nothing else is kept of it.
"""

import html
import tempfile
from pathlib import Path

import ipywidgets as w

from ..errors import KitError


def _saved(upload, folder):
    """The uploaded file (ipywidgets 8: a tuple of {name, content}) written into ``folder``; None without one."""
    if not upload.value:
        return None
    f = upload.value[0]
    path = Path(folder) / Path(f["name"]).name
    path.write_bytes(bytes(f["content"]))
    return path


def import_form(eng, *, on_change=None):
    """The form: an export, an optional owners file, the button, and what the import said (or why it refused)."""
    export = w.FileUpload(accept=".csv,.xlsx,.xlsm", multiple=False, description="Opportunity export")
    owners = w.FileUpload(accept=".csv", multiple=False, description="Owners file (optional)")
    for u in (export, owners):
        u.layout = w.Layout(width="auto")
    button = w.Button(
        description="Import the CRM's results", button_style="primary", layout=w.Layout(width="fit-content")
    )
    said = w.HTML()

    def run(_):
        if not export.value:
            said.value = "<p style='color:#b23c00'>Choose the CRM's opportunity export first (.csv or .xlsx).</p>"
            return
        with tempfile.TemporaryDirectory() as folder:
            try:
                result = eng.import_crm(_saved(export, folder), owners=_saved(owners, folder))
            except KitError as e:
                said.value = f"<p style='color:#b23c00'><b>Not imported:</b> {html.escape(str(e))}</p>"
                return
        lines = "".join(f"<li>{html.escape(line.strip())}</li>" for line in result.lines())
        said.value = f"<ul style='margin:4px 0'>{lines}</ul>"
        if on_change is not None:
            on_change()

    button.on_click(run)
    return w.VBox([w.HBox([export, owners]), button, said])
