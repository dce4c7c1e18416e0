"""Writing an engagement folder (export) without ever overwriting a file the user made, and zip files
reproducibly."""

import contextlib
import csv
import io
from pathlib import Path

import yaml

from .._schema import ENGAGEMENT_FIELDS, TABLES
from ..errors import KitError
from ._cells import escape_cell, format_value

EXPORT_MANIFEST = ".workshop-kit-export"  # in a folder 'export' wrote: the files it wrote there, one a line


def _manifest(folder):
    """The files (relative paths) an earlier export wrote in ``folder``, as its manifest lists them."""
    path = folder / EXPORT_MANIFEST
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {x for x in lines if x and not x.startswith("#") and ".." not in Path(x).parts and not Path(x).is_absolute()}


def _write_manifest(folder, files):
    (folder / EXPORT_MANIFEST).write_text(
        "# Written by 'workshop-kit export': the files below are the kit's; a later export may replace or remove\n"
        "# them. It never replaces or removes any other file.\n" + "".join(f"{f}\n" for f in sorted(files)),
        encoding="utf-8",
    )


def _csv_text(table, rows):
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    extra_cols = sorted({k for r in rows for k in r.extra})
    w.writerow(table.names + [escape_cell(c) for c in extra_cols])
    numbers = {c.name for c in table.columns if c.kind in ("number", "measure", "rate", "int")}
    for r in rows:
        w.writerow(
            [
                format_value(r.values.get(c)) if c in numbers else escape_cell(format_value(r.values.get(c)))
                for c in table.names
            ]
            + [escape_cell(r.extra.get(c, "")) for c in extra_cols]
        )
    return buf.getvalue()


def write_folder(folder, data, *, engagement, kpi_catalog=None, rubrics=None):
    """Write parsed rows (name -> list[Row]) as an engagement folder, in contract column order.

    The kit never replaces or removes a file it did not write: the files it writes are listed in the folder's
    manifest (``.workshop-kit-export``); a file of the same name as one it writes that an earlier export did not
    list is refused, and the files an earlier export listed that this one does not write again (an optional file
    of a step with no rows now, a rubric no longer stored) are removed, so a later import does not pick them up.
    A write that fails (a folder it may not write, a full disk) removes what it wrote, so no partial folder is
    left for an import to pick up."""
    folder = Path(folder)
    files = {}  # relative path -> (text, encoding)
    for name, table in TABLES.items():
        rows = data.get(name, [])
        if rows or table.required:
            files[table.file] = (_csv_text(table, rows), "utf-8-sig")
    if kpi_catalog:
        files["kpi_catalog.yaml"] = (
            yaml.safe_dump({"kpis": kpi_catalog}, sort_keys=False, allow_unicode=True),
            "utf-8",
        )
    for rid, spec in (rubrics or {}).items():
        files[f"rubrics/{rid}.yaml"] = (yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), "utf-8")
    meta = {k: engagement[k] for k in ENGAGEMENT_FIELDS if engagement.get(k) not in (None, "")}
    if meta.get("brand"):  # the embedded logo goes back to a file beside engagement.yaml
        from ..brand import logo_file

        logo = logo_file(meta["brand"])
        meta["brand"] = {k: v for k, v in meta["brand"].items() if v not in (None, "") and k != "logo"}
        if logo:
            files[logo[0]] = (logo[1], None)
            meta["brand"]["logo"] = logo[0]
    files["engagement.yaml"] = (yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), "utf-8")  # last

    if folder.exists() and not folder.is_dir():
        raise KitError(f"{folder} is a file; give a folder")
    ours = _manifest(folder) if folder.is_dir() else set()
    for rel in files:
        path = folder / rel
        if (path.exists() or path.is_symlink()) and rel not in ours:
            raise KitError(f"{path} was not written by the kit; move it away or export into a new folder")
    made = None  # the outermost folder this write creates
    for parent in [folder, *folder.parents]:
        if parent.exists() or parent.is_symlink():
            break
        made = parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KitError(f"cannot make the folder {folder}: {e.strerror or e}; give a folder you can write to") from None
    try:
        _write_manifest(folder, ours | set(files))  # first: a write cut short still knows its own files
        for rel, (text, encoding) in files.items():
            path = folder / rel
            path.parent.mkdir(exist_ok=True)
            if path.is_symlink():
                path.unlink()  # the kit's own file: never write through a link to somewhere else
            if encoding is None:  # a picture (the brand's logo)
                path.write_bytes(text)
                continue
            with open(path, "w", encoding=encoding, newline="") as f:
                f.write(text)
        for rel in sorted(ours - set(files)):
            path = folder / rel
            if path.is_file() or path.is_symlink():
                path.unlink()
        _write_manifest(folder, files)
    except OSError as e:
        _undo(folder, made, ours | set(files))
        raise KitError(
            f"cannot write the folder {folder}: {e.strerror or e}; give a folder you can write to "
            "(nothing was exported)"
        ) from None


def _undo(folder, made, files):
    """After a failed write: remove the folder this write made, or else the kit's own files in it (the store still
    holds their data), so that no mix of old and new files is left for an import."""
    import shutil

    if made is not None:
        shutil.rmtree(made, ignore_errors=True)
        return
    for rel in [*files, EXPORT_MANIFEST]:
        with contextlib.suppress(OSError):
            (folder / rel).unlink()
    with contextlib.suppress(OSError):
        (folder / "rubrics").rmdir()  # only if empty


def write_zip_reproducibly(data, path, when):
    """Write the zip archive ``data`` (bytes: an .xlsx or .pptx as a library saved it) to ``path`` with every
    entry dated ``when`` (a datetime), so that the same content gives the same bytes (libraries stamp the time of
    saving)."""
    import io
    import zipfile

    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=stamp), src.read(info.filename), zipfile.ZIP_DEFLATED)
