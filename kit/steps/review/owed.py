"""The manager's side of the ledger, in the manager's report: each recurring promise against the coaching log, and,
before deciding that a seller failed, what the manager still owes them ("have we failed them?").

Coaching minutes are between the manager and each seller (kit.audience cuts them for everyone else), so these
parts are built only where the coaching log arrives: the manager's own documents.
"""

from ... import _format as fmt
from ..._blocks import section, table, text
from . import model as review
from .section import quoted

__all__ = ["promise_against_practice", "failed_them", "coaching_as_rated"]


def _every(days):
    return {1: "every day", 7: "every week", 14: "every two weeks"}.get(days, f"every {days} days")


def promise_against_practice(session):
    """Each recurring promise of the manager's that has fallen due, against the minutes the coaching log shows for
    each seller it is for (None when there is none, or no coaching log in this document)."""
    p = review.promises(session)
    p = p[p["times"] > 0]
    if p.empty:
        return None
    blocks = []
    for _aid, g in p.groupby("action_id", sort=False):
        r = g.iloc[0]
        kept = int((g["logged"] >= g["promised"]).sum())
        status = {"done": " (marked done)", "dropped": " (dropped)"}.get(r.status, "")
        blocks.append(
            text(
                f"“{r.action}”{status}: {r.minutes} minutes {_every(r.every_days)} since {fmt.date(r.since)}, "
                f"{fmt.plural(int(r.times), 'time')} by {fmt.date(r.until)}: {fmt.count(r.promised)} minutes "
                f"promised to {'each seller' if len(g) > 1 else r['name']}; kept in full for "
                f"{kept or 'none'} of {fmt.plural(len(g), 'seller')}.",
                lead=True,
            )
        )
        rows = [
            [x.name, fmt.count(x.logged), fmt.pct(x.logged / x.promised), fmt.count(max(x.promised - x.logged, 0))]
            for x in g.sort_values(["logged", "name"]).itertuples()
        ]
        cols = ["Seller", "Minutes in the log", "Of the promise", "Not in the log"]
        blocks.append(table(cols, rows, numeric=cols[1:]))
    if p["logged"].sum() == 0:
        blocks.append(text("No coaching time is in the log for these spans: give it, or log what you gave."))
    if (p["logged"] < p["promised"]).any():
        blocks.append(
            text(
                "A promise the log does not show is a debt like any other: say at the review what you will do about "
                "it. Log coaching time as you give it (your page between sessions, notebook 06's coaching form, or "
                "coaching.csv). A promise marked done or dropped counts to the day it was."
            )
        )
    return section(
        "Your promises against your practice",
        *blocks,
        intro="What you committed to give each seller, again and again, against what the coaching log shows "
        "(each minute counted once).",
    )


def failed_them(session):
    """Each seller to address early, beside what the manager still owes them (None when nobody is flagged)."""
    rows = []
    for f in review.failed_them(session):
        owed = quoted(session, f["owed"].sort_values("due"))
        if f["asks_unanswered"]:
            owed.append(f"{fmt.plural(f['asks_unanswered'], 'earlier ask')} of theirs not yet answered")
        if f["minutes_short"]:
            owed.append(
                f"{fmt.count(f['minutes_short'])} of {fmt.count(f['minutes_promised'])} promised coaching minutes "
                "not in the log"
            )
        rows.append([f["name"], f["reasons"], "; ".join(owed) or "nothing owed to them in particular"])
    if not rows:
        return None
    team = review.to_the_team(session)
    team = team[(team["status"] == "open") & team["carried"]]
    blocks = [table(["Address early", "Why", "What you still owe them"], rows)]
    if len(team):
        blocks.append(text(f"And to the whole team, still open: {'; '.join(quoted(session, team))}."))
    return section(
        "Before deciding a seller failed: have we failed them?",
        *blocks,
        intro="Did they get the time, the help moving obstacles and the experience you promised? Settle your side "
        "first, then talk about theirs. "
        + (
            "Everything still open counts, what the last session agreed included."
            if session.as_of
            else "Counted from before this session: what was agreed today is not a debt yet."
        ),
    )


def coaching_as_rated(session):
    """How the sellers rate the manager's coaching, period by period (anonymous; a period shown from MIN_GROUP
    raters); None when nobody has rated yet."""
    from ...catalog import coaching_rubric

    t = review.coaching_rated(session)
    small = (getattr(session, "withheld", None) or {}).get("coaching_ratings") or {}
    if t.empty and not small:
        return None
    crit = [c["name"] for c in coaching_rubric()["criteria"]]
    blocks = []
    if len(t):
        rows = [
            [f"since {fmt.date(r['from'])}", fmt.count(r["raters"])]
            + [fmt.num(r[c], 1) if r[c] == r[c] and r[c] is not None else fmt.DASH for c in crit]
            + [fmt.num(r["overall"], 1)]
            for _, r in t.iterrows()
        ]
        cols = ["Period", "Raters", *crit, "Overall"]
        blocks.append(table(cols, rows, numeric=cols[1:]))
    for sid, n in small.items():
        when = dict(zip(session.sessions["session_id"], session.sessions["date"])).get(sid)
        blocks.append(
            text(
                f"Since {fmt.date(when)}: {fmt.plural(n, 'seller')} rated so far; shown from 3, so that no rating is "
                "one person's."
            )
        )
    return section(
        "Your coaching, as your sellers rate it",
        *blocks,
        intro="After a one-to-one or a joint call each seller may rate it from their page, anonymously, on four "
        "behaviours (1 to 5): asks before telling, lets the seller run the call, names one behaviour to work on, "
        "agrees the next step and follows up. Coach, don't rescue.",
    )
