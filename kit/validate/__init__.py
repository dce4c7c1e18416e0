"""Checking an engagement against the contract: every problem at once, each located as a spreadsheet shows it.

One module per family: the parsed dataset (:mod:`._dataset`), each cell (:mod:`._cells`), the engagement's settings
(:mod:`._engagement`), the rules across rows and files (:mod:`._rules`) and the method's advice (:mod:`._advice`).
"""

from .._io import read_source
from ..catalog import check_kpis, check_rubric
from ..errors import Problem
from ._cells import KPI_TABLES, MEMBER_COLUMNS, _parse_rows, parse_cell, split_ids
from ._dataset import Dataset
from ._engagement import _check_engagement
from ._rules import check

__all__ = ["Dataset", "validate", "from_source", "parse_cell", "check", "split_ids", "KPI_TABLES", "MEMBER_COLUMNS"]


def from_source(src):
    """Parse and check what :func:`kit._io.read_source` read."""
    ds = Dataset(
        label=src.label,
        present=set(src.tables) | set(src.broken),
        broken=set(src.broken),
        engagement_where=src.engagement_where,
    )
    ds.problems = list(src.problems)
    if src.engagement is not None:
        ds.engagement = _check_engagement(src.engagement, src.engagement_where, ds.problems)
    if src.bad_catalog:
        ds.broken.add("kpi_catalog")  # KPI ids are not checked against a catalogue that could not be read
    if src.kpi_catalog is not None:
        found = check_kpis(src.kpi_catalog)
        ds.problems += found
        ds.extra_kpis = src.kpi_catalog
        if found:
            ds.broken.add("kpi_catalog")
    ds.bad_rubrics = set(src.bad_rubrics)
    for label, spec in src.rubrics.items():
        found = check_rubric(spec, label)
        stem = label.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if not found and str(spec.get("id")) != stem:
            found.append(
                Problem(
                    label,
                    f"has id {spec.get('id')!r}; the file must be named after its id (rubrics/{spec.get('id')}.yaml)",
                )
            )
        ds.problems += found
        if not found:
            ds.extra_rubrics[spec["id"]] = spec
        else:
            ds.bad_rubrics |= {stem, str(spec.get("id")) if isinstance(spec, dict) else stem}
    for name, rows in src.tables.items():
        if name not in src.broken:
            ds.tables[name] = _parse_rows(name, rows, ds.problems)
    ds.problems += check(ds)
    if "members" not in ds.broken:
        from ..crm._folder import take

        take(ds, src)  # the folder's CRM exports: their figures replace the folder's own for what they cover
    return ds


def validate(path):
    """Read and check an engagement folder or capture workbook; returns a :class:`Dataset` with ``problems``."""
    return from_source(read_source(path))
