"""The KPI catalogue and the role-play rubrics: the shipped ones plus an engagement's own."""

import functools
import math
import re

import yaml

from . import _resources
from ._schema import ID_PATTERN
from .errors import KitError, Problem

__all__ = [
    "TEMPLATES",
    "shipped_kpis",
    "shipped_rubrics",
    "kpis_in_force",
    "kpi_range",
    "rubrics_in_force",
    "coaching_rubric",
    "check_kpis",
    "check_rubric",
]

TEMPLATES = _resources.TEMPLATES  # the repository's templates/ in a checkout, the packaged copy when installed
_ID = re.compile(ID_PATTERN)
KPI_FIELDS = ("id", "name", "definition", "unit", "direction", "kind")


def _load(path):
    from ._io import safe_yaml

    try:
        return safe_yaml(path.read_text(encoding="utf-8"))
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


@functools.cache
def coaching_rubric():
    """The rubric sellers rate their manager's coaching on (templates/coaching_rubric.yaml; read once)."""
    return _load(TEMPLATES / "coaching_rubric.yaml")


def kpis_in_force(extra):
    """{kpi_id: spec}: the shipped catalogue, with an engagement's own KPIs (``extra``) added or overriding."""
    kpis = {k["id"]: k for k in shipped_kpis()}
    kpis.update({str(k.get("id")): k for k in extra if isinstance(k, dict)})
    return kpis


def rubrics_in_force(extra):
    """{rubric_id: spec}: the shipped rubrics and an engagement's own."""
    return {**shipped_rubrics(), **extra}


def _number(x):
    """A finite number written as a number (YAML's true/false are not numbers, nor .nan or .inf)."""
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _text(x):
    return isinstance(x, (str, int, float)) and not isinstance(x, bool)


def _bound(x):
    """A catalogue entry's ``min`` or ``max``: a number, or a percentage written '100%' (read as 1); else None."""
    if isinstance(x, str) and x.strip().endswith("%"):
        try:
            x = float(x.strip()[:-1]) / 100
        except ValueError:
            return None
    return float(x) if _number(x) else None


def kpi_range(spec):
    """(least, most): what a KPI's value can be by its formula, from its catalogue entry's ``min`` and ``max``
    (a share capped at 100% has ``max: 1``, a count ``min: 0``); None where the entry declares no bound."""
    return _bound(spec.get("min")), _bound(spec.get("max"))


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
        for f in KPI_FIELDS + ("formula",):
            if f not in KPI_FIELDS and k.get(f) is None:
                continue
            if k.get(f) in (None, ""):
                problems.append(Problem(at, f"field {f} is missing"))
            elif not _text(k[f]):
                problems.append(
                    Problem(at, "is not text; write it on one line after the field's name", value=k[f], column=f)
                )
        if not _text(k.get("id")):
            continue
        kid = str(k.get("id", ""))
        if kid and not _ID.match(kid):
            problems.append(Problem(at, "is not a valid id; use letters, digits, - and _ only", value=kid, column="id"))
        if kid in seen:
            problems.append(Problem(at, "appears twice in the catalogue", value=kid, column="id"))
        seen.add(kid)
        if _text(k.get("direction")) and k.get("direction") not in ("", "higher", "lower"):
            problems.append(Problem(at, "is not one of higher, lower", value=k["direction"], column="direction"))
        if _text(k.get("kind")) and k.get("kind") not in ("", "leading", "lagging"):
            problems.append(Problem(at, "is not one of leading, lagging", value=k["kind"], column="kind"))
        for f in ("min", "max"):
            if k.get(f) is not None and _bound(k[f]) is None:
                problems.append(
                    Problem(
                        at,
                        f"is not a number; write the {'least' if f == 'min' else 'most'} value the KPI's formula can "
                        "give, e.g. 0 or 100%, or leave it out",
                        value=k[f],
                        column=f,
                    )
                )
        lo, hi = kpi_range(k)
        if lo is not None and hi is not None and lo >= hi:
            problems.append(Problem(at, f"min {k['min']} is not below max {k['max']}; swap them or correct one"))
    return problems


def check_rubric(spec, where):
    """Problems with one rubric spec: id, scale, criteria with weights and anchors inside the scale."""
    if not isinstance(spec, dict):
        return [Problem(where, "must be a mapping with id, name, scale and criteria")]
    problems = []
    for f in ("id", "name", "scale", "criteria"):
        if spec.get(f) in (None, ""):
            problems.append(Problem(where, f"field {f} is missing"))
    for f in ("id", "name"):
        if spec.get(f) not in (None, "") and not _text(spec[f]):
            problems.append(
                Problem(where, "is not text; write it on one line after the field's name", value=spec[f], column=f)
            )
    rid = str(spec.get("id", "")) if _text(spec.get("id")) else ""
    if rid and not _ID.match(rid):
        problems.append(Problem(where, "is not a valid id; use letters, digits, - and _ only", value=rid, column="id"))
    scale = spec.get("scale") or {}
    lo, hi = (scale.get("min"), scale.get("max")) if isinstance(scale, dict) else (None, None)
    if not (_number(lo) and _number(hi) and lo < hi):
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
        cid = str(c.get("id", "")) if _text(c.get("id")) else repr(c.get("id"))
        if not _ID.match(cid):
            problems.append(Problem(at, "is not a valid id; use letters, digits, - and _ only", value=cid, column="id"))
        if cid in seen:
            problems.append(Problem(at, "appears twice in the rubric", value=cid, column="id"))
        seen.add(cid)
        if c.get("name") is not None and not _text(c["name"]):
            problems.append(
                Problem(at, "is not text; write the criterion's name on one line", value=c["name"], column="name")
            )
        w = c.get("weight", 1)
        if not _number(w) or w <= 0:
            problems.append(Problem(at, "must be a number above 0", value=w, column="weight"))
        anchors = c.get("anchors") or {}
        if not isinstance(anchors, dict) or not anchors:
            problems.append(Problem(at, "needs anchors: a behaviour description per level, e.g. {1: ..., 5: ...}"))
        elif lo is not None:
            for level, text in anchors.items():
                if not _number(level) or not lo <= level <= hi:
                    problems.append(Problem(at, f"anchor level is outside the scale {lo}-{hi}", value=level))
                elif not _text(text):
                    problems.append(
                        Problem(at, f"anchor {level} is not text; describe the behaviour in words", value=text)
                    )
    return problems
