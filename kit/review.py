"""The review loop's figures: what a review starts from, computed from a session (cut or not) as numbers.

* :func:`ageing`: open actions, most overdue first, with how long each has been carried;
* :func:`rebuilt_funnel`: each seller's funnel rebuilt from their actuals to date, beside the kickoff plan and the
  weekly KPI target;
* :func:`ledger`: the reciprocal ledger: per seller, what they committed to and what the manager committed to them;
* :func:`need` and :func:`time_against_need`: where the manager's coaching time went against who needs it;
* :func:`partners` and :func:`propose_partners`: peer accountability pairs and their check-ins;
* :func:`department_asks`: the SWOT items the team routes to another department, with the ask and the answer;
* :func:`strategies`: the strategies the team wrote, with their SWOT items and their action.

The views (report sections, notebooks, the agenda) format these at display time; what an audience may see was cut
from the rows before (:func:`kit.audience.cut`).
"""

import datetime as dt
import math

import pandas as pd

from . import goals as goals_
from . import kpis
from ._schema import DEPARTMENTS
from .validate import split_ids

__all__ = [
    "ageing",
    "rebuilt_funnel",
    "takes",
    "ledger",
    "need",
    "time_against_need",
    "partners",
    "propose_partners",
    "department_asks",
    "strategies",
    "goal_progress",
    "weeks_left",
    "per_week",
    "AT_RISK_PACE",
    "LOW_CRITERION",
    "DEPARTMENT_NAMES",
]

DEPARTMENT_NAMES = {
    "product": "Product",
    "marketing": "Marketing",
    "sales_ops": "Sales Operations",
    "finance": "Finance",
    "other": "Other departments",
}
assert set(DEPARTMENT_NAMES) == set(DEPARTMENTS)

# A commitment is at risk when what it now takes each week is more than this many times the kickoff's plan.
AT_RISK_PACE = 1.2
# A role-play criterion others scored below this (of 5) is a coaching need.
LOW_CRITERION = 3.0
# Periods of a KPI target, in selling weeks (of goals.WEEKS_PER_YEAR a year).
_WEEKS = {"week": 1.0, "month": goals_.WEEKS_PER_YEAR / 12, "quarter": goals_.WEEKS_PER_YEAR / 4}
_WEEKS["year"] = float(goals_.WEEKS_PER_YEAR)


def _date(d):
    return dt.date.fromisoformat(str(d))


def weeks_left(as_of):
    """Selling weeks left in the calendar year after ``as_of`` (YYYY-MM-DD), in proportion to the year's days."""
    d = _date(as_of)
    year_days = (dt.date(d.year + 1, 1, 1) - dt.date(d.year, 1, 1)).days
    return goals_.WEEKS_PER_YEAR * (dt.date(d.year, 12, 31) - d).days / year_days


def per_week(target, period):
    """A KPI target per ``period`` as a number per selling week."""
    return float(target) / _WEEKS[period]


# ---------------------------------------------------------------- actions


def ageing(session):
    """The open actions a review goes through, most overdue first: owner, action, due, ``days_overdue`` (0 when not
    yet due), ``agreed`` (the session date) and ``carried`` (agreed at an earlier session)."""
    a = session.actions("in_view")
    a = a[a["status"] == "open"].copy()
    a["days_overdue"] = [max((_date(session.date) - _date(d)).days, 0) for d in a["due"]]
    a["owner"] = [session.name(o) for o in a["owner_id"]]
    return a.sort_values(["days_overdue", "due", "action_id"], ascending=[False, True, True]).reset_index(drop=True)


# ---------------------------------------------------------------- the funnel, rebuilt


def _commitments_in_force(session):
    """Each seller's commitment: recorded at this session, or else at the latest earlier session that has one."""
    return session.commitments().reset_index(drop=True)


def _latest(actuals, kpi_id, member_id, year):
    a = actuals[
        (actuals["kpi_id"] == kpi_id) & (actuals["member_id"] == member_id) & actuals["period_end"].str.startswith(year)
    ]
    return float(a.sort_values("period_end")["value"].iloc[-1]) if len(a) else None


def _kpi_weekly_target(session, member_id, kpi_id="new_meetings"):
    """The weekly target of ``kpi_id`` the seller is measured on (their territory's, else the team's), or None."""
    k = session.kpis_in_force
    if k.empty:
        return None
    territory = session.members.set_index("member_id")["territory"].get(member_id)
    rows = k[(k["kpi_id"] == kpi_id) & k["scope"].isin([territory, "team"])]
    if rows.empty:
        return None
    row = rows.sort_values("scope", key=lambda s: s.eq("team")).iloc[0]  # the territory's before the team's
    return per_week(row["target"], row["period"])


def takes(remaining, *, deal_size, win_rate, meetings_per_opportunity, weeks):
    """What ``remaining`` takes in the selling ``weeks`` left: (deals, opportunities, first meetings a week).

    Deals = ceil(remaining / deal size), opportunities = ceil(deals / win rate), first meetings a week =
    opportunities / weeks × meetings per opportunity (NaN when no week is left)."""
    deals = math.ceil(round(remaining / deal_size, 9))
    opps = math.ceil(round(deals / win_rate, 9))
    return deals, opps, (opps / weeks * meetings_per_opportunity if weeks > 0 else float("nan"))


def rebuilt_funnel(session):
    """Each seller's funnel rebuilt from their actuals to date (the session's date).

    Per seller with a commitment: ``won`` (the year's ``bookings`` actuals so far; None when none were reported),
    ``remaining`` (commitment less won), ``weeks_left``, the win rate, deal size and first meetings per opportunity
    now (the year's latest ``win_rate``, ``avg_deal_size`` and ``meeting_to_opportunity`` actuals where reported,
    else the commitment's, else the kit's assumption of 2), what that takes (``deals_needed``,
    ``opportunities_needed``, ``meetings_per_week``), the kickoff plan's ``plan_meetings_per_week`` (the whole
    commitment over a whole selling year, on the commitment's own rates), ``pace`` (now / plan), the KPI's weekly
    first-meetings target where one is in force (``kpi_target``) and ``kpi_difference`` (KPI target less what the
    funnel takes: above 0, the KPI asks more than the funnel needs). Figures cut from the session's audience stay
    cut: a seller whose actuals the audience may not see is rebuilt from their commitment alone (``sources``).
    ``committed_meetings_per_week`` is what the whole commitment takes in the weeks left at its own rates, nothing
    counted as won: the same for every audience (the leader's agenda shows it; each one-pager names it beside the
    seller's own figure, which can be higher, when their win rate or deal size runs below the commitment's)."""
    c = _commitments_in_force(session)
    year = str(session.date)[:4]
    weeks = weeks_left(session.date)
    plan = goals_.funnel(c) if len(c) else None
    actuals = session.actuals
    rows = []
    for i, r in enumerate(c.itertuples()):
        m = r.member_id
        bookings = actuals[
            (actuals["member_id"] == m) & (actuals["kpi_id"] == "bookings") & actuals["period_end"].str.startswith(year)
        ]
        won = float(bookings["value"].sum()) if len(bookings) else None
        win = _latest(actuals, "win_rate", m, year)
        deal = _latest(actuals, "avg_deal_size", m, year)
        conv = _latest(actuals, "meeting_to_opportunity", m, year)
        # a rate above 100% is not a rate, a deal size of 0 no deal: the commitment's own figure stands
        win, deal, conv = (
            win if win is not None and 0 < win <= 1 else None,
            deal if deal is not None and deal > 0 else None,
            conv if conv is not None and 0 < conv <= 1 else None,
        )
        sources = [
            name
            for name, v in (("bookings", won), ("win rate", win), ("deal size", deal), ("meeting conversion", conv))
            if v is not None
        ]
        win = win if win is not None else float(r.win_rate)
        deal = deal if deal is not None else float(r.avg_deal_size)
        mpo = 1 / conv if conv is not None else 2.0
        remaining = max(float(r.annual_commitment) - (won or 0.0), 0.0)
        deals, opps, now = takes(remaining, deal_size=deal, win_rate=win, meetings_per_opportunity=mpo, weeks=weeks)
        # the same arithmetic from the commitment alone (nothing won, its own rates): what the team may see
        committed = takes(
            float(r.annual_commitment),
            deal_size=float(r.avg_deal_size),
            win_rate=float(r.win_rate),
            meetings_per_opportunity=2.0,
            weeks=weeks,
        )[2]
        planned = float(plan["meetings_per_week"].iloc[i])
        kpi = _kpi_weekly_target(session, m)
        rows.append(
            dict(
                member_id=m,
                name=session.name(m),
                annual_commitment=float(r.annual_commitment),
                won=won,
                remaining=remaining,
                weeks_left=weeks,
                win_rate=win,
                deal_size=deal,
                meetings_per_opportunity=mpo,
                deals_needed=deals,
                opportunities_needed=opps,
                meetings_per_week=now,
                committed_meetings_per_week=committed,
                plan_meetings_per_week=planned,
                pace=now / planned if planned else float("nan"),
                kpi_target=kpi,
                kpi_difference=(kpi - now) if kpi is not None else None,
                sources=sources,
            )
        )
    cols = [
        "member_id",
        "name",
        "annual_commitment",
        "won",
        "remaining",
        "weeks_left",
        "win_rate",
        "deal_size",
        "meetings_per_opportunity",
        "deals_needed",
        "opportunities_needed",
        "meetings_per_week",
        "committed_meetings_per_week",
        "plan_meetings_per_week",
        "pace",
        "kpi_target",
        "kpi_difference",
        "sources",
    ]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("won", "kpi_target", "kpi_difference"):  # None stays None (not reported), never NaN
        out[c] = pd.Series([r[c] for r in rows], dtype=object)
    return out.sort_values("name").reset_index(drop=True)


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
    if c is not None and len(c) and session.previous:
        c = c[c["date"] > session.previous["date"]]
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


# ---------------------------------------------------------------- partners


def partners(session):
    """The accountability pairs in force (recorded at this session, or carried from the latest that has them),
    with each pair's check-ins (an action of either ``for_id`` the other) as status counts; when this session
    recorded a new rotation, the check-ins are those with the previous session's partner (``earlier``).

    Returns a DataFrame: member_id, name, partner_id, partner, earlier_id, earlier, check_ins (DataFrame rows),
    done, open."""
    p = session.rows["partners"]
    # a new rotation recorded at this session: the check-ins to look back on are the earlier pairs'
    rotated = len(session.own["partners"]) > 0 and len(session.before["partners"]) > 0
    earlier = dict(zip(session.before["partners"]["member_id"], session.before["partners"]["partner_id"]))
    acts = session.actions("all")
    rows = []
    for r in p.itertuples():
        was = earlier.get(r.member_id) if rotated else r.partner_id
        pair = ((acts["owner_id"] == r.member_id) & (acts["for_id"] == was)) | (
            (acts["owner_id"] == was) & (acts["for_id"] == r.member_id)
        )
        ins = acts[pair] if was else acts.iloc[0:0]  # either of the two checking in with the other
        rows.append(
            dict(
                member_id=r.member_id,
                name=session.name(r.member_id),
                partner_id=r.partner_id,
                partner=session.name(r.partner_id),
                earlier_id=was,
                earlier=session.name(was) if was else None,
                check_ins=ins,
                done=int((ins["status"] == "done").sum()),
                open=int((ins["status"] == "open").sum()),
            )
        )
    cols = ["member_id", "name", "partner_id", "partner", "earlier_id", "earlier", "check_ins", "done", "open"]
    return pd.DataFrame(rows, columns=cols)


def propose_partners(member_ids, earlier=()):
    """A rotation of accountability partners: pairs of ``member_ids`` (a trio when their number is odd), chosen
    among the rounds of a round robin as the one repeating the fewest ``earlier`` pairs (sets of two ids).

    Returns rows {member_id, partner_id} (each pair as two rows; a trio as a ring of three)."""
    ids = sorted(member_ids)
    if len(ids) < 2:
        return []
    seen = {frozenset(p) for p in earlier}
    ring = ids + ([None] if len(ids) % 2 else [])
    n, best = len(ring), None
    for k in range(n - 1):  # the circle method: ring[0] stays, the rest turn one place each round
        turned = [ring[0]] + ring[1:][k:] + ring[1:][:k]
        pairs = [(turned[i], turned[n - 1 - i]) for i in range(n // 2)]
        repeats = sum(frozenset(p) in seen for p in pairs if None not in p)
        if best is None or repeats < best[0]:
            best = (repeats, pairs)
    pairs = best[1]
    rows, alone = [], None
    for a, b in pairs:
        if a is None or b is None:
            alone = a or b
            continue
        rows += [dict(member_id=a, partner_id=b), dict(member_id=b, partner_id=a)]
    if alone is not None:  # joins the first pair as a ring of three: a -> b -> alone -> a
        a, b = rows[0]["member_id"], rows[0]["partner_id"]
        rows[1] = dict(member_id=b, partner_id=alone)
        rows.append(dict(member_id=alone, partner_id=a))
    return rows


# ---------------------------------------------------------------- other departments, strategies, goals


def department_asks(session):
    """The SWOT items in force that name a department, with their votes, ask and answer, by department in the
    order of DEPARTMENTS, most voted first: {department: DataFrame}."""
    from . import swot as swot_

    items = swot_.priorities(session.rows["swot"], votes=session.rows["swot_votes"])
    if "department" not in items:
        return {}
    for c in ("ask", "answer"):  # an empty cell is None, never NaN
        items[c] = pd.Series([v if isinstance(v, str) and v.strip() else None for v in items[c]], dtype=object)
    out = {}
    for d in DEPARTMENTS:
        rows = items[items["department"] == d]
        if len(rows):
            out[d] = rows.reset_index(drop=True)
    return out


def strategies(session):
    """The team's strategies in force, with the text of the SWOT items each pairs and its action's owner and
    status (None when it names no action)."""
    s = session.rows["strategies"]
    items = dict(zip(session.rows["swot"]["item_id"], session.rows["swot"]["text"]))
    acts = session.actions("all").set_index("action_id") if len(session.actions("all")) else None
    rows = []
    for r in s.itertuples():
        act = acts.loc[r.action_id] if acts is not None and r.action_id and r.action_id in acts.index else None
        if isinstance(act, pd.DataFrame):
            act = act.iloc[-1]
        rows.append(
            dict(
                strategy_id=r.strategy_id,
                text=r.text,
                items=[items.get(i, i) for i in split_ids(r.item_ids)],
                action=None if act is None else act["action"],
                owner=None if act is None else session.name(act["owner_id"]),
                status=None if act is None else act["status"],
            )
        )
    return pd.DataFrame(rows, columns=["strategy_id", "text", "items", "action", "owner", "status"])


def goal_progress(goals):
    """How many goals (as cut: only those whose text the audience reads) stand at each progress, or 'not reviewed'."""
    g = goals[goals["shared"]] if "shared" in goals else goals
    # astype(object): with no progress recorded yet (a kickoff) the column is all-NaN floats
    p = g["progress"].astype(object).fillna("not reviewed") if "progress" in g else pd.Series(["not reviewed"] * len(g))
    return p.value_counts().to_dict()
