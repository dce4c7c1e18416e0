"""The ``summary`` command's screen: one block per team and session, the headline figures in a line each."""

from pathlib import Path

from .summary import SURPLUS


def _fmt(value, spec=",.0f"):
    """A figure for the screen: '-' when the step was not run."""
    if value is None or (isinstance(value, float) and value != value):
        return "-"
    return format(value, spec) if isinstance(value, (int, float)) else str(value)


def print_summary(settings, table, names, people, store):
    """Print the summary table (kit.summary) for a terminal; ``names``: team names, ``people``: member names."""
    cur = settings["currency"]
    print(f"{settings['name']} — {settings['client']} (figures in {cur})")
    for team_id, rows in table.groupby("team_id", sort=False):
        first = rows.iloc[0]
        print(
            f"\n{names[team_id]} ({team_id}): {first['sellers']} sellers, annual target {_fmt(first['annual_target'])}"
        )
        for r in rows.to_dict("records"):
            r = {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
            gap = r[SURPLUS]
            gap = None if gap is None else -gap  # above 0: short of the target
            if gap is None:
                commit = "commitments -"
            elif gap == 0:
                commit = f"commitments {_fmt(r['commitment_total'])} (on target)"
            else:
                side = "short of" if gap > 0 else "above"
                commit = f"commitments {_fmt(r['commitment_total'])} ({_fmt(abs(gap))} {side} target)"
            print(f"  {r['session_id']} {r['date']} {r['kind']}: {commit}")
            top = r["top_swot_item"]
            if top is None:
                top = "- (no SWOT in this session)" if r["kind"] == "kickoff" else "- (the earlier SWOT stands)"
            elif top.startswith("tied: "):
                items = top[len("tied: ") :].split("; ")
                top = f"a {len(items)}-way tie: " + "; ".join(i if len(i) <= 40 else i[:39] + "…" for i in items)
            else:
                top = top if len(top) <= 90 else top[:89] + "…"
            print(f"    top SWOT priority: {top}")
            print(
                f"    KPIs selected {_fmt(r['kpis_selected'])}"
                f" | role play {_fmt(r['roleplay_mean'], '.2f')} of 5"
                f" (rater agreement {_fmt(r['roleplay_alpha'], '.2f')})"
                f" | pulse {_fmt(r['pulse_mean'], '.1f')} of 5"
                f" | actions {_fmt(r['actions_open'])} open ({_fmt(r['actions_overdue'])} overdue),"
                f" {_fmt(r['actions_done'])} done"
                f" | next leader {'proposed: ' if r['next_leader_status'] == 'proposed' else ''}"
                f"{_fmt(people.get(r['next_leader'], r['next_leader']))}"
            )
    print(f"\nStore: {Path(store).resolve()}")
