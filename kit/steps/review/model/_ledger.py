"""The reciprocal ledger and the manager's time: open actions by age, what each side committed to, and where the
coaching time went against who needs it."""

import pandas as pd

from ...kpis import model as kpis
from ._funnel import rebuilt_funnel
from ._pace import AT_RISK_PACE, LOW_CRITERION, _date

# ---------------------------------------------------------------- actions


def ageing(session):
    """The open actions a review goes through, most overdue first: owner, action, due, ``days_overdue`` (0 when not
    yet due), ``agreed`` (the session date) and ``carried`` (agreed at an earlier session)."""
    a = session.actions("in_view")
    a = a[a["status"] == "open"].copy()
    a["days_overdue"] = [max((_date(session.today) - _date(d)).days, 0) for d in a["due"]]
    a["owner"] = [session.name(o) for o in a["owner_id"]]
    return a.sort_values(["days_overdue", "due", "action_id"], ascending=[False, True, True]).reset_index(drop=True)


# ---------------------------------------------------------------- the reciprocal ledger


def ledger(session):
    """Per seller: their own actions and the manager's actions for them (``for_id``, or answering one of their
    asks), each as {open, done, dropped} counts with the rows, and their asks of the manager: those agreed at this
    session or the previous one, and any older ones still open.

    Returns a list of dicts (one per seller, by name): member_id, name, mine (DataFrame), manager (DataFrame),
    asks (DataFrame), counts_mine, counts_manager, asks_open, asks_answered (asks that a manager action names)."""
    acts = session.actions("all")
    recent = {session.session_id} | ({session.previous["session_id"]} if session.previous else set())
    acts = acts[acts["session_id"].isin(recent) | (acts["status"] == "open")]  # since the last session, and debts
    asks = session.rows["asks"]
    asks = asks[asks["session_id"].isin(recent) | (asks["status"] == "open")]
    manager = session.manager_id
    out = []
    for s in session.sellers.sort_values("name").itertuples():
        m = s.member_id
        own_asks = asks[asks["member_id"] == m]
        ask_ids = set(own_asks["ask_id"])
        mine = acts[acts["owner_id"] == m]
        theirs = acts[
            (acts["owner_id"] == manager)
            & ((acts["for_id"] == m) | acts["ask_id"].isin(ask_ids).fillna(False).astype(bool))
        ]
        answered = set(theirs["ask_id"].dropna()) & ask_ids
        out.append(
            dict(
                member_id=m,
                name=s.name,
                mine=mine,
                manager=theirs,
                asks=own_asks,
                counts_mine=_counts(mine),
                counts_manager=_counts(theirs),
                asks_open=int((own_asks["status"] == "open").sum()),
                asks_answered=len(answered),
            )
        )
    return out


def to_the_team(session):
    """The manager's commitments to the whole team (no seller named, no ask answered: "a one-to-one with each seller
    every two weeks"), agreed at this session or the previous one, or older and still open; oldest first."""
    acts = session.actions("all")
    recent = {session.session_id} | ({session.previous["session_id"]} if session.previous else set())
    acts = acts[acts["session_id"].isin(recent) | (acts["status"] == "open")]
    blank = acts["for_id"].isna() | (acts["for_id"] == "")
    unasked = acts["ask_id"].isna() | (acts["ask_id"] == "")
    mine = acts[(acts["owner_id"] == session.manager_id) & blank & unasked]
    return mine.sort_values(["agreed", "action_id"]).reset_index(drop=True)


def _counts(actions):
    c = actions["status"].value_counts()
    return {k: int(c.get(k, 0)) for k in ("open", "done", "dropped")}


# ---------------------------------------------------------------- time against need


def _roleplay_rows(session):
    """The role play a need is read from: this session's, else the previous session's."""
    now = session.rows["roleplay"]
    return now if len(now) else session.before["roleplay"]


def need(session):
    """Per seller: why they may need the manager's time now. ``shortfalls`` (KPIs below SHORTFALL of target at
    their latest actual), ``low_criteria`` (role-play criteria others scored below LOW_CRITERION), ``at_risk``
    (their funnel, rebuilt from the bookings they reported, takes more than AT_RISK_PACE times the kickoff plan a
    week; or a goal they mark at risk),
    ``need`` (how many of the three apply, 0 to 3) and ``reasons`` (in words)."""
    latest = session.latest_attainment()
    rp = _roleplay_rows(session)
    names = {c["id"]: c["name"] for spec in session.rubrics.values() for c in spec["criteria"]}
    funnel = rebuilt_funnel(session).set_index("member_id")
    g = session.rows["goals"]
    rows = []
    for s in session.sellers.itertuples():
        m = s.member_id
        short = latest[(latest["member_id"] == m) & (latest["status"] == "shortfall")] if len(latest) else latest
        mine = rp[(rp["seller_id"] == m) & (rp["rater_role"] != "self")] if len(rp) else rp
        by = mine.groupby("criterion_id")["score"].mean() if len(mine) else pd.Series(dtype=float)
        low = sorted((names.get(k, k) for k, v in by.items() if v < LOW_CRITERION))
        # the pace is evidence only when the seller's bookings so far are reported
        pace = funnel["pace"].get(m) if m in funnel.index and funnel["won"].get(m) is not None else None
        goals_at_risk = int(((g["member_id"] == m) & (g.get("progress") == "at_risk")).sum()) if len(g) else 0
        at_risk = bool((pace is not None and pace == pace and pace > AT_RISK_PACE) or goals_at_risk)
        reasons = []
        if len(short):
            reasons.append("below 80% on " + ", ".join(sorted(map(kpis.lower_name, short["kpi"]), key=str.lower)))
        if low:
            reasons.append("role play: " + ", ".join(x.lower() for x in low))
        if pace is not None and pace == pace and pace > AT_RISK_PACE:
            reasons.append(f"needs {pace:.1f}× the planned weekly activity")
        elif goals_at_risk:
            reasons.append("a goal marked at risk")
        rows.append(
            dict(
                member_id=m,
                name=s.name,
                shortfalls=len(short),
                low_criteria=len(low),
                at_risk=at_risk,
                need=int(bool(len(short))) + int(bool(low)) + int(at_risk),
                reasons="; ".join(reasons),
            )
        )
    return pd.DataFrame(
        rows, columns=["member_id", "name", "shortfalls", "low_criteria", "at_risk", "need", "reasons"]
    ).reset_index(drop=True)


def time_against_need(session):
    """Coaching minutes per seller since the previous session (up to the session's date; at a first session, all
    recorded so far) beside their need, most in need first.

    Returns (table, flag): the table has member_id, name, need, reasons, minutes, by_kind ({kind: minutes});
    ``flag`` is None, or a dict naming the sellers most in need (``most``) and their mean minutes against the
    others' (``most_minutes``, ``others_minutes``) when those most in need got less time on average."""
    n = need(session)
    c = session.coaching
    since = session.date if session.as_of else (session.previous or {}).get("date")  # between sessions: since the last
    if c is not None and len(c) and since:
        c = c[c["date"] > since]
    minutes = c.groupby("member_id")["minutes"].sum() if c is not None and len(c) else pd.Series(dtype=float)
    kinds = (
        c.groupby(["member_id", "kind"])["minutes"].sum()
        if c is not None and len(c)
        else pd.Series(dtype=float, index=pd.MultiIndex.from_tuples([], names=["member_id", "kind"]))
    )
    n["minutes"] = [int(minutes.get(m, 0)) for m in n["member_id"]]
    n["by_kind"] = [
        {k: int(v) for (mm, k), v in kinds.items() if mm == m} if len(kinds) else {} for m in n["member_id"]
    ]
    n = n.sort_values(["need", "minutes", "name"], ascending=[False, True, True]).reset_index(drop=True)
    flag = None
    top = n["need"].max() if len(n) else 0
    if top > 0 and (n["need"] < top).any():
        most, others = n[n["need"] == top], n[n["need"] < top]
        if most["minutes"].mean() < others["minutes"].mean():
            flag = dict(
                most=list(most["name"]),
                most_minutes=float(most["minutes"].mean()),
                others_minutes=float(others["minutes"].mean()),
            )
    return n, flag


# ---------------------------------------------------------------- what changed when

_CHANGE_WORDS = {
    ("actions", None, "open"): "agreed",
    ("actions", None, "done"): "recorded as done",
    ("actions", None, "dropped"): "recorded as dropped",
    ("asks", None, "open"): "asked",
    ("asks", None, "done"): "asked, answered",
    ("actions", "open"): "reopened",
    ("asks", "open"): "reopened",
}


def changes(session):
    """What changed when since the previous session: one row per dated change of an action or an ask this session
    shows (date, member_id, who, what changed, the item's words, the note), oldest first."""
    h = session.changes
    cols = ["date", "member_id", "who", "change", "item", "note"]
    if h is None or h.empty:
        return pd.DataFrame(columns=cols)
    acts = session.rows["actions"].set_index(["session_id", "action_id"])
    asks = session.rows["asks"].set_index(["session_id", "ask_id"])
    rows = []
    for r in h.itertuples():
        table, key = (acts, "owner_id") if r.record == "actions" else (asks, "member_id")
        if (r.session_id, r.item_id) not in table.index:
            continue  # left out of this audience's cut, or removed since
        item = table.loc[(r.session_id, r.item_id)]
        words = item["action"] if r.record == "actions" else item["ask"]
        was = r.was if isinstance(r.was, str) and r.was else None
        change = _CHANGE_WORDS.get((r.record, was, r.became)) or _CHANGE_WORDS.get((r.record, r.became))
        change = change or f"marked {r.became}"
        note = r.note if isinstance(r.note, str) and r.note else None
        rows.append([r.date, item[key], session.name(item[key]), change, words, note])
    return pd.DataFrame(rows, columns=cols)
