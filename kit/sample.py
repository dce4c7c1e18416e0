"""Synthetic engagements of any size, in the interchange format, for benchmarks and load tests."""

import datetime as dt
import random

from ._io import Row, write_folder
from ._schema import ORDER
from .catalog import shipped_kpis, shipped_rubrics

__all__ = ["write_sample", "make_sample"]

_FIRST = [
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Morgan",
    "Casey",
    "Riley",
    "Jamie",
    "Avery",
    "Quinn",
    "Noa",
    "Ines",
    "Kwame",
    "Mei",
    "Ravi",
    "Sofia",
    "Lars",
    "Amara",
    "Yusuf",
    "Elif",
]
_LAST = [
    "Garcia",
    "Chen",
    "Okafor",
    "Novak",
    "Silva",
    "Berg",
    "Khan",
    "Moreau",
    "Ito",
    "Walsh",
    "Haddad",
    "Kowalski",
    "Mensah",
    "Rossi",
    "Nguyen",
]
_TERRITORIES = ["North", "South", "East", "West", "Central", "Metro"]
_GOALS = [
    ("Save a deposit for a first home", "financial"),
    ("Pay for a child's college fees", "financial"),
    ("Pay off student loans", "financial"),
    ("Earn a promotion to senior account executive", "career"),
    ("Qualify for President's Club", "career"),
    ("Move into a strategic-accounts role", "career"),
    ("Take the family on a long trip abroad", "personal"),
    ("Keep weekends free for the kids", "personal"),
    ("Finish a negotiation course", "learning"),
    ("Get a sales-methodology certification", "learning"),
]
_SWOT = {
    "S": [
        "Strong references at our largest accounts",
        "Fast, well-liked implementation team",
        "Deep product knowledge in the team",
    ],
    "W": ["Too few first meetings booked each week", "Slow follow-up after demos", "Forecasts nobody trusts"],
    "O": [
        "Competitors' customers up for renewal",
        "A new partner programme with integrators",
        "New regulation forcing system upgrades",
    ],
    "T": [
        "A low-cost competitor entering our segment",
        "Procurement-led bake-offs on every deal",
        "Budget freezes in a key industry",
    ],
}
_ACTIONS = [
    "Book six first meetings a week",
    "Follow up every first meeting within 24 hours",
    "Review the forecast with the team every Monday",
    "Build a target list of renewal accounts",
    "Hold a coaching one-on-one with each seller every two weeks",
]
_KPIS = [
    "new_meetings",
    "outreach_activities",
    "pipeline_to_quota",
    "win_rate",
    "avg_deal_size",
    "stage_velocity_days",
    "forecast_accuracy",
    "quota_attainment",
]
# a KPI measured in % is written as a share (0.27 is 27%), so that no figure lies outside what its formula can give
_SHARE = {k["id"] for k in shipped_kpis() if k.get("unit") == "%"}


def _value(kpi, n):
    return n / 100 if kpi in _SHARE else n


def make_sample(*, teams=2, seed=1, sellers=6):
    """A synthetic engagement as {table: [dict, ...]} plus its settings; same seed, same data."""
    rng = random.Random(seed)
    rubric = shipped_rubrics()["discovery_call"]
    crits = [c["id"] for c in rubric["criteria"]]
    T = {name: [] for name in ORDER}
    for t in range(1, teams + 1):
        tid, mgr = f"t{t:03d}", f"t{t:03d}-m00"
        quota = rng.randrange(6, 16) * 100_000
        T["teams"].append(dict(team_id=tid, name=f"Team {t:03d}", manager_id=mgr, annual_target=quota * sellers))
        T["members"].append(
            dict(
                member_id=mgr,
                team_id=tid,
                name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                role="manager",
                territory="",
                annual_quota=0,
            )
        )
        sids = [f"{tid}-s{k}" for k in (1, 2)]
        ids = [f"{tid}-m{i:02d}" for i in range(1, sellers + 1)]
        terrs = rng.sample(_TERRITORIES, 2)
        for i, mid in enumerate(ids):
            T["members"].append(
                dict(
                    member_id=mid,
                    team_id=tid,
                    name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                    role="seller",
                    territory=terrs[i % 2],
                    annual_quota=quota,
                )
            )
        start = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(0, 60))
        for k, (sid, kind) in enumerate(zip(sids, ("kickoff", "review"))):
            date = start + dt.timedelta(days=91 * k)
            T["sessions"].append(
                dict(session_id=sid, team_id=tid, date=date.isoformat(), kind=kind, leader_id=mgr if k == 0 else ids[0])
            )
            everyone = [mgr] + ids
            for mid in ids:
                if kind == "kickoff":
                    for g, cat in rng.sample(_GOALS, rng.choice((2, 3))):
                        T["goals"].append(
                            dict(
                                session_id=sid,
                                member_id=mid,
                                goal=g,
                                category=cat,
                                visibility=rng.choice(("team", "team", "manager", "private")),
                            )
                        )
                T["commitments"].append(
                    dict(
                        session_id=sid,
                        member_id=mid,
                        annual_commitment=quota * rng.choice((0.9, 1.0, 1.1, 1.2)),
                        avg_deal_size=rng.randrange(20, 90) * 1000,
                        win_rate=rng.choice((0.2, 0.25, 0.3)),
                        sales_cycle_days=rng.randrange(30, 150),
                    )
                )
                raters = [(mid, "self"), (ids[(ids.index(mid) + 1) % sellers], "peer"), (mgr, "manager")]
                for rid, role in raters:
                    for c in crits:
                        T["roleplay"].append(
                            dict(
                                session_id=sid,
                                scenario="Discovery call",
                                rubric_id=rubric["id"],
                                seller_id=mid,
                                rater_id=rid,
                                rater_role=role,
                                criterion_id=c,
                                score=rng.randint(1, 5),
                                comment="",
                            )
                        )
            if kind == "kickoff":
                n = 0
                for q, texts in _SWOT.items():
                    for text in texts:
                        n += 1
                        T["swot"].append(
                            dict(
                                session_id=sid,
                                item_id=f"i{n:02d}",
                                quadrant=q,
                                text=text,
                                author_id=rng.choice(["", mgr] + ids),
                                control=rng.choice(("team", "individual", "external")),
                            )
                        )
                for voter in everyone:
                    for item in rng.sample(range(1, n + 1), 3):
                        T["swot_votes"].append(dict(session_id=sid, item_id=f"i{item:02d}", voter_id=voter, dots=1))
                    for kpi in rng.sample(_KPIS, 4):
                        T["kpi_votes"].append(dict(session_id=sid, kpi_id=kpi, voter_id=voter, dots=1))
                chosen = rng.sample(_KPIS, 4)
                for scope in ["team"] + terrs:
                    for kpi in chosen:
                        T["kpis"].append(
                            dict(
                                session_id=sid,
                                scope=scope,
                                kpi_id=kpi,
                                target=_value(kpi, rng.randrange(5, 50)),
                                period="month",
                            )
                        )
            for a in range(1, 5):
                T["actions"].append(
                    dict(
                        session_id=sid,
                        action_id=f"a{a}",
                        owner_id=rng.choice(everyone),
                        action=rng.choice(_ACTIONS),
                        due=(date + dt.timedelta(days=rng.randrange(14, 90))).isoformat(),
                        kpi_id="",
                        status=rng.choice(("open", "done", "done", "dropped")),
                    )
                )
            for _ in everyone:
                T["pulse"].append(dict(session_id=sid, respondent_id="", score=rng.randint(2, 5)))
        _review_loop(T, random.Random(f"{seed}-{tid}"), tid=tid, mgr=mgr, ids=ids, sids=sids, start=start)
        for mid in ids:
            for kpi in chosen:
                for month_end in ("2026-02-28", "2026-03-31"):
                    T["kpi_actuals"].append(
                        dict(member_id=mid, kpi_id=kpi, period_end=month_end, value=_value(kpi, rng.randrange(1, 60)))
                    )
    settings = dict(
        name=f"Synthetic engagement ({teams} teams, seed {seed})", client="Example Corp", currency="EUR", dot_budget=5
    )
    return T, settings


_ASKS = [
    "Join my next two first meetings with a new logo",
    "A faster answer on discount approvals",
    "Introductions to two executives at my top accounts",
    "Time in the team meeting to share what works in my territory",
    "Help clearing two stalled deals out of the forecast",
]
_IMPLICATIONS = [
    "Missing it means another year of the same.",
    "Hitting it funds the next step for my family.",
    "It decides whether I move up next year.",
]
_DEPARTMENTS = [("product", "A roadmap date we can share"), ("sales_ops", "Quotes back within 48 hours")]


def _review_loop(T, rng, *, tid, mgr, ids, sids, start):
    """Contract v2 rows for one team (its own random stream, so the v1 rows stay as they were): asks and the
    manager's answers, partners and check-ins, goal implications and progress, SWOT asks, a strategy, coaching,
    a conversation, bookings."""
    from .steps.review.model import propose_partners

    kick, rev = sids
    review_date = start + dt.timedelta(days=91)
    for g in T["goals"]:
        if g["session_id"] == kick and rng.random() < 0.7:
            g["implication"] = rng.choice(_IMPLICATIONS)
    for mid in ids[: max(1, len(ids) // 2)]:  # half the sellers revisit their goals at the review
        for g in [g for g in T["goals"] if g["session_id"] == kick and g["member_id"] == mid]:
            T["goals"].append(dict(g, session_id=rev, progress=rng.choice(("on_track", "on_track", "at_risk"))))
    n_act = len([a for a in T["actions"] if a["session_id"] == kick])
    for i, mid in enumerate(ids, start=1):
        ask_id = f"{tid}-q{i:02d}"
        T["asks"].append(
            dict(
                session_id=kick,
                ask_id=ask_id,
                member_id=mid,
                ask=rng.choice(_ASKS),
                status=rng.choice(("open", "done")),
            )
        )
        if i % 2:
            n_act += 1
            T["actions"].append(
                dict(
                    session_id=kick,
                    action_id=f"a{n_act}",
                    owner_id=mgr,
                    action="Answer the ask: " + T["asks"][-1]["ask"].lower(),
                    due=(start + dt.timedelta(days=rng.randrange(14, 60))).isoformat(),
                    kpi_id="",
                    status=rng.choice(("open", "done")),
                    ask_id=ask_id,
                    for_id=mid,
                )
            )
    for p in propose_partners(ids):
        T["partners"].append(dict(session_id=kick, **p))
        if rng.random() < 0.6:
            n_act += 1
            T["actions"].append(
                dict(
                    session_id=kick,
                    action_id=f"a{n_act}",
                    owner_id=p["member_id"],
                    action="Weekly check-in with my accountability partner",
                    due=(start + dt.timedelta(days=60)).isoformat(),
                    kpi_id="",
                    status=rng.choice(("open", "done")),
                    for_id=p["partner_id"],
                )
            )
    items = [r for r in T["swot"] if r["session_id"] == kick]
    for r, (dept, ask) in zip(rng.sample(items, 2), _DEPARTMENTS):
        r.update(department=dept, ask=ask)
    s_ids = [r["item_id"] for r in items if r["quadrant"] == "S"][:1] + [
        r["item_id"] for r in items if r["quadrant"] == "O"
    ][:1]
    T["strategies"].append(
        dict(
            session_id=kick,
            strategy_id=f"{tid}-st1",
            text="Use our strength on the biggest opportunity",
            item_ids=" ".join(s_ids),
        )
    )
    for mid in ids:
        for _ in range(rng.randrange(0, 4)):
            day = start + dt.timedelta(days=rng.randrange(1, 90))
            kind = rng.choice(("one_to_one", "joint_call", "role_play", "debrief", "pipeline_review"))
            key = (day.isoformat(), mid, kind)
            if any((c["date"], c["member_id"], c["kind"]) == key for c in T["coaching"]):
                continue
            T["coaching"].append(
                dict(date=day.isoformat(), manager_id=mgr, member_id=mid, minutes=rng.choice((30, 45, 60)), kind=kind)
            )
        for end in ("2026-01-31", "2026-02-28", "2026-03-31"):
            if end <= review_date.isoformat():
                T["kpi_actuals"].append(
                    dict(member_id=mid, kpi_id="bookings", period_end=end, value=rng.randrange(40, 140) * 1000)
                )
    who = rng.choice(ids)
    T["conversations"].append(
        dict(
            date=(start + dt.timedelta(days=45)).isoformat(),
            manager_id=mgr,
            member_id=who,
            topic=rng.choice(("praise", "shortfall", "development")),
            summary="Talked through the first six weeks against the commitment.",
            agreed_next_step="Review again at the next one-to-one.",
            follow_up=(start + dt.timedelta(days=75)).isoformat(),
        )
    )


def write_sample(folder, *, teams=2, seed=1, sellers=6):
    """Write a synthetic engagement folder that validates (see :func:`make_sample`); each team has ``sellers``
    sellers and a manager."""
    tables, settings = make_sample(teams=teams, seed=seed, sellers=sellers)
    rows = {name: [Row("", None, r) for r in recs] for name, recs in tables.items()}
    write_folder(folder, rows, engagement=settings)
    return folder
