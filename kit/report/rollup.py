"""The engagement roll-up (``DIR/engagement.html`` and ``.pdf``): every team side by side at its latest session,
then each team's trend over every session so far. For the consultant and the client's sales leadership: team
figures only (no person is named but the next leader), the same figures as ``summary.csv`` and the reports.
"""

from .. import _format as fmt
from .. import summary
from .._schema import MIN_GROUP
from ..brand import for_documents
from ..crm import CRM_WORDS
from ..steps.kpis import model as kpis
from ..steps.roleplay import model as roleplay
from ._render import template

__all__ = ["rollup", "render_rollup"]


def _team_figures(s):
    """One team-session's figures beyond summary.csv: KPI results as team averages per KPI, and rater agreement."""
    by, few = s.team_attainment()
    status = [kpis.status(a) for a in by]
    rp = s.own["roleplay"]
    a, units = (roleplay.alpha(rp), roleplay.alpha_units(rp)) if len(rp) else (float("nan"), 0)
    return dict(
        kpis=len(status),
        few=few,
        wins=status.count("win"),
        short=status.count("shortfall"),
        attainment=float(by.mean()) if len(by) else None,
        agreement=roleplay.agreement(a, units) if len(rp) else None,
    )


def _row(f, extra, cur):
    """A summary row and its extra figures as the roll-up's cells (words, formatted at display)."""
    surplus = f[summary.SURPLUS]
    if fmt.blank(f["commitment_total"]):
        commit = "not recorded here"
    else:
        side = (
            "on target"
            if surplus == 0
            else (f"{fmt.amount(surplus, cur)} above" if surplus > 0 else f"{fmt.amount(-surplus, cur)} short")
        )
        commit = f"{fmt.amount(f['commitment_total'], cur)} of {fmt.amount(f['annual_target'], cur)} ({side})"
    if extra["kpis"]:
        kpi = f"{extra['wins']} of {extra['kpis']} at target, {extra['short']} below 80%"
    elif extra["few"]:
        kpi = kpis.no_team_figure_words(extra["few"])
    else:
        kpi = "no results yet"
    rp = (
        f"{fmt.num(f['roleplay_mean'], 2)} of 5 ({roleplay.AGREEMENT_WORDS[extra['agreement']].split(':')[0]})"
        if not fmt.blank(f["roleplay_mean"])
        else fmt.DASH
    )
    pulse = fmt.num(f["pulse_mean"], 1) if not fmt.blank(f["pulse_mean"]) else fmt.DASH
    acts = (
        f"{int(f['actions_done'])} done, {int(f['actions_open'])} open ({int(f['actions_overdue'])} overdue)"
        if not fmt.blank(f["actions_open"])
        else fmt.DASH
    )
    return dict(
        date=fmt.date(f["date"]),
        kind="kickoff" if f["kind"] == "kickoff" else "review",
        commit=commit,
        kpi=kpi,
        attainment=fmt.pct(extra["attainment"]) if extra["attainment"] is not None else fmt.DASH,
        roleplay=rp,
        pulse=pulse,
        actions=acts,
    )


def rollup(eng, *, sessions=None, figures=None, load=None):
    """What the roll-up shows (a dict for templates/engagement.html.j2); ``figures``: the sessions' summary rows
    when already computed; ``load``: a :func:`kit.workbook.manager_view` that may share its sessions."""
    from ..workbook import manager_view

    load = load or manager_view
    figures = summary.summary(eng, sessions=sessions) if figures is None else figures
    cur = eng.settings.get("currency") or ""
    teams = []
    for team_id, rows in figures.groupby("team_id", sort=True):
        trend, held, sources = [], [], []
        for f in rows.sort_values(["date", "session_id"]).to_dict("records"):
            s = load(eng, team_id, f["session_id"])
            trend.append(_row(f, _team_figures(s), cur))
            held.append(any(len(df) for df in s.own.values()))
            sources.append(s.results_from)
            if not held[-1]:  # on the calendar, not held yet (the next meeting, a rehearsal): figures as of its date
                trend[-1]["kind"] += " (not held yet)"
        latest = rows.sort_values(["date", "session_id"]).iloc[-1]
        # 'at its latest session': the latest that was held, not an empty one still to come
        shown = max((i for i, h in enumerate(held) if h), default=len(trend) - 1)
        shown_row = rows.sort_values(["date", "session_id"]).iloc[shown]
        teams.append(
            dict(
                results_from=sources[shown],  # the CRM exports its results come from (kit.crm)
                team_id=team_id,
                name=latest["team_name"],
                sellers=int(latest["sellers"]),
                latest=trend[shown],
                trend=trend,
                # who leads the meeting after the one shown, as that session's own report says
                next_leader=shown_row["next_leader_name"],
                next_leader_proposed=shown_row["next_leader_status"] != "recorded",
            )
        )
    settings = eng.settings
    return dict(
        name=settings.get("name"),
        client=settings.get("client"),
        facilitator=settings.get("facilitator"),
        brand=for_documents(settings),
        currency=cur,
        teams=teams,
        min_group=MIN_GROUP,
        crm_words=CRM_WORDS,
        title=f"{settings.get('name')} — engagement roll-up",
    )


def render_rollup(v, *, page_size="A4", pdf=False):
    return template("engagement.html.j2").render(v=v, page_size=page_size, pdf=pdf)
