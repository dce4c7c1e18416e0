"""The CRM exports an engagement folder holds (``crm/``, a workbook's ``crm_export`` sheet), read with the folder:
their figures take the place of the folder's own for the KPIs, sellers and months each export covers."""

from pathlib import Path

from .._io import Row
from ..errors import KitError, Problem
from ._figures import CRM_KPIS, figures
from ._read import Refused, from_records, read_export


def rows_of(result):
    """The result's figures as stored rows (parsed values: ISO dates, numbers as floats)."""
    where = f"{result.export.label} (figures)"
    return [
        Row(where, None, {**r, "period_end": r["period_end"].isoformat(), "value": float(r["value"])})
        for r in result.rows
    ]


def covers(result):
    """A test of a kpi_actuals row: is it a figure this result replaces (its KPIs, sellers and months)?"""
    members, kpis = set(result.members), set(CRM_KPIS)
    first, last = result.start.isoformat(), result.through.isoformat()

    def test(row):
        v = row.values
        return v.get("member_id") in members and v.get("kpi_id") in kpis and first <= str(v.get("period_end")) <= last

    return test


def take(ds, src):
    """Read ``src.crm`` for the dataset's members; sets ``ds.crm`` [(result, rows)] and folds the rows in."""
    from . import owners_from_records, read_owners

    ds.crm = []
    if not src.crm:
        return
    members = [r.values for r in ds.rows("members") if not r.bad]
    currency = (ds.engagement or {}).get("currency")
    owners, hint = None, "crm/owners.csv (crm_owner,member_id)"
    if src.crm_owners:
        label, what = src.crm_owners
        hint = label
        try:
            ids = {m["member_id"] for m in members}
            owners = read_owners(what, ids) if isinstance(what, Path) else owners_from_records(label, what, ids)
        except KitError as e:
            ds.problems.append(Problem(label, str(e).removeprefix(f"{label}").lstrip(": ") or str(e)))
            return
    for label, what in src.crm:
        try:
            if isinstance(what, Path):
                export = read_export(what, currency=currency, label=label)
            else:
                export = from_records(label, what, currency=currency)
            result = figures(export, members, owners=owners, owners_hint=hint)
        except Refused as e:
            ds.problems.append(e.problem)
            continue
        except KitError as e:
            ds.problems.append(Problem(label, str(e)))
            continue
        for owner, n in result.unmatched.items():
            ds.problems.append(
                Problem(
                    label,
                    f"{n} opportunit{'ies' if n != 1 else 'y'} of {owner}, who matches no member, are not counted; "
                    f'to count them, add "{owner},<member_id>" to {hint}',
                    severity="warning",
                )
            )
        test = covers(result)
        table = ds.tables.get("kpi_actuals", [])
        typed = [r for r in table if test(r) and not r.values.get("source")]
        if typed:
            ds.problems.append(
                Problem(
                    ds.wheres.get("kpi_actuals", "kpi_actuals.csv"),
                    f"{len(typed)} figures typed for {', '.join(sorted({r.values['kpi_id'] for r in typed}))} "
                    f"between {result.start:%Y-%m-%d} and {result.through:%Y-%m-%d} are replaced by {label}'s",
                    severity="warning",
                )
            )
        rows = rows_of(result)
        ds.tables["kpi_actuals"] = [r for r in table if not test(r)] + rows
        ds.crm.append((result, rows))
