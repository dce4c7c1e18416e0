"""The KPI catalogue and the role-play rubrics: the shipped ones plus an engagement's own."""

import functools
import re

import yaml

from . import _resources
from ._schema import ID_PATTERN
from .errors import KitError, Problem

__all__ = ["TEMPLATES", "shipped_kpis", "shipped_rubrics", "kpis_in_force", "rubrics_in_force", "check_kpis",
           "check_rubric"]

TEMPLATES = _resources.TEMPLATES  # the repository's templates/ in a checkout, the packaged copy when installed
_ID = re.compile(ID_PATTERN)
KPI_FIELDS = ("id", "name", "definition", "unit", "direction", "kind")


def _load(path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise KitError(f"{path}: the kit's own file cannot be read ({e}); reinstall the kit") from e


@functools.cache
def shipped_kpis():
    """The catalogue in templates/kpi_catalog.yaml, as a list of KPI dicts (read once; do not modify)."""
    return _load(TEMPLATES / "kpi_catalog.yaml")["kpis"]


@functools.cache
def shipped_rubrics():
    """The rubrics in templates/rubrics/, as {rubric_id: spec} (read once; do not modify)."""
    return {spec["id"]: spec for spec in (_load(p) for p in sorted((TEMPLATES / "rubrics").glob("*.yaml")))}


def kpis_in_force(extra):
    """{kpi_id: spec}: the shipped catalogue, with an engagement's own KPIs (``extra``) added or overriding."""
    kpis = {k["id"]: k for k in shipped_kpis()}
    kpis.update({str(k.get("id")): k for k in extra if isinstance(k, dict)})
    return kpis


def rubrics_in_force(extra):
    """{rubric_id: spec}: the shipped rubrics and an engagement's own."""
    return {**shipped_rubrics(), **extra}


def check_kpis(kpis, where="kpi_catalog.yaml"):
    """Problems with a list of KPI specs (structure, ids, allowed values)."""
    problems = []
    if not isinstance(kpis, list):
        return [Problem(where, "'kpis:' must be a list of KPIs")]
    seen = set()
    for i, k in enumerate(kpis, start=1):
        at = f"{where}, KPI {i}"
        if not isinstance(k, dict):
            problems.append(Problem(at, "must be a mapping with id, name, definition, unit, direction, kind"))
            continue
        for f in KPI_FIELDS:
            if k.get(f) in (None, ""):
                problems.append(Problem(at, f"field {f} is missing"))
        kid = str(k.get("id", ""))
        if kid and not _ID.match(kid):
            problems.append(Problem(at, "is not a valid id; use letters, digits, - and _ only",
                                    value=kid, column="id"))
        if kid in seen:
            problems.append(Problem(at, "appears twice in the catalogue", value=kid, column="id"))
        seen.add(kid)
        if k.get("direction") not in (None, "", "higher", "lower"):
            problems.append(Problem(at, "is not one of higher, lower", value=k["direction"], column="direction"))
        if k.get("kind") not in (None, "", "leading", "lagging"):
            problems.append(Problem(at, "is not one of leading, lagging", value=k["kind"], column="kind"))
    return problems


def check_rubric(spec, where):
    """Problems with one rubric spec: id, scale, criteria with weights and anchors inside the scale."""
    if not isinstance(spec, dict):
        return [Problem(where, "must be a mapping with id, name, scale and criteria")]
    problems = []
    for f in ("id", "name", "scale", "criteria"):
        if spec.get(f) in (None, ""):
            problems.append(Problem(where, f"field {f} is missing"))
    rid = str(spec.get("id", ""))
    if rid and not _ID.match(rid):
        problems.append(Problem(where, "is not a valid id; use letters, digits, - and _ only", value=rid,
                                column="id"))
    scale = spec.get("scale") or {}
    lo, hi = (scale.get("min"), scale.get("max")) if isinstance(scale, dict) else (None, None)
    if not (isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo < hi):
        problems.append(Problem(where, "scale needs numbers min and max with min < max, e.g. {min: 1, max: 5}"))
        lo = hi = None
    criteria = spec.get("criteria") or []
    if not isinstance(criteria, list):
        return problems + [Problem(where, "criteria must be a list")]
    seen = set()
    for i, c in enumerate(criteria, start=1):
        at = f"{where}, criterion {i}"
        if not isinstance(c, dict):
            problems.append(Problem(at, "must be a mapping with id, name, weight, anchors"))
            continue
        cid = str(c.get("id", ""))
        if not _ID.match(cid):
            problems.append(Problem(at, "is not a valid id; use letters, digits, - and _ only", value=cid,
                                    column="id"))
        if cid in seen:
            problems.append(Problem(at, "appears twice in the rubric", value=cid, column="id"))
        seen.add(cid)
        w = c.get("weight", 1)
        if not isinstance(w, (int, float)) or w <= 0:
            problems.append(Problem(at, "must be a number above 0", value=w, column="weight"))
        anchors = c.get("anchors") or {}
        if not isinstance(anchors, dict) or not anchors:
            problems.append(Problem(at, "needs anchors: a behaviour description per level, e.g. {1: ..., 5: ...}"))
        elif lo is not None:
            for level in anchors:
                if not isinstance(level, (int, float)) or not lo <= level <= hi:
                    problems.append(Problem(at, f"anchor level is outside the scale {lo}-{hi}", value=level))
    return problems
