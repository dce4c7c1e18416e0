"""Page 1 of every team and manager report: the executive summary, one line per thing a sales leader acts on:
commitments against target (with a status mark that does not rely on colour), KPI results (wins, shortfalls), the
top priorities, the pulse and its change, what was decided and asked, and the next meeting with its leader.
Team figures only; built from the session as cut to the document's audience."""

from ... import _blocks
from ... import _format as fmt
from ..._schema import MIN_GROUP
from ...steps.kpis import model as kpis
from ...steps.swot import model as swot
from ...steps.swot.section import priorities_words

__all__ = ["build", "MARKS"]

# Status marks readable without colour (shape and word), for the summary's lines.
MARKS = {"good": "✔", "mid": "▲", "bad": "✖", "none": "–"}


def _line(label, mark, words):
    return [label, f"{MARKS[mark]} {words}"]


def _commitments(s):
    c = s.commitments()
    if c.empty:
        return _line("Commitments", "none", "not recorded at this session")
    total, target = s.commitment_total(), float(s.team["annual_target"])
    cur = s.currency
    if total >= target:
        return _line(
            "Commitments", "good", f"covered: {fmt.amount(total, cur)} against a target of {fmt.amount(target, cur)}"
        )
    return _line(
        "Commitments",
        "bad",
        f"{fmt.amount(target - total, cur)} short: {fmt.amount(total, cur)} against a target of "
        f"{fmt.amount(target, cur)}",
    )


def _kpis(s):
    by, few = s.team_attainment()
    if by.empty and not few:
        chosen = len(s.kpis_in_force)
        return _line(
            "KPI results", "none", f"none reported yet ({chosen} KPI targets in force)" if chosen else "no KPIs yet"
        )
    wins = [k for k, a in by.items() if kpis.status(a) == "win"]
    short = [k for k, a in by.items() if kpis.status(a) == "shortfall"]
    words = f"{len(wins)} of {len(by)} at or above target as a team"
    if wins:
        words += " (" + ", ".join(kpis.lower_name(k) for k in sorted(wins)) + ")"
    words += f"; {len(short)} below {fmt.pct(kpis.SHORTFALL)}"
    if short:
        words += " (" + ", ".join(kpis.lower_name(k) for k in sorted(short)) + ")"
    if by.empty:
        return _line("KPI results", "none", kpis.no_team_figure_words(few))
    if few:
        words += "; " + kpis.too_few_words(few)
    return _line("KPI results", "bad" if short else ("good" if len(wins) == len(by) else "mid"), words)


def _priorities(s):
    items = s.rows["swot"]
    if items.empty:
        return _line("Priorities", "none", "no SWOT yet")
    ranked = swot.priorities(items, votes=s.rows["swot_votes"])
    when = f" (agreed {fmt.date(s.carried['swot']['date'])})" if "swot" in s.carried else ""
    return ["Priorities", priorities_words(ranked) + when]


def _pulse(s):
    p = s.pulse()
    few = s.pulse_withheld()  # anonymous answers too few to show: the audience's cut left them out
    if few:
        return _line("Pulse", "none", f"{fmt.plural(few, 'answer')}: shown from {MIN_GROUP}")
    if p.empty:
        return _line("Pulse", "none", "not taken at this session")
    now = round(float(p["score"].mean()), 1)
    before = s.pulse_before()
    words = f"{fmt.num(now, 1)} of 5"
    mark = "mid"
    if len(before):
        then = round(float(before["score"].mean()), 1)
        change = now - then
        words += (
            f", {'up' if change > 0 else 'down' if change < 0 else 'unchanged'} {fmt.num(abs(change), 1)} since "
            f"{fmt.date(s.previous['date'])}"
        )
        mark = "good" if change > 0 else "bad" if change < 0 else "mid"
    return _line("Pulse", mark, words)


def _decided(s):
    a = s.actions("this")
    asks = s.rows["asks"]
    asks = asks[~asks["carried"]] if "carried" in asks else asks
    dept = s.rows["swot"]
    routed = int(dept["ask"].fillna("").astype(bool).sum()) if "ask" in dept and len(dept) else 0
    late = s.action_counts("all")["overdue"]
    words = (
        f"{fmt.plural(len(a), 'action')} agreed; {fmt.plural(len(asks), 'ask')} of the manager; "
        f"{fmt.plural(routed, 'ask')} to other departments"
    )
    if late:
        words += f"; {late} overdue from earlier"
    return ["Decided and asked", words]


def _next(s):
    when = f"the review of {fmt.date(s.next_session['date'])}" if s.next_session else "the next review"
    if not s.next_leader:
        return ["Next meeting", f"{when}; the team chooses its leader"]
    if s.next_leader_recorded:
        return ["Next meeting", f"{when}, led by {s.name(s.next_leader)}"]
    return ["Next meeting", f"{when}; its leader is not recorded yet (proposed: {s.name(s.next_leader)})"]


def build(session, policy):
    """The executive summary section (team and manager documents; not a one-pager)."""
    if policy.one_seller:
        return None
    s = session
    if not any(len(x) for x in (s.commitments(), s.latest_attainment(), s.rows["swot"], s.pulse(), s.actions("all"))):
        return _blocks.section(
            "At a glance",
            _blocks.empty("Nothing is recorded for this session yet: this summary fills in as the team works."),
        )
    rows = [
        _commitments(session),
        _kpis(session),
        _priorities(session),
        _pulse(session),
        _decided(session),
        _next(session),
    ]
    return _blocks.section(
        "At a glance", _blocks.table(["", "Where we stand (✔ on target · ▲ on the way · ✖ act now)"], rows)
    )
