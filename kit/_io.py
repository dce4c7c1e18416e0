"""Reading and writing the engagement folder (CSV + YAML) and the capture workbook (.xlsx)."""

import contextlib
import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ._schema import ENGAGEMENT_FIELDS, TABLES
from .errors import KitError, Problem

__all__ = ["Row", "RawSource", "read_source", "write_folder", "format_value", "safe_yaml"]

# What the kit reads at most (a file or cell beyond is refused with one line naming the limit).
MAX_FILE_BYTES = 50_000_000  # one CSV file or workbook
MAX_YAML_BYTES = 1_000_000  # engagement.yaml, kpi_catalog.yaml, a rubric
MAX_CELL_CHARS = 10_000  # one cell: a long goal or comment is a few hundred
MAX_YAML_DEPTH = 100  # lists and mappings inside each other: the format needs 4 levels; deeper exhausts the stack
csv.field_size_limit(MAX_FILE_BYTES)  # csv's own limit would stop the file; the kit names the cell instead


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases: ``*name`` could expand a few hundred bytes into billions of items;
    and without deep nesting: 50,000 ``[`` would exhaust Python's stack (RecursionError) in the composer."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed here; write the value out in full", mark
            )
        if self._depth >= MAX_YAML_DEPTH:
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_YAML_DEPTH} levels deep; the format needs a few", mark
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def safe_yaml(text):
    """Parse YAML text with safe types only and no aliases (raises yaml.YAMLError)."""
    return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 (a SafeLoader subclass)


@dataclass
class Row:
    """One data row: where it came from (file and spreadsheet row) and its cells."""

    where: str  # "goals.csv", "capture.xlsx, sheet goals", or "the store"
    line: int | None  # row number as a spreadsheet shows it (header = 1); None for stored rows
    values: dict  # contract columns -> raw text (from files) or parsed values (from the store)
    extra: dict = field(default_factory=dict)  # columns outside the contract, kept as text
    bad: set = field(default_factory=set)  # columns whose cell failed to parse
    raw: dict | None = None  # the cells as typed, kept for messages once ``values`` are parsed
    comma: bool = False  # from a file saved the European way (';' between values): a decimal comma is fine


@dataclass
class RawSource:
    """Everything read from a folder or workbook, before any cell is checked."""

    label: str
    tables: dict = field(default_factory=dict)  # name -> list[Row] (files that were read)
    wheres: dict = field(default_factory=dict)  # name -> label used in messages
    broken: set = field(default_factory=set)  # tables whose rows cannot be checked (missing columns)
    engagement: dict | None = None
    engagement_where: str = "engagement.yaml"
    kpi_catalog: list | None = None  # extra KPI specs
    rubrics: dict = field(default_factory=dict)  # rubric file label -> spec
    bad_rubrics: set = field(default_factory=set)  # ids of rubric files that could not be read
    bad_catalog: bool = False  # kpi_catalog.yaml could not be read: KPI ids are not checked against it
    problems: list = field(default_factory=list)


def read_source(path):
    """Read an engagement folder or capture workbook; problems are collected, never raised."""
    path = Path(path)
    src = RawSource(label=str(path))
    if not path.exists():
        src.problems.append(
            Problem(
                str(path),
                "no such folder or file; give the engagement folder "
                "(with teams.csv, members.csv ...) or a capture .xlsx workbook",
            )
        )
    elif path.is_dir():
        _read_folder(path, src)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        _read_workbook(path, src)
    elif path.suffix.lower() in (".ods", ".fods"):
        src.problems.append(
            Problem(
                path.name,
                "is a LibreOffice (OpenDocument) spreadsheet, which the kit does not "
                "read; in LibreOffice use File > Save As > 'Excel 2007-365 (.xlsx)'",
            )
        )
    else:
        src.problems.append(
            Problem(
                str(path),
                "is neither a folder nor an .xlsx workbook; give the engagement folder or the capture workbook",
            )
        )
    return src


def _size_problem(path, label, limit):
    """One line when a file is larger than the kit reads, else None."""
    size = path.stat().st_size
    if size <= limit:
        return None
    return Problem(
        label,
        f"is {size / 1e6:,.1f} MB; the kit reads files of at most {limit / 1e6:,.0f} MB: "
        "split the engagement into several folders",
    )


def _inside(path, folder, label, src):
    """False (with one line) for a file that is a link leading out of the engagement folder."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        src.problems.append(
            Problem(label, "is a link to a file outside the engagement folder; copy the file itself into the folder")
        )
        return False


def _decode(path, src, *, label=None, limit=None):
    label = label or path.name
    limit = limit or MAX_FILE_BYTES
    try:
        big = _size_problem(path, label, limit)
        if big:
            src.problems.append(big)
            return None
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        bad, line = e.object[e.start], e.object[: e.start].count(b"\n") + 1
        hint = "it looks like UTF-16 ('Unicode Text'); " if bad in (0xFF, 0xFE) or b"\x00" in e.object[:200] else ""
        src.problems.append(
            Problem(
                label,
                f"is not UTF-8 text (byte 0x{bad:02x}); {hint}in Excel use File > "
                "Save As > 'CSV UTF-8 (Comma delimited)'",
                row=line,
            )
        )
    except OSError as e:
        src.problems.append(Problem(label, f"cannot be read ({e.strerror})"))
    return None


def _separator(text):
    """',' or ';': the character between values, judged on the header row (outside quotes)."""
    header = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    return ";" if header.count(";") > header.count(",") else ","


def _read_folder(folder, src):
    for name, table in TABLES.items():
        path = folder / table.file
        if not path.is_file():
            if table.required:
                src.problems.append(
                    Problem(table.file, f"is missing from {folder}; it is required (header: {','.join(table.names)})")
                )
                src.broken.add(name)  # reported once: rows that name its ids are not checked against it
            continue
        text = _decode(path, src) if _inside(path, folder, table.file, src) else None
        if text is None:
            src.broken.add(name)
            continue
        sep = _separator(text)
        try:
            records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        except csv.Error as e:  # a cell beyond csv's own limit
            src.problems.append(
                Problem(table.file, f"cannot be read as CSV ({e}); cells hold at most {MAX_CELL_CHARS:,} characters")
            )
            src.broken.add(name)
            continue
        _take_records(name, table.file, records, src, first_line=1, comma=sep == ";")
    _read_yaml_files(folder, src)


def _take_records(name, where, records, src, *, first_line, comma=False):
    """Turn header + records into Rows, noting missing columns; ``first_line`` is the header's row.
    ``comma``: the file separates values with ';' (Excel in much of Europe), so a decimal comma is fine."""
    table = TABLES[name]
    src.wheres[name] = where
    if not records or not any(c.strip() for c in records[0]):
        src.problems.append(Problem(where, "is empty; it needs at least the header row: " + ",".join(table.names)))
        src.broken.add(name)
        return
    header = [unescape_cell(h.strip()) for h in records[0]]
    missing = [c.name for c in table.columns if c.required and c.name not in header]
    if missing and len(header) == 1 and "\t" in header[0]:
        src.problems.append(
            Problem(where, "uses tabs between values; save it as 'CSV UTF-8 (Comma delimited)'", row=first_line)
        )
        src.broken.add(name)
        return
    for col in missing:
        src.problems.append(
            Problem(
                where,
                f"missing; the header row needs {col} (columns: {', '.join(table.names)})",
                row=first_line,
                column=col,
            )
        )
    seen = set()
    for h in header:
        if h in seen and h:
            src.problems.append(Problem(where, "appears twice in the header; keep one", row=first_line, column=h))
        seen.add(h)
    if missing:
        src.broken.add(name)
    rows = []
    for offset, rec in enumerate(records[1:], start=1):
        line = first_line + offset
        if not any(c.strip() for c in rec):
            continue  # blank rows are common at the end of spreadsheets
        if len(rec) > len(header) and any(c.strip() for c in rec[len(header) :]):
            src.problems.append(
                Problem(
                    where,
                    f"has {len(rec)} cells but the header has {len(header)}; "
                    "a comma inside a value needs the value in double quotes",
                    row=line,
                )
            )
            continue
        rec = rec + [""] * (len(header) - len(rec))
        # measured as the kit stores it: the ' export puts before a formula-like text does not count
        long = [
            (h, c) for h, c in zip(header, rec) if len(c) > MAX_CELL_CHARS and len(unescape_cell(c)) > MAX_CELL_CHARS
        ]
        for h, c in long:
            src.problems.append(
                Problem(
                    where,
                    f"holds {len(c):,} characters; a cell holds at most {MAX_CELL_CHARS:,}",
                    row=line,
                    column=h or None,
                )
            )
        if long:
            continue
        cells = {h: unescape_cell(c) for h, c in zip(header, rec)}
        values = {c: cells.get(c, "") for c in table.names}
        extra = {h: v for h, v in cells.items() if h not in table.names and h}
        rows.append(Row(where, line, values, extra, comma=comma))
    src.tables[name] = rows


def _read_yaml(path, label, src, folder):
    if not _inside(path, folder, label, src):
        return None
    text = _decode(path, src, label=label, limit=MAX_YAML_BYTES)
    if text is None:
        return None
    try:
        return safe_yaml(text)
    except RecursionError:  # the depth limit should stop it first; never a traceback if it does not
        src.problems.append(Problem(label, f"is not valid YAML (nested more than {MAX_YAML_DEPTH} levels deep)"))
        return None
    except yaml.YAMLError as e:
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        detail = " ".join(x for x in (getattr(e, "context", None), getattr(e, "problem", None)) if x)
        tail = "" if "aliases" in str(detail) or "nested" in str(detail) else "; check quotes and indentation"
        src.problems.append(
            Problem(label, f"is not valid YAML ({detail or e}){tail}", row=mark.line + 1 if mark else None)
        )
        return None


def _read_yaml_files(folder, src):
    path = folder / "engagement.yaml"
    if not path.is_file():
        src.problems.append(
            Problem(
                "engagement.yaml",
                f"is missing from {folder}; it is required "
                "(name, client, currency, optional facilitator and dot_budget)",
            )
        )
    else:
        data = _read_yaml(path, "engagement.yaml", src, folder)
        if data is None and not any(p.where == "engagement.yaml" for p in src.problems):
            src.problems.append(
                Problem(
                    "engagement.yaml",
                    "is empty; it needs name, client and currency "
                    "(optional facilitator and dot_budget), one 'field: value' per line",
                )
            )
        elif data is not None and not isinstance(data, dict):
            src.problems.append(
                Problem(
                    "engagement.yaml",
                    "must be a list of 'field: value' lines (name, client, currency, facilitator, dot_budget)",
                )
            )
        elif data is not None:
            brand = data.get("brand")
            if isinstance(brand, dict) and isinstance(brand.get("logo"), str) and brand["logo"]:
                from .brand import read_logo  # the logo file, read once and embedded: documents fetch nothing

                data = {**data, "brand": {**brand, "logo": read_logo(folder, brand["logo"], src.problems)}}
            src.engagement = data
    path = folder / "kpi_catalog.yaml"
    if path.is_file():
        data = _read_yaml(path, "kpi_catalog.yaml", src, folder)
        if isinstance(data, dict) and isinstance(data.get("kpis"), list):
            src.kpi_catalog = data["kpis"]
        else:
            src.bad_catalog = True
            if not any(p.where == "kpi_catalog.yaml" for p in src.problems):
                src.problems.append(
                    Problem(
                        "kpi_catalog.yaml",
                        "must start with 'kpis:' followed by a list "
                        "of KPIs (id, name, definition, unit, direction, kind)",
                    )
                )
    rubric_dir = folder / "rubrics"
    if rubric_dir.is_dir():
        for path in sorted(rubric_dir.glob("*.y*ml")):
            label = f"rubrics/{path.name}"
            data = _read_yaml(path, label, src, folder)
            if data is not None:
                src.rubrics[label] = data
            else:
                src.bad_rubrics.add(path.stem)
                if not any(p.where == label for p in src.problems):
                    src.problems.append(Problem(label, "is empty; a rubric needs id, name, scale and criteria"))


def _cell_text(value):
    """Text of a workbook cell as it would appear in a CSV export."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_value(value)
    return str(value)


def _read_workbook(path, src):
    import openpyxl  # only workbook users pay for the import

    big = _size_problem(path, path.name, MAX_FILE_BYTES)
    if big:
        src.problems.append(big)
        return
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        merged = _merged_cells(path)
    except Exception as e:  # openpyxl raises many kinds for a damaged or mislabelled file
        src.problems.append(
            Problem(path.name, f"cannot be opened as an Excel workbook ({e}); save it from Excel as .xlsx")
        )
        return
    sheets = {}
    for ws in wb.worksheets:
        key = ws.title.strip().lower()
        if key in sheets:
            src.problems.append(
                Problem(
                    path.name,
                    f"has two sheets named {sheets[key].title!r} and {ws.title!r}; "
                    "sheet names are read without regard to case and spaces: keep one",
                )
            )
            src.broken.add(key)
        else:
            sheets[key] = ws
    for title, ranges in merged.items():
        if title.strip().lower() in sheets:
            src.problems.append(
                Problem(
                    f"{path.name}, sheet {title.strip().lower()}",
                    f"has merged cells ({', '.join(ranges[:3])}); unmerge them (Home > Merge "
                    "& Center) and fill in every cell",
                )
            )
            src.broken.add(title.strip().lower())
    for name, table in TABLES.items():
        if name in src.broken:
            continue
        where = f"{path.name}, sheet {name}"
        ws = sheets.get(name)
        if ws is None:
            if table.required:
                src.problems.append(
                    Problem(path.name, f"has no sheet named {name}; it is required (header: {','.join(table.names)})")
                )
            continue
        records = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        _take_records(name, where, records, src, first_line=1)
    ws = sheets.get("engagement")
    src.engagement_where = f"{path.name}, sheet engagement"
    if ws is None:
        src.problems.append(
            Problem(
                path.name,
                "has no sheet named engagement; it needs two columns, "
                "field and value, with rows name, client, currency",
            )
        )
    else:
        data = {}
        for row in ws.iter_rows(min_row=2, values_only=True):
            if row and row[0] not in (None, ""):
                data[str(row[0]).strip()] = _cell_text(row[1] if len(row) > 1 else None)
        src.engagement = data
    wb.close()


def _merged_cells(path):
    """{sheet title: ["A1:B2", ...]} for every sheet with merged cells (read from the file's XML, which the
    read-only workbook does not expose)."""
    import zipfile
    from xml.etree import ElementTree as ET

    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }
    rel_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    out = {}
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = {
            r.get("Id"): r.get("Target")
            for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(f"{rel_ns}Relationship")
        }
        for sheet in book.iter(f"{{{ns['m']}}}sheet"):
            target = rels.get(sheet.get(f"{{{ns['r']}}}id"), "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if part not in z.namelist():
                continue
            with z.open(part) as f:  # merged ranges come after the data: stream, never hold the sheet
                ranges = [el.get("ref") for _, el in ET.iterparse(f) if el.tag == f"{{{ns['m']}}}mergeCell"]
            if ranges:
                out[sheet.get("name")] = ranges
    return out


# A text cell starting with one of these is a formula to a spreadsheet program (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_like(text):
    return text.lstrip("'").startswith(_FORMULA_START)


def escape_cell(text):
    """Text as written to a CSV file: a cell a spreadsheet would run as a formula gets a leading ', which
    spreadsheets show as text. :func:`unescape_cell` gives the text back exactly (a lossless round trip)."""
    return "'" + text if isinstance(text, str) and _formula_like(text) else text


def unescape_cell(text):
    """A cell as read: the ' that :func:`escape_cell` (or a spreadsheet user) put before a formula-like text
    is taken off."""
    return text[1:] if text.startswith("'") and _formula_like(text) else text


def format_value(value):
    """A stored value as CSV text: whole numbers without '.0', other floats in shortest form."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


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
        from .brand import logo_file

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


def dumps_extra(extra):
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else "{}"


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
