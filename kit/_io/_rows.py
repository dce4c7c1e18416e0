"""What the kit reads at most, YAML read safely, and a row as read (its file, its spreadsheet row, its cells)."""

import csv
from dataclasses import dataclass, field

import yaml

from .._schema import TABLES
from ..errors import Problem
from ._cells import unescape_cell

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
    # CRM opportunity exports to import with the folder (kit.crm): (label, path or records); the owners file too
    crm: list = field(default_factory=list)
    crm_owners: tuple | None = None
    crm_unread: list = field(default_factory=list)  # files in crm/ that are not an export the kit reads


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
