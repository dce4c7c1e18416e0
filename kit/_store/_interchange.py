"""A whole engagement folder (or workbook) in and out of the store: import (all or nothing) and export."""

import json
from pathlib import Path

from .._io import write_folder
from .._schema import KEYLESS, ORDER
from ..errors import KitError, NotFoundError, Problem, StoreError, ValidationError
from ..validate import validate
from ._connection import _same
from ._writing import _delete, _key, _spec, _upsert


class _Interchange:
    """Import and export of the interchange format."""

    def import_source(self, source):
        """Import a folder or workbook: same ids are updated, the rest is kept; all or nothing.

        Returns the checked :class:`Dataset` of the source (its ``warnings`` are worth printing).
        """
        new = validate(source)
        if new.errors:
            raise ValidationError(new.problems, action="Nothing was imported.")

        def change(ds):
            if ds.engagement and ds.engagement.get("name") != new.engagement.get("name"):
                raise StoreError(
                    f"{self.path} holds engagement {ds.engagement.get('name')!r}, but {source} is "
                    f"{new.engagement.get('name')!r}; import it into a store of its own"
                )
            ops = []
            if ds.engagement != new.engagement:
                ds.engagement = new.engagement
                ops += [
                    ("INSERT OR REPLACE INTO meta VALUES (?, ?)", (k, json.dumps(v, ensure_ascii=False)))
                    for k, v in new.engagement.items()
                ]
            stored = {_spec(k) for k in ds.extra_kpis}
            for pos, k in enumerate(new.extra_kpis):
                if _spec(k) not in stored:
                    ops.append(("INSERT OR REPLACE INTO kpi_catalog VALUES (?, ?, ?)", (str(k["id"]), pos, _spec(k))))
            ds.extra_kpis = [k for k in ds.extra_kpis if k["id"] not in {n["id"] for n in new.extra_kpis}]
            ds.extra_kpis += new.extra_kpis
            for rid, spec in new.extra_rubrics.items():
                if ds.extra_rubrics.get(rid) != spec:
                    ops.append(("INSERT OR REPLACE INTO rubrics VALUES (?, ?)", (rid, _spec(spec))))
                    ds.extra_rubrics[rid] = spec
            _typed_over_crm(ds, new)
            keep = {_key("kpi_actuals", r) for r in new.tables.get("kpi_actuals", [])}
            for result, _rows in new.crm:  # figures of an earlier import of the months the export covers
                ops += _crm_ops(ds, result, _rows, keep=keep)
            for name in ORDER:
                rows = new.tables.get(name, [])
                if name in KEYLESS:
                    ops += _replace_sessions(ds, name, rows)
                    continue
                index = {_key(name, r): i for i, r in enumerate(ds.tables[name])}
                for r in rows:
                    i = index.get(_key(name, r))
                    if i is None:
                        ds.tables[name].append(r)
                        ops.append(_upsert(name, r))
                    elif not _same(ds.tables[name][i], r):
                        ds.tables[name][i] = r
                        ops.append(_upsert(name, r))
            return ops

        self._apply(change, action="Nothing was imported.")
        new.changes = self.changes
        return new

    def import_crm(self, export, *, owners=None, through=None, start=None):
        """Record a CRM opportunity export's figures (:mod:`kit.crm`) for the sellers it covers: the CRM's KPIs of
        the months it covers are replaced, every other figure is left as it is; all or nothing.

        ``owners``: an owners file (crm_owner,member_id) for the owners whose name is not a member's; ``through``
        and ``start``: dates (default: the latest date in the export, and 1 January of its year).
        Returns the :class:`kit.crm.Result` (``lines()`` says what was read, counted and left out)."""
        from ..crm import Refused, figures, read_export, read_owners
        from ..crm._folder import rows_of

        settings = self.settings
        if not settings.get("name"):
            raise NotFoundError(f"{self.path} is empty; import the engagement folder first, then its CRM export")
        try:
            found = read_export(export, currency=settings.get("currency"))
        except Refused as e:
            raise KitError(f"{e.problem.text()}. Nothing was imported.") from None
        members = self.members().to_dict("records")
        try:
            mapped = read_owners(owners, {m["member_id"] for m in members}) if owners else None
        except Refused as e:
            raise KitError(f"{e.problem.text()}. Nothing was imported.") from None
        result = figures(found, members, owners=mapped, through=through, start=start)
        rows = rows_of(result)
        self._apply(lambda ds: _crm_ops(ds, result, rows), action="Nothing was imported.")
        return result

    def export(self, folder):
        """Write the store back as an engagement folder (the interchange format)."""
        ds = self.dataset()
        if not ds.engagement:
            raise NotFoundError(f"{self.path} is empty; import an engagement folder first")
        for name in KEYLESS:
            for r in ds.tables[name]:
                r.values.pop("row_id", None)
        write_folder(folder, ds.tables, engagement=ds.engagement, kpi_catalog=ds.extra_kpis, rubrics=ds.extra_rubrics)
        return Path(folder)


def _crm_ops(ds, result, rows, *, keep=None):
    """Replace the stored figures ``result`` covers with ``rows``: a figure of the same key is updated if it
    changed, one the export no longer gives is removed. ``keep``: the keys a folder's import writes itself (it
    upserts them; here only the others are removed)."""
    from ..crm._folder import covers

    test, table = covers(result), ds.tables["kpi_actuals"]
    old = {_key("kpi_actuals", r): r for r in table if test(r)}
    keys, ops, counts = {_key("kpi_actuals", r) for r in rows}, [], result.recorded
    for r in rows:
        was = old.get(_key("kpi_actuals", r))
        counts["new" if was is None else "unchanged" if _same(was, r) else "replaced"] += 1
        counts["typed"] += was is not None and not was.values.get("source") and not _same(was, r)
        if keep is None and (was is None or not _same(was, r)):
            ops.append(_upsert("kpi_actuals", r))
    for k, r in old.items():
        if k not in (keys if keep is None else keep):
            counts["removed"] += 1
            counts["typed"] += not r.values.get("source")
            ops.append(_delete("kpi_actuals", r))
    kept = rows if keep is None else [r for k, r in old.items() if k in keep]
    ds.tables["kpi_actuals"] = [r for r in table if not test(r)] + kept
    return ops


def _typed_over_crm(ds, new):
    """A folder's typed figures for a seller, KPI and month the store holds from a CRM export are not imported (the
    CRM's figure stands; a newer export changes it), and the import says so."""
    from ..crm import CRM_KPIS

    def month(v):
        return (v["member_id"], v["kpi_id"], str(v["period_end"])[:7])

    held = {month(r.values): r.values["source"] for r in ds.tables["kpi_actuals"] if r.values.get("source")}
    rows = new.tables.get("kpi_actuals", [])
    kept = [
        r for r in rows if r.values.get("source") or r.values["kpi_id"] not in CRM_KPIS or month(r.values) not in held
    ]
    if len(kept) < len(rows):
        skipped = [r for r in rows if r not in kept]
        n, kpis = len(skipped), ", ".join(sorted({r.values["kpi_id"] for r in skipped}))
        new.problems.append(
            Problem(
                skipped[0].where,
                f"{n} {'figure' if n == 1 else 'figures'} typed for {kpis} {'is' if n == 1 else 'are'} not imported: "
                f"the store holds those sellers' months from the CRM ({held[month(skipped[0].values)]}); import a "
                "newer export with import-crm to change them",
                severity="warning",
            )
        )
        new.tables["kpi_actuals"] = kept


def _replace_sessions(ds, name, rows):
    """Keyless tables: the folder's rows for a session replace that session's stored rows (if they differ)."""
    ops = []
    by_session = {}
    for r in rows:
        by_session.setdefault(r.values["session_id"], []).append(r)

    def content(rs):
        return sorted(
            json.dumps([{k: v for k, v in r.values.items() if k != "row_id"}, r.extra], sort_keys=True, default=str)
            for r in rs
        )

    for sid, new_rows in by_session.items():
        old = [r for r in ds.tables[name] if r.values["session_id"] == sid]
        if content(old) == content(new_rows):
            continue
        ds.tables[name] = [r for r in ds.tables[name] if r.values["session_id"] != sid] + new_rows
        ops.append((f"DELETE FROM {name} WHERE session_id = ?", [sid]))
        ops += [_upsert(name, r) for r in new_rows]
    return ops
