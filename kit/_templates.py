"""The blank capture templates in templates/capture/, made from the contract (``python -m kit._templates``)."""

import csv
from pathlib import Path

from ._schema import DEFAULT_DOT_BUDGET, ENGAGEMENT_FIELDS, TABLES
from .catalog import TEMPLATES

__all__ = ["write_capture_templates"]

_README = [
    "How to fill in this workbook",
    "One sheet per file of the engagement folder; keep the header row as it is (row 1).",
    "Ids (team_id, member_id, session_id, item_id, ...) use letters, digits, - and _ only.",
    "Dates are YYYY-MM-DD. win_rate is 0.25 or 25%. Amounts are plain numbers: 120000, no currency sign.",
    "Leave a sheet empty (header only) if that step was not run.",
    "Check it with:  workshop-kit validate capture.xlsx   then:  workshop-kit import capture.xlsx STORE.db",
    "Results from the CRM: paste the team's opportunity export (Salesforce, HubSpot, Pipedrive), header row included,",
    "into the sheet crm_export as the CRM wrote it; owners whose CRM name is not a member's go in crm_owners.",
    "The full format: docs/format.md in the kit.",
]


def write_capture_templates(folder=TEMPLATES / "capture"):
    """Write one header-only CSV per table and capture.xlsx (a sheet per table, dropdowns for fixed choices)."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES.values():
        with open(folder / table.file, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerow(table.names)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "README"
    for line in _README:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110
    ws = wb.create_sheet("engagement")
    ws.append(["field", "value"])
    for f in (f for f in ENGAGEMENT_FIELDS if f != "brand"):  # a logo lives in a folder, not a cell
        ws.append([f, DEFAULT_DOT_BUDGET if f == "dot_budget" else None])
    for table in TABLES.values():
        ws = wb.create_sheet(table.name)
        ws.append(table.names)
        for i, col in enumerate(table.columns, start=1):
            letter = openpyxl.utils.get_column_letter(i)
            ws.column_dimensions[letter].width = max(14, len(col.name) + 4)
            ws[f"{letter}1"].font = Font(bold=True)
            if col.kind == "enum":
                dv = DataValidation(
                    type="list",
                    formula1='"' + ",".join(col.choices) + '"',
                    allow_blank=col.blank,
                    showErrorMessage=True,
                    errorTitle=col.name,
                    error=f"Choose one of {', '.join(col.choices)}",
                )
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}2000")
        ws.freeze_panes = "A2"
    wb.create_sheet("crm_export")  # an opportunity export pasted in (kit.crm); empty: none
    ws = wb.create_sheet("crm_owners")
    ws.append(["crm_owner", "member_id"])
    path = folder / "capture.xlsx"
    wb.save(path)
    return path


if __name__ == "__main__":
    print(write_capture_templates())
