"""The CRM exports an engagement folder holds (``crm/``, a workbook's ``crm_export`` sheet), read with the folder:
their figures take the place of the folder's own for the KPIs, sellers and months each export covers."""

from pathlib import Path

from .._io import Row
from ..errors import KitError, Problem
from ._figures import CRM_KPIS, figures, month_end
from ._read import Refused, from_records, read_export


def rows_of(result):
    """The result's figures as stored rows (parsed values: ISO dates, numbers as floats)."""
    where = f"{result.export.label} (figures)"
    return [
        Row(where, None, {**r, "period_end": r["period_end"].isoformat(), "value": float(r["value"])})
        for r in result.rows
    ]


def covers(result):
    """A test of a kpi_actuals row: is it a figure this result replaces? Its KPIs and sellers, in the whole months
    from its first to its through date's (a figure typed or imported there), and a figure an earlier import made
    for a later month (the newest export is the CRM's word from its first month on)."""
    members, kpis = set(result.members), set(CRM_KPIS)
    first, last = result.start.isoformat(), month_end(result.through).isoformat()

    def test(row):
        v = row.values
        if v.get("member_id") not in members or v.get("kpi_id") not in kpis:
            return False
        day = str(v.get("period_end"))
        return first <= day <= last or (day > last and bool(v.get("source")))

    return test


def take(ds, src):
    """Read ``src.crm`` for the dataset's members; sets ``ds.crm`` [(result, rows)] and folds the rows in (the
    exports in the order of their through dates: the newest has the last word)."""
    from . import owners_from_records, read_owners

    ds.crm = []
    for label, _path in src.crm_unread:
        ds.problems.append(
            Problem(label, "is not read: the kit reads CRM exports saved as .csv or .xlsx", severity="warning")
        )
    if not src.crm:
        return
    members = [r.values for r in ds.rows("members") if not r.bad]
    currency = (ds.engagement or {}).get("currency")
    owners, hint = None, "crm/owners.csv (crm_owner,member_id)"
    try:
        if src.crm_owners:
            hint, what = src.crm_owners
            ids = {m["member_id"] for m in members}
            owners = (
                read_owners(what, ids, label=hint) if isinstance(what, Path) else owners_from_records(hint, what, ids)
            )
    except Refused as e:
        ds.problems.append(e.problem)
        return
    results = []
    for label, what in src.crm:
        try:
            if isinstance(what, Path):
                export = read_export(what, currency=currency, label=label)
            else:
                export = from_records(label, what, currency=currency)
            results.append(figures(export, members, owners=owners, owners_hint=hint))
        except Refused as e:
            ds.problems.append(e.problem)
        except KitError as e:
            ds.problems.append(Problem(label, str(e).removeprefix(f"{label}: ")))
    for result in sorted(results, key=lambda r: r.through):
        _fold(ds, result, hint)


def _fold(ds, result, hint):
    label = result.export.label
    for owner, n in result.unmatched.items():
        ds.problems.append(
            Problem(
                label,
                f"{n} {'opportunity' if n == 1 else 'opportunities'} of {owner}, who matches no member, "
                f'{"is" if n == 1 else "are"} not counted; to count them, add "{owner},<member_id>" to {hint}',
                severity="warning",
            )
        )
    test = covers(result)
    table = ds.tables.get("kpi_actuals", [])
    typed = [r for r in table if test(r) and not r.values.get("source")]
    if typed:
        n, kpis = len(typed), ", ".join(sorted({r.values["kpi_id"] for r in typed}))
        ds.problems.append(
            Problem(
                ds.wheres.get("kpi_actuals", "kpi_actuals.csv"),
                f"{n} {'figure' if n == 1 else 'figures'} typed for {kpis} from {result.start:%Y-%m-%d} to "
                f"{month_end(result.through):%Y-%m-%d} {'is' if n == 1 else 'are'} replaced by {label}'s",
                severity="warning",
            )
        )
    rows = rows_of(result)
    ds.tables["kpi_actuals"] = [r for r in table if not test(r)] + rows
    ds.crm.append((result, rows))
