"""Reading an engagement folder (CSV and YAML) into rows, every problem located as a spreadsheet shows it."""

import csv
import io
import re
from pathlib import Path

import yaml

from .._schema import TABLES
from ..errors import Problem
from ._rows import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    RawSource,
    _size_problem,
    _take_records,
    safe_yaml,
)
from ._workbook import _read_workbook


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
    crm = folder / "crm"  # the team's CRM exports (kit.crm), imported with the folder; owners.csv maps owners
    if crm.is_dir():
        for path in sorted(crm.iterdir()):
            label = f"crm/{path.name}"
            if path.name.startswith((".", "~$")) or not path.is_file() or not _inside(path, folder, label, src):
                continue
            if path.name.lower() == "owners.csv":
                src.crm_owners = (label, path)
            elif path.suffix.lower() in (".csv", ".txt", ".xlsx", ".xlsm"):
                src.crm.append((label, path))
            else:
                src.crm_unread.append((label, path))


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
                from ..brand import read_logo

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
