"""From opportunities to each seller's results by calendar month: the figures docs/format.md defines.

Counts and amounts are the month's (by close date, or by created date for new opportunities); the rates and
averages run from 1 January to the month's end (a month's handful of deals says little); the open pipeline is
what stood open at the month's end. The last month ends on the through date.
"""

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..errors import KitError

# The KPIs an opportunity export defines (a figure of these, for a seller and a month the export covers, is the
# CRM's: an import replaces it; every other KPI is left as typed).
CRM_KPIS = (
    "bookings",
    "deals_won",
    "deals_lost",
    "win_rate",
    "avg_deal_size",
    "sales_cycle_days",
    "opportunities_created",
    "open_pipeline",
    "pipeline_to_quota",
)
# ... as a document says which results came from the CRM
CRM_WORDS = "bookings, deals won and lost, win rate, deal size, sales cycle, new opportunities, pipeline"


def name_key(name):
    """A person's name as matching compares it: case, accents and spacing aside ("Zoë  Martin" = "zoe martin")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(name)) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def _day(d):
    return f"{d.day} {d:%b %Y}"


@dataclass
class Result:
    """One export read for the engagement's sellers: the rows to record and what was left out, and why."""

    export: object  # the read Export
    start: dt.date
    through: dt.date
    through_said: str  # how the through date was chosen
    members: list  # member ids the export covers (they get figures for every month)
    rows: list  # {member_id, kpi_id, period_end, value, source}
    read: int = 0
    counted: int = 0
    left_out: Counter = field(default_factory=Counter)  # reason -> opportunities
    unmatched: Counter = field(default_factory=Counter)  # CRM owner -> opportunities
    stages: dict = field(default_factory=dict)  # won / lost / open -> Counter(stage -> opportunities)
    owners_hint: str = "the owners file (--owners FILE)"
    names: dict = field(default_factory=dict)  # member_id -> name, as the output says them
    note: str | None = None  # a doubt about the through date, said after the figures
    recorded: Counter = field(default_factory=Counter)  # set by the store: new, replaced, unchanged, removed

    @property
    def source(self):
        name = self.export.label.rsplit("/", 1)[-1]  # the file's name (crm/x.csv in a folder is x.csv)
        return f"{name}, {self.export.kind}, through {_day(self.through)}"

    def lines(self):
        """What the import says, a line a fact (the command prints them, notebook 06 shows them)."""
        e = self.export
        order = {True: "day first (15/03/2027)", False: "month first (3/15/2027)"}.get(e.day_first)
        out = [f"{e.label}: {e.kind}" + (f"; dates read {order}" if order else "") + "."]
        people = ", ".join(self.names.get(m, m) for m in self.members) if self.members else "nobody"
        out.append(
            f"Figures by month from {_day(self.start)} through {_day(self.through)} ({self.through_said}) "
            f"for {len(self.members)} seller{'s' if len(self.members) != 1 else ''}: {people}."
        )
        left = self.read - self.counted
        out.append(f"Opportunities: {self.read} read, {self.counted} counted, {left} left out" + (":" if left else "."))
        for owner, n in self.unmatched.most_common():
            out.append(
                f"  {n} owned by {owner}, who matches no member of the engagement: to count them for a member, add "
                f'the line "{owner},<member_id>" to {self.owners_hint}'
            )
        for reason, n in self.left_out.most_common():
            out.append(f"  {n} {reason}")
        said = []
        for outcome in ("won", "lost", "open"):
            stages = self.stages.get(outcome)
            if stages:
                said.append(f"as {outcome}: " + ", ".join(f"{s or '(blank)'} ({n})" for s, n in sorted(stages.items())))
        if said:
            out.append("Stages read " + "; ".join(said) + ".")
        if self.note:
            out.append(self.note)
        if self.recorded:
            r = self.recorded
            if not (r["new"] or r["replaced"] or r["removed"]):
                out.append(f"{len(self.rows)} figures, all as the store already held them: nothing changed.")
            else:
                out.append(
                    f"Recorded {len(self.rows)} figures ({', '.join(_names())}): "
                    f"{r['new']} new, {r['replaced']} replaced, {r['unchanged']} unchanged"
                    + (f", {r['removed']} earlier figures of those months removed" if r["removed"] else "")
                    + "."
                )
            if r["typed"]:
                out.append(
                    f"{_plural(r['typed'], 'figure')} typed by hand for these KPIs, sellers and months "
                    f"{'was' if r['typed'] == 1 else 'were'} replaced by the export's."
                )
        return out


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def _names():
    from ..catalog import shipped_kpis

    names = {k["id"]: k["name"] for k in shipped_kpis()}
    return [names[k].lower() if i else names[k] for i, k in enumerate(CRM_KPIS)]


def _months(start, through):
    """(first day, last day) of each calendar month from ``start`` to ``through``, the last one cut to it."""
    first = start.replace(day=1)
    while first <= through:
        yield first, min(month_end(first), through)
        first = month_end(first) + dt.timedelta(days=1)


def figures(export, members, *, owners=None, through=None, start=None, owners_hint=None):
    """The :class:`Result` of counting ``export`` for ``members`` (dicts with member_id, name, role,
    annual_quota). ``owners``: {CRM owner: member_id} for owners whose name is not a member's."""
    opps = export.opportunities
    if through is None:
        (through, note), said = _latest(export), "the latest date in the export"
    else:
        note, said = None, "as asked"
    start = (start or dt.date(through.year, 1, 1)).replace(day=1)  # whole months, so an import replaces whole months
    if start > through:
        raise KitError(f"the figures would start on {_day(start)}, after their end on {_day(through)}")
    by_name = {}
    for m in members:
        by_name.setdefault(name_key(m["name"]), []).append(m)
    by_id = {m["member_id"]: m for m in members}
    mapped = {name_key(k): by_id[v] for k, v in (owners or {}).items()}
    result = Result(export, start, through, said, [], [], read=len(opps), names={m: by_id[m]["name"] for m in by_id})
    result.note = note
    if owners_hint:
        result.owners_hint = owners_hint
    horizon = dt.date(start.year, 1, 1)
    mine = {}
    for o in opps:
        key = name_key(o.owner)
        member = mapped.get(key) or (by_name[key][0] if len(by_name.get(key, ())) == 1 else None)
        if o.outcome == "deleted":
            result.left_out["deleted in the CRM"] += 1
        elif not o.owner:
            result.left_out["with no owner"] += 1
        elif member is None:
            result.unmatched[o.owner] += 1
        elif member["role"] != "seller":
            result.left_out[f"owned by {member['name']}, a manager (results are kept for sellers)"] += 1
        elif o.created > through:
            result.left_out[f"created after {_day(through)}"] += 1
        elif o.closed and o.closed < horizon:
            result.left_out[f"closed before {_day(horizon)}"] += 1
        else:
            outcome = o.outcome if not (o.closed and o.closed > through) else "open"  # as it stood then
            result.stages.setdefault(outcome, Counter())[o.stage] += 1
            mine.setdefault(member["member_id"], []).append(o)
            result.counted += 1
    for mid in sorted(mine):
        result.members.append(mid)
        result.rows += _seller_rows(mine[mid], by_id[mid], start, through, result.source)
    return result


def _latest(export):
    """The day an export runs to: its latest date, created or closed (never after today); and a note when that is a
    close date far beyond the latest opportunity created (a typing slip, perhaps), or None."""
    live = [o for o in export.opportunities if o.outcome != "deleted"]
    if not live:
        raise KitError(f"{export.label}: holds no opportunity to count (every one is deleted); export the live ones")
    opened = max(o.created for o in live)
    last = max(live, key=lambda o: o.closed or o.created)
    through = min(max(opened, last.closed or opened), dt.date.today())
    if through > opened + dt.timedelta(days=62):
        return through, (
            f"The figures run to {_day(through)}, the close date of row {last.line}, {(through - opened).days} days "
            "after the latest opportunity was created; if that date is a slip, import again with --through DATE."
        )
    return through, None


def month_end(day):
    """The last day of ``day``'s month."""
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _seller_rows(opps, member, start, through, source):
    rows = []
    quota = float(member.get("annual_quota") or 0)

    def put(kpi, end, value):
        rows.append({"member_id": member["member_id"], "kpi_id": kpi, "period_end": end, "value": value})
        rows[-1]["source"] = source

    def closed_between(a, b, outcome):
        return [o for o in opps if o.outcome == outcome and o.closed and a <= o.closed <= b]

    for first, end in _months(start, through):
        year = dt.date(end.year, 1, 1)
        won, lost = closed_between(first, end, "won"), closed_between(first, end, "lost")
        won_ytd, lost_ytd = closed_between(year, end, "won"), closed_between(year, end, "lost")
        booked = sum(o.amount or 0 for o in won)
        put("bookings", end, round(booked, 2))
        put("deals_won", end, len(won))
        put("deals_lost", end, len(lost))
        put("opportunities_created", end, sum(1 for o in opps if first <= o.created <= end))
        if won_ytd or lost_ytd:
            put("win_rate", end, round(len(won_ytd) / (len(won_ytd) + len(lost_ytd)), 4))
        sized = [o.amount for o in won_ytd if o.amount is not None]
        if sized:
            put("avg_deal_size", end, round(sum(sized) / len(sized), 2))
        if won_ytd:
            days = [(o.closed - o.created).days for o in won_ytd]
            put("sales_cycle_days", end, round(sum(days) / len(days), 1))
        year_end = dt.date(end.year, 12, 31)
        pipeline = sum(
            o.amount or 0
            for o in opps
            if o.created <= end
            and (o.closed is None or o.closed > end)
            and ((o.closed or o.expected) is None or (o.closed or o.expected) <= year_end)
        )
        put("open_pipeline", end, round(pipeline, 2))
        remaining = quota - sum(o.amount or 0 for o in won_ytd)
        if remaining > 0:
            put("pipeline_to_quota", end, round(pipeline / remaining, 2))
    return rows
