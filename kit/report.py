"""The post-workshop report: one session's data, cut to what an audience may see, rendered as HTML and PDF.

Privacy is decided in one place, :func:`view`: it builds everything a document shows from the rows that
audience may see, and :func:`render` only formats what it is given. The three audiences:

* ``team``: goals marked team, team-level role-play aggregates (no individual scores or comments),
  SWOT items without authors.
* ``manager``: everything except goals marked private.
* ``member``: one seller's own goals (private ones included), commitment, role play with comments,
  KPIs and actions, set against team aggregates; nothing about other sellers individually.
"""

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pandas as pd

from . import accountability, goals, kpis, roleplay, swot
from ._store import Engagement
from .catalog import TEMPLATES
from .errors import KitError, NotFoundError

__all__ = ["AUDIENCES", "SessionData", "load", "view", "render", "preview", "write_documents", "fingerprint"]

AUDIENCES = ("team", "manager", "member")
PAGE_SIZES = ("A4", "Letter")
_SESSION_TABLES = ("goals", "commitments", "swot", "swot_votes", "kpi_votes", "kpis", "roleplay", "actions", "pulse")


@dataclass
class SessionData:
    """Everything one team-session's report may draw on (before any audience cut)."""

    settings: dict
    team: dict
    members: pd.DataFrame
    session: dict
    previous: dict | None
    frames: dict  # this session's rows per table (goals and SWOT carried from an earlier session if none)
    carried: dict  # table -> date of the session its rows were carried from
    before: dict  # the previous session's rows (roleplay, pulse, commitments)
    team_actions: pd.DataFrame  # every action of the team recorded up to this session
    kpis_in_force: pd.DataFrame
    actuals: pd.DataFrame  # the team's KPI actuals up to the session date
    next_leader: str | None
    catalog: dict = field(repr=False, default_factory=dict)
    rubrics: dict = field(repr=False, default_factory=dict)
    _memo: dict = field(repr=False, default_factory=dict)

    def memo(self, key, make):
        """Compute once per team-session what several documents share (a figure, a chart)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def name(self, member_id):
        return self._names.get(member_id, member_id)

    @property
    def _names(self):
        return dict(zip(self.members["member_id"], self.members["name"]))

    @property
    def sellers(self):
        return self.members[self.members["role"] == "seller"]


def load(store, *, team_id, session_id):
    """Read one team-session from a store (a path or an open :class:`Engagement`)."""
    eng = store if isinstance(store, Engagement) else Engagement(store)
    try:
        sessions = eng.sessions()
        match = sessions[(sessions["session_id"] == session_id) & (sessions["team_id"] == team_id)]
        if match.empty:
            valid = ", ".join(f"{t}/{s}" for t, s in zip(sessions["team_id"], sessions["session_id"]))
            raise NotFoundError(f"no session {session_id!r} for team {team_id!r}; valid: {valid}")
        session = match.iloc[0].to_dict()
        team_sessions = sessions[sessions["team_id"] == team_id].sort_values(["date", "session_id"])
        earlier = team_sessions[team_sessions["date"] < session["date"]]
        previous = earlier.iloc[-1].to_dict() if len(earlier) else None
        frames = {t: eng.table(t, session_id=session_id) for t in _SESSION_TABLES}
        carried = {}
        # at a review, what was agreed earlier still stands: the latest goals and SWOT of the team
        for table, extra in (("goals", ()), ("swot", ("swot_votes",))):
            if frames[table].empty and len(earlier):
                for sid, date in zip(earlier["session_id"][::-1], earlier["date"][::-1]):
                    rows = eng.table(table, session_id=sid)
                    if len(rows):
                        frames[table] = rows
                        for t in extra:
                            frames[t] = eng.table(t, session_id=sid)
                        carried[table] = date
                        break
        before = {t: eng.table(t, session_id=previous["session_id"]) if previous else eng.table(t).iloc[0:0]
                  for t in ("roleplay", "pulse", "commitments")}
        upto = team_sessions[team_sessions["date"] <= session["date"]]["session_id"]
        team_actions = eng.actions(team_id=team_id)
        team_actions = team_actions[team_actions["session_id"].isin(upto)]
        members = eng.members(team_id=team_id)
        actuals = eng.kpi_actuals()
        actuals = actuals[actuals["member_id"].isin(members["member_id"]) & (actuals["period_end"] <= session["date"])]
        return SessionData(
            settings=eng.settings, team=eng.teams(team_id=team_id).iloc[0].to_dict(), members=members,
            session=session, previous=previous, frames=frames, carried=carried, before=before,
            team_actions=team_actions,
            kpis_in_force=kpis.in_force(eng.kpis(team_id=team_id), sessions, team_id=team_id, as_of=session["date"]),
            actuals=actuals,
            next_leader=accountability.next_leader(sessions, eng.members(), team_id=team_id, as_of=session["date"]),
            catalog=eng.kpi_catalog(), rubrics=eng.rubrics())
    finally:
        if eng is not store:
            eng.close()


# ---------------------------------------------------------------- formatting helpers

def _num(x, digits=0):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.{digits}f}"


def _money(x, currency):
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{currency} {x:,.0f}"


def _pct(x):
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.0%}"


def _measure(value, unit):
    if unit == "%":
        return _pct(value)
    if unit == "ratio":
        return f"{value:.1f}×"
    return _num(value, 0 if float(value).is_integer() else 1)


def _table(columns, rows, *, numeric=()):
    """A table block; column widths (in %) follow the longest text of each column, capped, so that
    browsers and the PDF engine can lay it out without measuring every cell."""
    longest = [3 + max([min(len(str(c)), 12), 8] + [min(max(map(len, str(r[i]).split("\n"))), 48) for r in rows])
               for i, c in enumerate(columns)]
    total = sum(longest) or 1
    widths = [round(100 * n / total, 1) for n in longest]
    return {"kind": "table", "columns": columns, "rows": rows, "numeric": [c in numeric for c in columns],
            "widths": widths, "keep": len(rows) <= 15}  # short tables never split across pages


def _bars(title, rows, *, scale, legend=None, ref_label=None):
    """A bar chart drawn in HTML: rows of {label, value, text, ref (a marker), tone (good/bad/mid/a/b)}."""
    lo, hi = scale
    for r in rows:
        r["width"] = None if r["value"] is None or r["value"] != r["value"] else \
            max(0.0, min(100.0, (r["value"] - lo) / (hi - lo) * 100))
        ref = r.get("ref")
        r["ref_at"] = None if ref is None or ref != ref else max(0.0, min(100.0, (ref - lo) / (hi - lo) * 100))
        r.setdefault("tone", "")
    return {"kind": "bars", "title": title, "rows": rows, "legend": legend or [], "ref_label": ref_label}


def _heat(data, spots, crit_names):
    """The blind-spot matrix as a coloured table: seller x criterion, self minus others."""
    stacked = spots.stack()
    (seller, crit), worst = stacked.idxmax(), stacked.max()
    cols = list(spots.columns)
    rows = []
    for seller_id, r in spots.iterrows():
        cells = []
        for c in cols:
            v = r[c]
            if v != v:
                cells.append({"text": "–", "bg": "#ffffff"})
                continue
            k = min(abs(v) / 2.5, 1.0)  # full colour at 2.5 points
            rgb = (214, 96, 77) if v > 0 else (67, 147, 195)
            bg = "#%02x%02x%02x" % tuple(round(255 - (255 - x) * k) for x in rgb)
            cells.append({"text": f"{v:+.1f}", "bg": bg})
        rows.append({"label": data.name(seller_id), "cells": cells})
    return {"kind": "heat", "title": f"Biggest blind spot: {data.name(seller)} rates "
            f"{crit_names.get(crit, crit).lower()} {worst:.1f} above what others see",
            "columns": [crit_names.get(c, c) for c in cols], "rows": rows,
            "note": "Self score minus others' mean: red where a seller rates themself higher than others do "
                    "(a blind spot to coach), blue where lower (a strength they may not see)."}


def _text(text):
    return {"kind": "text", "text": text}


def _key(value):
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.to_csv()
    if isinstance(value, dict):
        return repr(sorted(value.items()))
    return repr(value)


def _chart(data, alt, make, *args, **kwargs):
    """A chart block (``make`` names a function of kit.charts); drawn once per team-session for the same
    inputs, so the same data gives the same picture."""
    from . import charts  # seaborn and matplotlib: only where a picture is drawn

    key = ("chart", make, tuple(_key(a) for a in args), tuple((k, _key(v)) for k, v in sorted(kwargs.items())))
    src = data.memo(key, lambda: charts.png_data_uri(getattr(charts, make)(*args, **kwargs)))
    return {"kind": "chart", "src": src, "alt": alt}


def _empty(text):
    return {"kind": "empty", "text": text}


def _carried(data, table):
    """A note when a review shows what an earlier session agreed (None otherwise)."""
    date = data.carried.get(table)
    return _text(f"As agreed at the session of {date} (not revisited since).") if date else None


def _section(title, *blocks, intro=None):
    return {"title": title, "intro": intro, "blocks": [b for b in blocks if b]}


# ---------------------------------------------------------------- the audience cut

def view(data, *, audience, member_id=None):
    """What one document shows, built only from rows its audience may see (the privacy rules live here)."""
    if audience not in AUDIENCES:
        raise KitError(f"unknown audience {audience!r}; valid: {', '.join(AUDIENCES)}")
    if audience == "member":
        if member_id not in set(data.sellers["member_id"]):
            raise NotFoundError(f"{member_id!r} is not a seller of team {data.team['team_id']}; valid: "
                                f"{', '.join(data.sellers['member_id'])}")
        return _member_view(data, member_id)
    return _team_view(data, manager=audience == "manager")


def _head(data, audience, title):
    s = data.session
    return {
        "audience": audience, "title": title,
        "engagement": data.settings.get("name"), "client": data.settings.get("client"),
        "facilitator": data.settings.get("facilitator"), "team": data.team["name"],
        "session_id": s["session_id"], "date": s["date"],
        "kind": "Kickoff workshop" if s["kind"] == "kickoff" else "Review meeting",
        "previous": data.previous["date"] if data.previous else None,
    }


def _attendees(data):
    f = data.frames
    ids = set()
    for table, cols in (("goals", ["member_id"]), ("commitments", ["member_id"]), ("swot", ["author_id"]),
                        ("swot_votes", ["voter_id"]), ("kpi_votes", ["voter_id"]),
                        ("roleplay", ["seller_id", "rater_id"]), ("actions", ["owner_id"]),
                        ("pulse", ["respondent_id"])):
        for c in cols:
            ids |= set(f[table][c].dropna())
    if data.session.get("leader_id"):
        ids.add(data.session["leader_id"])
    m = data.members
    present = m[m["member_id"].isin(ids)]
    return present.sort_values(["role", "name"], ascending=[False, True])


def _commitments_block(data, rows, *, currency, full=False):
    """Commitments (rows already cut to the audience): compact for 'what we agreed', ``full`` with the funnel."""
    if rows.empty:
        return None
    f = goals.funnel(rows)
    if not full:
        return _table(["Seller", "Commitment", "Deals needed", "Opportunities needed"],
                      [[data.name(r.member_id), _money(r.annual_commitment, currency), str(r.deals_needed),
                        str(r.opportunities_needed)] for r in f.itertuples()],
                      numeric=["Commitment", "Deals needed", "Opportunities needed"])
    out = []
    for r in f.itertuples():
        out.append([data.name(r.member_id), _pct(r.win_rate), _money(r.avg_deal_size, currency),
                    str(r.sales_cycle_days), _num(r.opportunities_per_week, 1), _num(r.meetings_per_week, 1),
                    _money(r.pipeline_needed, currency)])
    return _table(["Seller", "Win rate", "Avg deal", "Cycle (days)", "Opportunities / week",
                   "First meetings / week", "Open pipeline needed"], out,
                  numeric=["Win rate", "Avg deal", "Cycle (days)", "Opportunities / week", "First meetings / week",
                           "Open pipeline needed"])


def _commitment_verdict(data, *, currency):
    c = data.frames["commitments"]
    if c.empty:
        return _empty("No commitments were recorded in this session.")
    total = goals.commitment_total(c, members=data.members)
    gap = float(data.team["annual_target"]) - total
    if gap > 0:
        verdict = (f"The sellers' commitments add up to {_money(total, currency)}: {_money(gap, currency)} short "
                   f"of the team's target of {_money(data.team['annual_target'], currency)}. Close the gap before "
                   "the next review: who can stretch, and what would it take?")
    else:
        verdict = (f"The sellers' commitments add up to {_money(total, currency)}, "
                   f"{'exactly on' if gap == 0 else _money(-gap, currency) + ' above'} the team's target of "
                   f"{_money(data.team['annual_target'], currency)}.")
    return _text(verdict)


def _swot_rows(data, *, authors):
    items = data.frames["swot"]
    if items.empty:
        return None
    ranked = swot.priorities(items, votes=data.frames["swot_votes"])
    cols = ["#", "Quadrant", "Item", "Dots", "In whose control"]
    rows = []
    for r in ranked.itertuples():
        row = [str(r.rank), swot.QUADRANTS[r.quadrant], r.text, str(r.votes), r.control]
        if authors:
            row.append(data.name(r.author_id) if isinstance(r.author_id, str) else "anonymous")
        rows.append(row)
    return ranked, _table(cols + (["Named by"] if authors else []), rows, numeric=["#", "Dots"])


def _kpi_rows(data, selected, scopes=None):
    """The KPIs in force, one row per scope: 'New first meetings ≥ 6 per week · ...'."""
    sel = kpis.selection(selected, catalog=data.catalog)
    if scopes is not None:
        sel = sel[sel["scope"].isin(scopes)]
    if sel.empty:
        return None
    rows = []
    for scope, g in sel.groupby("scope", sort=False):
        items = [f"{r.name} {'≤' if r.direction == 'lower' else '≥'} {_measure(r.target, r.unit)} per {r.period}"
                 for r in g.itertuples()]
        rows.append([scope, "\n".join(items)])
    return _table(["Scope", "KPIs and targets per seller"], rows)


def _action_rows(data, actions, *, as_of):
    if actions.empty:
        return None
    late = set(accountability.overdue(actions, as_of=as_of)["action_id"] + "@" +
               accountability.overdue(actions, as_of=as_of)["session_id"])
    rows = []
    for r in actions.sort_values(["due", "action_id"]).itertuples():
        status = "overdue" if f"{r.action_id}@{r.session_id}" in late else r.status
        rows.append([data.name(r.owner_id), r.action, r.due, status])
    return _table(["Owner", "Action", "Due", "Status"], rows)


def _pulse_section(data, title="How the team works together"):
    p = data.frames["pulse"]
    if p.empty:
        return _section(title, _empty("The pulse was not taken in this session."))
    mean = accountability.pulse_mean(p)
    words = accountability.pulse_words(mean)
    dist = accountability.pulse_distribution(p)
    most = max(dist["answers"].max(), 1)
    tones = {1: "bad", 2: "bad", 3: "mid", 4: "good", 5: "good"}
    blocks = [_bars(f"The team places itself at {mean:.1f} of 5: {words}",
                    [{"label": f"{r.score} {r.level}", "value": r.answers, "text": f"{r.answers} answer{'s' * (r.answers != 1)}",
                      "tone": tones[r.score]} for r in dist.itertuples()], scale=[0, most]),
              _text(f"{len(p)} people answered (anonymously unless they chose otherwise). "
                    "1 is resentment, 2 resistance, 3 compliance, 4 cooperation, 5 collaboration.")]
    before = data.before["pulse"]
    if len(before):
        b = accountability.pulse_mean(before)
        blocks.append(_text(f"At the previous session ({data.previous['date']}) it was {b:.1f}: "
                            f"{'up' if mean > b else 'down' if mean < b else 'unchanged'} "
                            f"{abs(mean - b):.1f}."))
    return _section(title, *blocks)


def _team_view(data, *, manager):
    """Team and manager documents: the same structure, the manager's with individual detail."""
    cur = data.settings.get("currency") or ""
    audience = "manager" if manager else "team"
    v = _head(data, audience, "Manager report — confidential" if manager else "Team report")
    v["attendees"] = ", ".join(data.memo("attendees", lambda: _attendees(data))["name"]) or "–"
    v["next_leader"] = data.name(data.next_leader) if data.next_leader else None
    f, as_of = data.frames, data.session["date"]

    # what we agreed (first page)
    swot_part = _swot_rows(data, authors=manager)
    top_swot = None
    if swot_part:
        ranked, table = swot_part
        top = ranked.head(5)
        top_swot = _table(["#", "Quadrant", "Priority", "Dots"],
                          [[str(r.rank), swot.QUADRANTS[r.quadrant], r.text, str(r.votes)] for r in top.itertuples()],
                          numeric=["#", "Dots"])
    sellers_c = f["commitments"][f["commitments"]["member_id"].isin(data.sellers["member_id"])]
    agreed = [
        ("Commitments", [_commitment_verdict(data, currency=cur), _commitments_block(data, sellers_c, currency=cur)]),
        ("SWOT priorities", [_carried(data, "swot"), top_swot or _empty("No SWOT was built in this session.")]),
        ("KPIs we track", [_kpi_rows(data, data.kpis_in_force) or _empty("No KPIs have been selected yet.")]),
        ("Actions", [_action_rows(data, f["actions"], as_of=as_of) or _empty("No actions were recorded in this session.")]),
    ]
    v["agreed"] = [{"title": t, "blocks": [b for b in bl if b]} for t, bl in agreed]

    sections = []
    # personal goals and the funnel
    g = f["goals"]
    shown = g[g["visibility"] == "team"] if not manager else g[g["visibility"].isin(["team", "manager"])]
    goal_blocks = []
    if g.empty:
        goal_blocks.append(_empty("No personal goals were recorded in this session."))
    else:
        intro = ("Goals their owners chose to share with the team." if not manager else
                 "Goals shared with the team or with you as their manager (marked 'manager only'). "
                 "Private goals are not shown.")
        rows = [[data.name(r.member_id), r.goal, r.category] + (["team" if r.visibility == "team" else "manager only"]
                                                                if manager else [])
                for r in shown.sort_values(["member_id"]).itertuples()]
        goal_blocks += [_carried(data, "goals"), _text(intro), _table(["Seller", "Goal", "Category"] + (["Shared with"] if manager else []), rows)
                        if rows else _empty("No goals were shared at this level.")]
    if not sellers_c.empty:
        fn = goals.funnel(sellers_c)
        goal_blocks.append(_text("What each commitment takes (the goal-funding funnel):"))
        goal_blocks.append(_commitments_block(data, sellers_c, currency=cur, full=True))
        fn = fn.sort_values("meetings_per_week", ascending=False)
        top = fn.iloc[0]
        goal_blocks.append(_bars(
            f"{data.name(top['member_id'])}'s commitment takes the most activity: {top['meetings_per_week']:.1f} first "
            "meetings a week", [{"label": data.name(r.member_id), "value": r.meetings_per_week,
                                  "text": f"{r.meetings_per_week:.1f} first meetings / week", "tone": "a"}
                                 for r in fn.itertuples()], scale=[0, fn["meetings_per_week"].max() or 1]))
        goal_blocks.append(_text(f"Assumes {goals.WEEKS_PER_YEAR} selling weeks and two first meetings per "
                                 "qualified opportunity; pipeline needed is what must be open at any time over the "
                                 "stated sales cycle."))
        target = float(data.team["annual_target"])
        share = target / len(sellers_c)
        total = sellers_c["annual_commitment"].sum()
        verdict = (f"{_money(total - target, cur)} above" if total > target else
                   f"{_money(target - total, cur)} short of" if total < target else "exactly on")
        goal_blocks.append(_bars(
            f"Commitments add up to {_money(total, cur)}: {verdict} the target",
            [{"label": data.name(r.member_id), "value": r.annual_commitment, "ref": share,
              "text": _money(r.annual_commitment, cur), "tone": "good" if r.annual_commitment >= share else "bad"}
             for r in sellers_c.sort_values("annual_commitment", ascending=False).itertuples()],
            scale=[0, max(sellers_c["annual_commitment"].max(), share) * 1.05],
            ref_label=f"even share of the target ({_money(share, cur)})"))
    sections.append(_section("Personal goals and what they take", *goal_blocks))

    # SWOT
    if swot_part:
        ranked, table = swot_part
        strat = swot.strategies(ranked).head(4)
        blocks = [_carried(data, "swot"),
                  _chart(data, "SWOT items by dots", "swot_votes", ranked[["text", "quadrant", "votes"]]), table,
                  _text("Candidate strategies (pairing the top items of each quadrant):"),
                  {"kind": "list", "items": list(strat["strategy"])}]
        sections.append(_section("Sales SWOT", *blocks))
    else:
        sections.append(_section("Sales SWOT", _empty("No SWOT was built in this session.")))

    # KPI vote
    votes = f["kpi_votes"]
    if votes.empty:
        sections.append(_section("KPI selection", _empty("No KPI vote was held in this session.")))
    else:
        t = kpis.tally(votes, catalog=data.catalog)
        adv = kpis.selection_advice(f["kpis"], catalog=data.catalog) if len(f["kpis"]) else None
        first = t.iloc[0]
        blocks = [_bars(f"{first['name']} led with {first['share']:.0%} of the dots; the top three took "
                        f"{t.head(3)['share'].sum():.0%}",
                        [{"label": r.name, "value": r.dots, "text": f"{r.dots} dots from {r.voters} people ({r.kind})",
                          "tone": "a" if r.kind == "leading" else "b"} for r in t.head(10).itertuples()],
                        scale=[0, t["dots"].max()], legend=[("a", "leading"), ("b", "lagging")]),
                  _table(["KPI", "Kind", "Dots", "People", "Share"],
                         [[r.name, r.kind, str(r.dots), str(r.voters), _pct(r.share)] for r in t.itertuples()],
                         numeric=["Dots", "People", "Share"])]
        if adv is not None:
            blocks.append(_table(["Scope", "KPIs", "Leading", "Lagging", "Three to five?"],
                                 [[r.scope, str(r.kpis), str(r.leading), str(r.lagging),
                                   "yes" if r.within_advice else "no — revisit"] for r in adv.itertuples()],
                                 numeric=["KPIs", "Leading", "Lagging"]))
        sections.append(_section("KPI selection", *blocks))

    # role play
    sections.append(_roleplay_section(data, manager=manager))
    sections.append(_pulse_section(data))
    if data.session["kind"] == "review" or data.previous:
        sections.append(_progress_section(data, manager=manager))
    v["sections"] = sections
    return v


def _roleplay_section(data, *, manager):
    rp = data.frames["roleplay"]
    title = "Role plays and coaching focus"
    if rp.empty:
        return _section(title, _empty("No role plays were scored in this session."))
    means = data.memo("criterion_means", lambda: roleplay.criterion_means(rp, rubrics=data.rubrics))
    mean = data.memo("team_mean", lambda: roleplay.team_mean(rp, rubrics=data.rubrics))
    a = data.memo("alpha", lambda: roleplay.alpha(rp))
    weakest = means.sort_values("others").head(2)
    blocks = [
        _text(f"Team role-play mean: {_num(mean, 2)} of 5 (others' ratings; self ratings left out). "
              f"Rater agreement (Krippendorff's alpha): {_num(a, 2)} — "
              + ("raters largely agree." if a == a and a >= 0.667 else
                 "raters disagree a fair amount: calibrate on what each level looks like." if a == a else
                 "too few overlapping ratings to say.")),
        _chart(data, "Mean score per criterion", "criteria", means),
        _table(["Criterion", "Others' mean", "Self mean", "Rater agreement (alpha)"],
               [[r.criterion, _num(r.others, 2), _num(r.self, 2), _num(r.alpha, 2)] for r in means.itertuples()],
               numeric=["Others' mean", "Self mean", "Rater agreement (alpha)"]),
        _text("Coaching focus for the team: " + " and ".join(
            f"{r.criterion.lower()} ({r.others:.1f})" for r in weakest.itertuples()) + "."),
    ]
    if manager:
        scores = _seller_scores(data, "now").sort_values("score")
        blocks.append(_table(["Seller", "Score (others)", "Self", "Self gap", "Ratings"],
                             [[data.name(r.seller_id), _num(r.score, 2), _num(r.self_score, 2),
                               ("+" if r.self_gap > 0 else "") + _num(r.self_gap, 2), str(r.ratings)]
                              for r in scores.itertuples()],
                             numeric=["Score (others)", "Self", "Self gap", "Ratings"]))
        spots = roleplay.blind_spots(rp)
        if not spots.empty:
            crit_names = dict(zip(means["criterion_id"], means["criterion"]))
            blocks.append(_heat(data, spots, crit_names))
        len_ = roleplay.leniency(rp)
        if len(len_):
            blocks.append(_text("Rater leniency: how far each rater's scores sit from the other raters' on the "
                                "same performance (above 0: more lenient)."))
            blocks.append(_table(["Rater", "Role", "Offset", "Ratings"],
                                 [[data.name(r.rater_id), r.rater_role, ("+" if r.offset > 0 else "") + _num(r.offset, 2),
                                   str(r.ratings)] for r in len_.itertuples()], numeric=["Offset", "Ratings"]))
        comments = rp[rp["comment"].fillna("").str.strip() != ""]
        if len(comments):
            crit_names = dict(zip(means["criterion_id"], means["criterion"]))
            blocks.append(_table(["Seller", "Criterion", "From", "Comment"],
                                 [[data.name(r.seller_id), crit_names.get(r.criterion_id, r.criterion_id),
                                   f"{data.name(r.rater_id)} ({r.rater_role})", r.comment]
                                  for r in comments.sort_values(["seller_id", "criterion_id"]).itertuples()]))
    return _section(title, *blocks)


def _seller_scores(data, when):
    rp = data.frames["roleplay"] if when == "now" else data.before["roleplay"]
    return data.memo(("seller_scores", when), lambda: roleplay.seller_scores(rp, rubrics=data.rubrics))


def _attainment(data):
    return data.memo("attainment", lambda: kpis.attainment(data.actuals, data.kpis_in_force, data.members,
                                                           catalog=data.catalog))


def _progress_section(data, *, manager):
    title = f"Progress since {data.previous['date']}" if data.previous else "Progress"
    blocks = []
    att = _attainment(data)
    if att.empty:
        blocks.append(_empty("No KPI actuals have been reported against the selected KPIs yet."))
    else:
        latest = att[att["period_end"] == att.groupby(["member_id", "kpi_id"])["period_end"].transform("max")]
        by = latest.groupby("kpi")["attainment"].mean().sort_values()
        blocks.append(_bars(f"{int((by >= 1).sum())} of {len(by)} KPIs at or above target on average; "
                            f"{int((by < kpis.SHORTFALL).sum())} below 80%",
                            [{"label": k, "value": a * 100, "ref": 100, "text": _pct(a),
                              "tone": "good" if a >= 1 else "bad" if a < kpis.SHORTFALL else "mid"}
                             for k, a in by.items()], scale=[0, max(by.max() * 100, 100) * 1.05],
                            ref_label="target (100%)"))
        by_kpi = latest.groupby("kpi").agg(att=("attainment", "mean"), wins=("status", lambda s: (s == "win").sum()),
                                           short=("status", lambda s: (s == "shortfall").sum()),
                                           n=("status", "size")).reset_index()
        blocks.append(_table(["KPI", "Team attainment", "At or above target", "Below 80%"],
                             [[r.kpi, _pct(r.att), f"{r.wins} of {r.n}", f"{r.short} of {r.n}"]
                              for r in by_kpi.itertuples()], numeric=["Team attainment"]))
        if manager:
            for status, lead in (("win", "Praise — at or above target:"),
                                 ("shortfall", "Address early — below 80% of target (document the conversation):")):
                rows = latest[latest["status"] == status]
                if len(rows):
                    blocks.append(_text(lead))
                    blocks.append({"kind": "list", "items": [
                        f"{name}: " + ", ".join(f"{r.kpi.lower()} {_pct(r.attainment)}" for r in g.itertuples())
                        for name, g in rows.groupby("name", sort=True)]})
        else:
            blocks.append(_text("Wins and shortfalls by person are discussed one-to-one; this is the team's view."))
    acts = data.team_actions
    earlier = acts[acts["session_id"] != data.session["session_id"]]
    if len(earlier):
        counts = accountability.action_counts(earlier)
        late = accountability.overdue(earlier, as_of=data.session["date"])
        blocks.append(_text(f"Actions from earlier sessions: {counts['done']} done, {counts['open']} open "
                            f"({len(late)} overdue), {counts['dropped']} dropped."))
        if len(late):
            blocks.append(_table(["Owner", "Action", "Was due"],
                                 [[data.name(r.owner_id), r.action, r.due] for r in late.itertuples()]))
    before_rp, now_rp = data.before["roleplay"], data.frames["roleplay"]
    if len(before_rp) and len(now_rp):
        b, n = roleplay.team_mean(before_rp, rubrics=data.rubrics), roleplay.team_mean(now_rp, rubrics=data.rubrics)
        blocks.append(_text(f"Role-play mean: {_num(b, 2)} then, {_num(n, 2)} now ({'+' if n >= b else ''}{n - b:.2f})."))
        if manager:
            ch = roleplay.change(now_rp, before_rp, rubrics=data.rubrics).sort_values("change", ascending=False)
            blocks.append(_table(["Seller", "Before", "Now", "Change"],
                                 [[data.name(r.seller_id), _num(r.score_before, 2), _num(r.score, 2),
                                   ("+" if r.change > 0 else "") + _num(r.change, 2)] for r in ch.itertuples()],
                                 numeric=["Before", "Now", "Change"]))
    return _section(title, *blocks)


def _member_view(data, me):
    cur = data.settings.get("currency") or ""
    name = data.name(me)
    v = _head(data, "member", f"Personal one-pager — {name}")
    v["attendees"] = f"{name} and {max(len(data.memo('attendees', lambda: _attendees(data))) - 1, 0)} colleagues"
    v["next_leader"] = "you" if data.next_leader == me else None
    f, as_of = data.frames, data.session["date"]
    mine_c = f["commitments"][f["commitments"]["member_id"] == me]
    my_kpis = data.kpis_in_force
    territory = data.members.set_index("member_id").loc[me, "territory"]
    my_actions = f["actions"][f["actions"]["owner_id"] == me]
    agreed = []
    if mine_c.empty:
        agreed.append(("Your commitment", [_empty("You recorded no commitment in this session.")]))
    else:
        total = goals.commitment_total(f["commitments"], members=data.members)
        agreed.append(("Your commitment", [
            _commitments_block(data, mine_c, currency=cur),
            _commitments_block(data, mine_c, currency=cur, full=True),
            _text(f"The team's commitments add up to {_money(total, cur)} against a target of "
                  f"{_money(data.team['annual_target'], cur)}.")]))
    agreed.append(("Your KPIs", [_kpi_rows(data, my_kpis, scopes=["team", territory])
                                 or _empty("No KPIs have been selected for you yet.")]))
    agreed.append(("Your actions", [_action_rows(data, my_actions, as_of=as_of)
                                    or _empty("You took no actions in this session.")]))
    v["agreed"] = [{"title": t, "blocks": [b for b in bl if b]} for t, bl in agreed]

    sections = []
    g = f["goals"][f["goals"]["member_id"] == me]
    labels = {"team": "the team", "manager": "your manager", "private": "only you"}
    sections.append(_section("Your personal goals", _carried(data, "goals"), _table(
        ["Goal", "Category", "Shared with"], [[r.goal, r.category, labels[r.visibility]] for r in g.itertuples()])
        if len(g) else _empty("You recorded no personal goals in this session."),
        intro="Why the commitment matters: the goals it funds. This page is for you alone."))

    rp = f["roleplay"]
    mine = rp[rp["seller_id"] == me]
    title = "Your role play"
    if mine.empty:
        sections.append(_section(title, _empty("You were not scored in a role play in this session.")))
    else:
        team_means = data.memo("criterion_means", lambda: roleplay.criterion_means(rp, rubrics=data.rubrics))
        own = mine[mine["rater_role"] != "self"].groupby("criterion_id", as_index=False)["score"].mean()
        own_self = mine[mine["rater_role"] == "self"].groupby("criterion_id")["score"].mean()
        score = _seller_scores(data, "now").set_index("seller_id").loc[me]
        team_mean = data.memo("team_mean", lambda: roleplay.team_mean(rp, rubrics=data.rubrics))
        merged = team_means.merge(own, on="criterion_id", how="left")
        lowest = merged.sort_values("score").iloc[0]
        blocks = [
            _text(f"Your score from others: {_num(score['score'], 2)} of 5 (team mean {_num(team_mean, 2)}). "
                  + (f"You rated yourself {_num(score['self_score'], 2)}: a self gap of "
                     f"{'+' if score['self_gap'] > 0 else ''}{_num(score['self_gap'], 2)}."
                     if score["self_score"] == score["self_score"] else "You did not rate yourself.")
                  + f" Your coaching focus: {lowest['criterion'].lower()} ({lowest['score']:.1f} of 5)."),
            _bars("Your scores from others, criterion by criterion (the dashed mark is the team mean)",
                  [{"label": r.criterion, "value": r.score, "ref": r.others, "tone": "a",
                    "text": f"{_num(r.score, 1)} (you on you {_num(own_self.get(r.criterion_id, float('nan')), 1)}, "
                            f"team {_num(r.others, 1)})"} for r in merged.itertuples()],
                  scale=[1, 5], ref_label="team mean"),
        ]
        comments = mine[(mine["rater_role"] != "self") & (mine["comment"].fillna("").str.strip() != "")]
        if len(comments):
            names = dict(zip(team_means["criterion_id"], team_means["criterion"]))
            blocks.append(_table(["Criterion", "From", "Comment"],
                                 [[names.get(r.criterion_id, r.criterion_id), r.rater_role, r.comment]
                                  for r in comments.sort_values("criterion_id").itertuples()]))
        before = data.before["roleplay"]
        before = before[before["seller_id"] == me]
        if len(before):
            b = _seller_scores(data, "before").set_index("seller_id").loc[me, "score"]
            blocks.append(_text(f"At the previous session you scored {_num(b, 2)}: "
                                f"{'+' if score['score'] >= b else ''}{score['score'] - b:.2f} since."))
        sections.append(_section(title, *blocks))

    if data.session["kind"] == "review" or data.previous:
        att = _attainment(data)
        blocks = []
        if att.empty:
            blocks.append(_empty("No KPI actuals have been reported yet."))
        else:
            latest = att[att["period_end"] == att.groupby(["member_id", "kpi_id"])["period_end"].transform("max")]
            team_avg = latest.groupby("kpi_id")["attainment"].mean()
            mine_att = latest[latest["member_id"] == me]
            blocks.append(_table(["KPI", "Your latest", "Target", "Attainment", "Team average", "Status"],
                                 [[r.kpi, _measure(r.value, data.catalog[r.kpi_id]["unit"]),
                                   _measure(r.target, data.catalog[r.kpi_id]["unit"]), _pct(r.attainment),
                                   _pct(team_avg.get(r.kpi_id)), r.status] for r in mine_att.itertuples()],
                                 numeric=["Your latest", "Target", "Attainment", "Team average"])
                          if len(mine_att) else _empty("No actuals of yours have been reported yet."))
        earlier = data.team_actions[(data.team_actions["owner_id"] == me) &
                                    (data.team_actions["session_id"] != data.session["session_id"])]
        if len(earlier):
            blocks.append(_action_rows(data, earlier, as_of=as_of))
        sections.append(_section(f"Your progress since {data.previous['date']}" if data.previous else "Your progress",
                                 *blocks))
    sections.append(_pulse_section(data, title="How the team works together (all answers)"))
    v["sections"] = sections
    return v


# ---------------------------------------------------------------- rendering

_env = None


def _template():
    global _env
    if _env is None:
        _env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                  undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return _env.get_template("report.html.j2")


def render(v, *, page_size="A4"):
    """The document as one self-contained HTML page (free text escaped by the template engine)."""
    if page_size not in PAGE_SIZES:
        raise KitError(f"unknown page size {page_size!r}; valid: {', '.join(PAGE_SIZES)}")
    return _template().render(v=v, page_size=page_size)


def preview(data, *, audience="manager", member_id=None):
    """Show one audience's document in the notebook (nothing when ``audience`` is empty)."""
    if not audience:
        return None
    from IPython.display import HTML

    return HTML(render(view(data, audience=audience, member_id=member_id or None)))


def documents(data, *, audiences=AUDIENCES):
    """(relative path, view) for every document of this team-session: team, manager, one per seller."""
    out = []
    for a in audiences:
        if a == "member":
            out += [(Path("members") / f"{m}.html", view(data, audience="member", member_id=m))
                    for m in sorted(data.sellers["member_id"])]
        else:
            out.append((Path(f"{a}.html"), view(data, audience=a)))
    return out


def write_documents(data, out_dir, *, audiences=AUDIENCES, formats=("html",), page_size="A4"):
    """Render and write this team-session's documents under ``out_dir``; returns the paths written."""
    out_dir = Path(out_dir)
    written = []
    for rel, v in documents(data, audiences=audiences):
        html = render(v, page_size=page_size)
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if "html" in formats:
            path.write_text(html, encoding="utf-8")
            written.append(path)
        if "pdf" in formats:
            import weasyprint

            pdf = path.with_suffix(".pdf")
            weasyprint.HTML(string=html).write_pdf(pdf)
            written.append(pdf)
    return written


def fingerprint(data):
    """A digest of everything the documents are made from (to skip re-rendering unchanged reports)."""
    parts = {k: data.__dict__[k] for k in ("settings", "team", "session", "previous", "next_leader", "carried")}
    frames = {"members": data.members, "team_actions": data.team_actions, "kpis_in_force": data.kpis_in_force,
              "actuals": data.actuals, **{f"now_{k}": v for k, v in data.frames.items()},
              **{f"before_{k}": v for k, v in data.before.items()}}
    h = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode())
    for k in sorted(frames):
        h.update(k.encode())
        h.update(frames[k].to_csv(index=False).encode())
    h.update(json.dumps([data.catalog, data.rubrics], sort_keys=True, default=str).encode())
    return h.hexdigest()
