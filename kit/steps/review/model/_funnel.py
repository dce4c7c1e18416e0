"""Each seller's funnel rebuilt from their actuals to date, beside the kickoff plan and the weekly KPI target."""

import math

import pandas as pd

from ...goals import model as goals_
from ._pace import per_week, weeks_left

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


def rebuilt_funnel(session, member_id=None):
    """Each seller's funnel rebuilt from their actuals to date (the session's date); one seller's with ``member_id``.

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
    year = str(session.today)[:4]
    weeks = weeks_left(session.today)
    plan = goals_.funnel(c) if len(c) else None
    if member_id is not None and plan is not None:  # one seller's (the hub's page): the others are not computed
        keep = (c["member_id"] == member_id).to_numpy()
        c, plan = c[keep].reset_index(drop=True), plan[keep].reset_index(drop=True)
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
