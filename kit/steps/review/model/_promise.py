"""The manager held to their side: a recurring promise against the coaching log, and, before anyone decides a
seller failed, what the manager still owes them ("have we failed them?")."""

import pandas as pd

from ._ledger import need
from ._pace import _date

PROMISE_COLUMNS = ["member_id", "name", "action_id", "action", "status", "every_days", "minutes", "since", "until"]
PROMISE_COLUMNS += ["times", "promised", "logged"]


def promises(session):
    """Each recurring commitment of the manager's (``every_days`` and ``minutes`` set) against the coaching log, one
    row per seller it is for (its ``for_id``, or every seller for a commitment to the whole team): ``times`` it fell
    due from the session that agreed it (``since``) to this session's date or its due date, whichever is first
    (``until``; a promise marked done or dropped: the day it was, from the history), ``promised`` = times × minutes,
    ``logged`` = that seller's coaching minutes in that span (every kind; ``status`` says where it stands). A
    coaching minute counts once: where a seller's promises overlap, it fills the oldest promise first, and what is
    left the next. Empty when none is recorded or the coaching log is cut away."""
    acts = session.actions("all")
    if "every_days" not in acts or session.coaching is None:
        return pd.DataFrame(columns=PROMISE_COLUMNS)
    mine = acts[(acts["owner_id"] == session.manager_id) & acts["every_days"].notna() & acts["minutes"].notna()]
    rows = []
    for a in mine.sort_values(["agreed", "action_id"]).itertuples():
        since, until = _date(a.agreed), min(_date(session.today), _date(a.due))
        if a.status != "open" and isinstance(getattr(a, "changed", None), str):  # marked done or dropped that day
            until = max(min(until, _date(a.changed)), since)
        times = max((until - since).days, 0) // int(a.every_days)
        sellers = session.sellers
        if isinstance(a.for_id, str) and a.for_id:
            sellers = sellers[sellers["member_id"] == a.for_id]
        for s in sellers.itertuples():
            rows.append(
                dict(
                    member_id=s.member_id,
                    name=s.name,
                    action_id=a.action_id,
                    action=a.action,
                    status=a.status,
                    every_days=int(a.every_days),
                    minutes=int(a.minutes),
                    since=since,
                    until=until,
                    times=int(times),
                    promised=int(times * a.minutes),
                    logged=0,
                )
            )
    out = pd.DataFrame(rows, columns=PROMISE_COLUMNS)
    return _allocate(out, session.coaching)


def _allocate(p, coaching):
    """Each seller's coaching minutes shared out over their promises, each minute once: oldest promise first, up to
    what it promised; what is left over goes to the oldest promise whose span it falls in."""
    if p.empty or not len(coaching):
        return p
    for member, idx in p.groupby("member_id").groups.items():
        c = coaching[coaching["member_id"] == member].sort_values("date")
        left = [(_date(d), int(m)) for d, m in zip(c["date"], c["minutes"])]
        for i in idx:  # in the order of agreement (rows were made oldest promise first)
            since, until, room = p.at[i, "since"], p.at[i, "until"], p.at[i, "promised"]
            for k, (day, m) in enumerate(left):
                if since < day <= until and room > 0 and m > 0:
                    use = min(m, room)
                    p.at[i, "logged"] += use
                    room -= use
                    left[k] = (day, m - use)
        for day, m in left:  # beyond every promise's minutes: to the first promise it falls in
            first = next((i for i in idx if p.at[i, "since"] < day <= p.at[i, "until"]), None)
            if m > 0 and first is not None:
                p.at[first, "logged"] += m
    return p


def failed_them(session):
    """For each seller to address early (a KPI below 80% of target, or a commitment at risk: :func:`need`), what
    the manager still owes them from before this session: their open actions for them (for them, or answering their
    ask; overdue ones counted), their asks no manager's action answers yet, and the promised coaching minutes the log
    does not show; with ``team``, the manager's open commitments to the whole team. One dict per seller, most in need
    first."""
    n = need(session)
    n = n[(n["shortfalls"] > 0) | n["at_risk"]].sort_values(["need", "name"], ascending=[False, True])
    acts = session.actions("all")
    managers = acts[acts["owner_id"] == session.manager_id]
    # at a review, what was agreed there is not a debt yet; between sessions (as_of) it is what is owed now
    between = session.as_of is not None
    debts = managers[(managers["status"] == "open") & (managers["carried"] | between)]
    asks = session.rows["asks"]
    earlier = (
        asks[(asks["status"] == "open") & ((asks["session_id"] != session.session_id) | between)] if len(asks) else asks
    )
    answered = set(managers["ask_id"].dropna())
    p = promises(session)
    out = []
    for r in n.itertuples():
        theirs = earlier[earlier["member_id"] == r.member_id] if len(earlier) else earlier
        own_asks = set(asks[asks["member_id"] == r.member_id]["ask_id"]) if len(asks) else set()
        owed = debts[(debts["for_id"] == r.member_id) | debts["ask_id"].isin(own_asks).fillna(False)]
        mine = p[p["member_id"] == r.member_id]
        out.append(
            dict(
                member_id=r.member_id,
                name=r.name,
                need=int(r.need),
                reasons=r.reasons,
                owed=owed,
                overdue=sum(_date(d) < _date(session.today) for d in owed["due"]),
                asks_unanswered=int((~theirs["ask_id"].isin(answered)).sum()) if len(theirs) else 0,
                minutes_short=int((mine["promised"] - mine["logged"]).clip(lower=0).sum()) if len(mine) else 0,
                minutes_promised=int(mine["promised"].sum()) if len(mine) else 0,
            )
        )
    return out


def coaching_rated(session):
    """How the sellers rated the manager's coaching (``templates/coaching_rubric.yaml``), one row per period (the
    session in force when rated, ``from`` its date), oldest first: ``raters`` and each criterion's mean, and
    ``overall`` (the weighted mean). Only the periods the audience's cut kept (the manager's, from MIN_GROUP raters)."""
    from ....catalog import coaching_rubric

    rubric = coaching_rubric()
    names = {c["id"]: c["name"] for c in rubric["criteria"]}
    weights = {c["id"]: float(c.get("weight", 1)) for c in rubric["criteria"]}
    r = session.rows.get("coaching_ratings")
    cols = ["session_id", "from", "raters", *names.values(), "overall"]
    if r is None or r.empty:
        return pd.DataFrame(columns=cols)
    dates = dict(zip(session.sessions["session_id"], session.sessions["date"]))
    out = []
    for sid, g in r.groupby("session_id"):
        means = g.groupby("criterion_id")["score"].mean()
        known = [c for c in names if c in means]
        overall = sum(means[c] * weights[c] for c in known) / sum(weights[c] for c in known) if known else None
        out.append(
            dict(
                session_id=sid,
                raters=int(g["rating"].nunique()),  # one rating a seller and period
                overall=overall,
                **{"from": dates.get(sid)},
                **{names[c]: float(means[c]) if c in means else None for c in names},
            )
        )
    return pd.DataFrame(out, columns=cols).sort_values("from").reset_index(drop=True)
