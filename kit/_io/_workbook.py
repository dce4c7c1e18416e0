"""Reading the capture workbook (.xlsx): one sheet a table, cells as the spreadsheet shows them."""

import datetime as dt

from .._schema import TABLES
from ..errors import Problem
from ._cells import format_value
from ._rows import MAX_FILE_BYTES, _size_problem, _take_records


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
    for name in ("crm_export", "crm_owners"):  # a CRM opportunity export pasted in, and its owners (kit.crm)
        if name in sheets:
            records = [["" if v is None else v for v in row] for row in sheets[name].iter_rows(values_only=True)]
            if not any(str(c).strip() for r in records for c in r):
                continue  # left empty: no export
            if name == "crm_export":
                src.crm.append((f"{path.name}, sheet {name}", records))
            else:
                src.crm_owners = (f"{path.name}, sheet {name}", records)
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
