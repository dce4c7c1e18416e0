"""Synthetic engagements of any size, in the interchange format, for benchmarks and load tests."""

import datetime as dt
import random

from ._io import Row, write_folder
from ._schema import ORDER
from .catalog import shipped_rubrics

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
                            dict(session_id=sid, scope=scope, kpi_id=kpi, target=rng.randrange(5, 50), period="month")
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
        for mid in ids:
            for kpi in chosen:
                for month_end in ("2026-02-28", "2026-03-31"):
                    T["kpi_actuals"].append(
                        dict(member_id=mid, kpi_id=kpi, period_end=month_end, value=rng.randrange(1, 60))
                    )
    settings = dict(
        name=f"Synthetic engagement ({teams} teams, seed {seed})", client="Example Corp", currency="EUR", dot_budget=5
    )
    return T, settings


def write_sample(folder, *, teams=2, seed=1, sellers=6):
    """Write a synthetic engagement folder that validates (see :func:`make_sample`); each team has ``sellers``
    sellers and a manager."""
    tables, settings = make_sample(teams=teams, seed=seed, sellers=sellers)
    rows = {name: [Row("", None, r) for r in recs] for name, recs in tables.items()}
    write_folder(folder, rows, engagement=settings)
    return folder
