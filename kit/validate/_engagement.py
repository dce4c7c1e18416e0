"""The engagement's own settings (engagement.yaml): name, client, currency, facilitator, dot budget, brand."""

from .._schema import CURRENCIES, DEFAULT_DOT_BUDGET, TABLES
from ..errors import Problem
from ._cells import parse_cell


def _check_engagement(meta, where, problems):
    out = dict(meta)
    typed = set()  # fields already reported as not text
    for f in ("name", "client", "currency", "facilitator"):
        v = meta.get(f)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (str, int, float))):
            problems.append(Problem(where, f"is not text; write {f} as one line of text", column=f, value=v))
            out[f] = None
            typed.add(f)
    for f, what in (
        ("name", "the engagement's name, e.g. 'Acme sales offsite 2026'"),
        ("client", "the client company"),
    ):
        if not str(out.get(f) or "").strip() and f not in typed:
            problems.append(Problem(where, f"{f} is missing; it is required ({what})"))
    cur = str(out.get("currency") or "").strip().upper()
    if "currency" in typed:
        pass
    elif not cur:
        problems.append(Problem(where, "currency is missing; write an ISO 4217 code such as USD, EUR, GBP"))
    elif cur not in CURRENCIES:
        problems.append(
            Problem(
                where,
                "is not an ISO 4217 currency code such as USD, EUR, GBP",
                column="currency",
                value=meta.get("currency"),
            )
        )
    out["currency"] = cur
    budget = meta.get("dot_budget")
    if budget in (None, ""):
        out["dot_budget"] = DEFAULT_DOT_BUDGET
    else:
        value, msg = parse_cell(TABLES["swot_votes"].col("dots"), budget)
        if msg:
            problems.append(Problem(where, msg, column="dot_budget", value=budget))
        out["dot_budget"] = value
    for f in ("name", "client", "facilitator"):
        if out.get(f) is not None:
            out[f] = str(out[f])
    from ..brand import check as check_brand

    out["brand"] = check_brand(meta.get("brand"), problems, where)
    return out
