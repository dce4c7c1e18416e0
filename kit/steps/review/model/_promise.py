"""The manager held to their side: a recurring promise against the coaching log, and, before anyone decides a
seller failed, what the manager still owes them ("have we failed them?")."""

import pandas as pd

from ._ledger import need
from ._pace import _date

PROMISE_COLUMNS = ["member_id", "name", "action_id", "action", "every_days", "minutes", "since", "until"]
PROMISE_COLUMNS += ["times", "promised", "logged"]


def promises(session):
    """Each recurring commitment of the manager's (``every_days`` and ``minutes`` set, not dropped) against the
    coaching log, one row per seller it is for (its ``for_id``, or every seller for a commitment to the whole team):
    ``times`` it fell due from the session that agreed it (``since``) to this session's date or its due date,
    whichever is first (``until``), ``promised`` = times × minutes, ``logged`` = the coaching minutes recorded for
    that seller in that span (every kind). Empty when none is recorded or the coaching log is cut away."""
    acts = session.actions("all")
    if "every_days" not in acts or session.coaching is None:
        return pd.DataFrame(columns=PROMISE_COLUMNS)
    mine = acts[
        (acts["owner_id"] == session.manager_id)
        & acts["every_days"].notna()
        & acts["minutes"].notna()
        & (acts["status"] != "dropped")
    ]
    coach = session.coaching
    rows = []
    for a in mine.itertuples():
        since, until = _date(a.agreed), min(_date(session.date), _date(a.due))
        times = max((until - since).days, 0) // int(a.every_days)
        sellers = session.sellers
        if isinstance(a.for_id, str) and a.for_id:
            sellers = sellers[sellers["member_id"] == a.for_id]
        for s in sellers.itertuples():
            c = coach[(coach["member_id"] == s.member_id)] if len(coach) else coach
            logged = c[(c["date"] > str(since)) & (c["date"] <= str(until))]["minutes"].sum() if len(c) else 0
            rows.append(
                dict(
                    member_id=s.member_id,
                    name=s.name,
                    action_id=a.action_id,
                    action=a.action,
                    every_days=int(a.every_days),
                    minutes=int(a.minutes),
                    since=since,
                    until=until,
                    times=int(times),
                    promised=int(times * a.minutes),
                    logged=int(logged),
                )
            )
    return pd.DataFrame(rows, columns=PROMISE_COLUMNS)


def failed_them(session):
    """For each seller to be addressed early (a KPI below 80% of target, or a commitment at risk: :func:`need`), what
    the manager still owes them:
    the manager's open actions for them (for them, or answering their ask; overdue ones counted), their asks still
    open, and the promised coaching minutes not given. One dict per seller, most in need first."""
    n = need(session)
    n = n[(n["shortfalls"] > 0) | n["at_risk"]].sort_values(["need", "name"], ascending=[False, True])
    acts = session.actions("all")
    acts = acts[(acts["owner_id"] == session.manager_id) & (acts["status"] == "open")]
    asks = session.rows["asks"]
    p = promises(session)
    out = []
    for r in n.itertuples():
        theirs = asks[asks["member_id"] == r.member_id] if len(asks) else asks
        owed = acts[(acts["for_id"] == r.member_id) | acts["ask_id"].isin(set(theirs["ask_id"])).fillna(False)]
        late = owed[[_date(d) < _date(session.date) for d in owed["due"]]] if len(owed) else owed
        mine = p[p["member_id"] == r.member_id]
        out.append(
            dict(
                member_id=r.member_id,
                name=r.name,
                need=int(r.need),
                reasons=r.reasons,
                owed=owed,
                overdue=len(late),
                asks_open=int((theirs["status"] == "open").sum()) if len(theirs) else 0,
                minutes_short=int((mine["promised"] - mine["logged"]).clip(lower=0).sum()) if len(mine) else 0,
                minutes_promised=int(mine["promised"].sum()) if len(mine) else 0,
            )
        )
    return out
