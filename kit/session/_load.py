"""Reading a Session from the store once: what carries from earlier sessions, the history, the leaders and who
attended."""

import datetime as dt
import functools
from dataclasses import replace

import pandas as pd

from .._schema import HISTORY_OF, PULSE_PHASES, SESSION_MEMBER_REFS, SESSION_TABLES
from .._store import Engagement
from ..audience import shows_group
from ..errors import KitError, NotFoundError
from ..steps.actions import model as accountability
from ..steps.kpis import model as kpis
from ._model import CARRIED, CARRIED_OPEN, PER_PERSON, SAME, Session, _pulse


def _history(by_table, sessions, upto, members, all_kpis, all_sessions, team_id, actuals, catalog, rubrics, target):
    """The team's figures at each of its sessions up to this one, oldest first (team figures only, each shown only
    when at least MIN_GROUP people are in it): commitment total against the target, the KPIs' average attainment
    and how many are at target, the role-play mean, the opening pulse."""
    from ..steps.roleplay import model as roleplay

    sellers = set(members.loc[members["role"] == "seller", "member_id"])
    out = []
    for r in sessions[sessions["session_id"].isin(upto)].itertuples():
        sid = r.session_id

        def own(t, sid=sid):
            return by_table[t][by_table[t]["session_id"] == sid]

        c = own("commitments")
        c = c[c["member_id"].isin(sellers)]
        rp = own("roleplay")
        rated = rp.loc[rp["rater_role"] != "self", "seller_id"].nunique() if len(rp) else 0
        p = _pulse(own("pulse"), PULSE_PHASES[0], "team")
        sel = kpis.in_force(all_kpis, all_sessions, team_id=team_id, as_of=r.date)
        att = kpis.attainment(actuals[actuals["period_end"] <= r.date], sel, members, catalog=catalog)
        if len(att):
            att = att[att["period_end"] == att.groupby(["member_id", "kpi_id"])["period_end"].transform("max")]
            enough = shows_group(att.groupby("kpi_id")["member_id"].transform("nunique"))
            by = att[enough].groupby("kpi")["attainment"].mean()
        else:
            by = pd.Series(dtype=float)
        out.append(
            dict(
                session_id=sid,
                date=r.date,
                kind=r.kind,
                commitment_total=float(c["annual_commitment"].sum()) if len(c) else None,
                annual_target=target,
                kpis=len(by),
                kpis_at_target=int(sum(kpis.status(a) == "win" for a in by)),
                attainment=float(by.mean()) if len(by) else None,
                roleplay_mean=roleplay.team_mean(rp, rubrics=rubrics) if shows_group(rated) else None,
                pulse_mean=float(p["score"].mean()) if shows_group(len(p)) else None,
            )
        )
    return pd.DataFrame(out)


def _per_person(table, own, earlier, dates, key=("member_id",)):
    """The goals (or commitments, or target accounts) a session shows: its own rows, and each earlier row whose
    ``key`` (the person; for accounts the person and the account) no later session down to this one has; with the
    date each was agreed. Returns (rows, the latest session carried from)."""

    def keys(df):  # each row's key, its columns compared as SAME says (an account however it was typed)
        return list(zip(*([SAME.get(c, lambda v: v)(v) for v in df[c]] for c in key)))

    parts, was = [own.assign(agreed=own["session_id"].map(dates))], None
    have = set(keys(own))
    for sid in reversed(earlier):
        rows = table[table["session_id"] == sid]
        found = rows[[k not in have for k in keys(rows)]]
        if len(found):
            parts.append(found.assign(agreed=dates[sid]))
            have |= set(keys(found))
            was = was or sid
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return out.reset_index(drop=True), was


def _before(all_sessions, info):
    """The team's sessions (oldest first) and those before the session ``info`` (by date, then by id)."""
    sessions = all_sessions[all_sessions["team_id"] == info["team_id"]].sort_values(["date", "session_id"])
    sessions = sessions.reset_index(drop=True)
    earlier = sessions[
        (sessions["date"] < info["date"])
        | ((sessions["date"] == info["date"]) & (sessions["session_id"] < info["session_id"]))
    ]
    return sessions, earlier


def carried_rows(eng, table, *, session_id):
    """The rows of ``table`` (goals, commitments, target accounts: see PER_PERSON) that a session shows from earlier
    sessions, each with ``agreed``, its date: what :func:`load` carries, read without loading the whole session (a
    form reads it again after every save)."""
    if table not in PER_PERSON:
        raise KitError(f"{table} is not carried row by row; valid: {', '.join(PER_PERSON)}")
    match = eng.sessions(session_id=session_id)
    if match.empty:
        raise NotFoundError(f"no session {session_id!r}")
    info = _row(match.iloc[0])
    sessions, earlier = _before(eng.sessions(team_id=info["team_id"]), info)
    rows = eng.table(table, team_id=info["team_id"])
    own = rows[rows["session_id"] == session_id]
    dates = dict(zip(sessions["session_id"], sessions["date"]))
    out, _ = _per_person(rows, own, list(earlier["session_id"]), dates, PER_PERSON[table])
    return out[out["session_id"] != session_id].reset_index(drop=True)


def as_of_date(rows, history, table, date):
    """The actions (or asks) ``rows`` as they stood on ``date``: a status changed later is the one it had before
    that change, and a row added later (between sessions, from the hub) is left out; each row gains ``changed``
    and ``note``, the date and the note of its latest change up to ``date`` (None without one)."""
    h = history[history["record"] == table] if len(history) else history
    out = rows.copy()
    out["changed"], out["note"] = None, None
    if h.empty or out.empty:
        return out
    key = list(zip(out["session_id"], out[HISTORY_OF[table]]))
    later = h[h["date"] > date].sort_values("date").drop_duplicates(["session_id", "item_id"], keep="first")
    back = {(r.session_id, r.item_id): r.was for r in later.itertuples()}
    upto = h[h["date"] <= date].sort_values("date").drop_duplicates(["session_id", "item_id"], keep="last")
    last = {(r.session_id, r.item_id): (r.date, r.note) for r in upto.itertuples()}
    out["status"] = [back.get(k, s) if k in back else s for k, s in zip(key, out["status"])]
    out["changed"] = [last.get(k, (None, None))[0] for k in key]
    out["note"] = [_blank_none(last.get(k, (None, None))[1]) for k in key]
    added_later = [k in back and _blank_none(back[k]) is None for k in key]
    return out[[not a for a in added_later]].reset_index(drop=True)


def _blank_none(v):
    return None if v is None or (isinstance(v, float) and v != v) or v == "" else v


def _days(a, b):
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def load(store, *, team_id, session_id, as_of=None):
    """Read one team-session from a store (a path or an open :class:`kit.Engagement`).

    ``as_of`` (a date after the session's; the hub between sessions: today): the session's rows, with the figures
    as they stand that day instead of on the session's date: the statuses, the results reported, the coaching log,
    the conversations and the sharing chosen up to it, and what is overdue by it (``Session.today``).

    Raises :class:`kit.errors.NotFoundError` naming the valid team/session pairs when there is no such session.
    """
    eng = store if isinstance(store, Engagement) else Engagement(store)
    try:
        all_sessions = eng.sessions(team_id=team_id)  # only the team's: a session's cost must not grow with others
        match = all_sessions[all_sessions["session_id"] == session_id]
        if match.empty:
            every = eng.sessions()
            valid = ", ".join(f"{t}/{s}" for t, s in zip(every["team_id"], every["session_id"]))
            raise NotFoundError(f"no session {session_id!r} for team {team_id!r}; valid: {valid or '(none yet)'}")
        info = _row(match.iloc[0])
        sessions, earlier = _before(all_sessions, info)
        today = max(str(as_of), info["date"]) if as_of is not None else info["date"]
        previous = _row(earlier.iloc[-1]) if len(earlier) else None
        upto = list(earlier["session_id"]) + [session_id]
        dates = dict(zip(sessions["session_id"], sessions["date"]))

        by_table = {t: eng.table(t, team_id=team_id) for t in SESSION_TABLES}
        own = {t: df[df["session_id"] == session_id].reset_index(drop=True) for t, df in by_table.items()}
        before = {
            t: (df[df["session_id"] == previous["session_id"]] if previous else df.iloc[0:0]).reset_index(drop=True)
            for t, df in by_table.items()
        }
        rows, carried = dict(own), {}
        for table, extra in CARRIED.items():
            if table in PER_PERSON:
                rows[table], was = _per_person(
                    by_table[table], own[table], list(earlier["session_id"]), dates, PER_PERSON[table]
                )
                if was:
                    carried[table] = {"session_id": was, "date": dates[was]}
                continue
            if len(own[table]):
                continue
            for sid in reversed(list(earlier["session_id"])):
                found = by_table[table][by_table[table]["session_id"] == sid]
                if len(found):
                    rows[table] = found.reset_index(drop=True)
                    for t in extra:  # what belongs to the carried rows, beside what this session added to it
                        earlier_rows = by_table[t][by_table[t]["session_id"] == sid]
                        rows[t] = (
                            pd.concat([own[t], earlier_rows], ignore_index=True)
                            if len(own[t])
                            else (earlier_rows.reset_index(drop=True))
                        )
                    carried[table] = {"session_id": sid, "date": dates[sid]}
                    break

        for table in CARRIED_OPEN:
            acts = as_of_date(by_table[table], by_table["history"], table, today)
            acts = acts[acts["session_id"].isin(upto)].copy()
            acts["agreed"] = acts["session_id"].map(dates)
            acts["carried"] = acts["session_id"] != session_id
            acts["open_days"] = [
                _days(a, today) if c and s == "open" else 0
                for a, c, s in zip(acts["agreed"], acts["carried"], acts["status"])
            ]
            order = ["carried", "due", "session_id", "action_id"] if table == "actions" else ["carried", "agreed"]
            rows[table] = acts.sort_values(order + ([] if table == "actions" else ["ask_id"])).reset_index(drop=True)

        # the coaching ratings of every period closed before this session (those given after it belong to the next
        # review; the period running between sessions is never shown while ratings come in, so that no figure changes
        # after one person's rating): the trend
        ratings = by_table["coaching_ratings"]
        rows["coaching_ratings"] = ratings[ratings["session_id"].isin(list(earlier["session_id"]))].reset_index(
            drop=True
        )
        members = eng.members(team_id=team_id).reset_index(drop=True)
        catalog, rubrics = eng.kpi_catalog(), eng.rubrics()
        team_kpis, team_actuals = eng.kpis(team_id=team_id), eng.kpi_actuals(team_id=team_id)
        in_force = kpis.in_force(team_kpis, all_sessions, team_id=team_id, as_of=info["date"])
        if len(in_force) and in_force["session_id"].iloc[0] != session_id:
            sid = in_force["session_id"].iloc[0]
            carried["kpis"] = {"session_id": sid, "date": dates.get(sid)}
        actuals = team_actuals[
            team_actuals["member_id"].isin(members["member_id"]) & (team_actuals["period_end"] <= today)
        ].reset_index(drop=True)
        attainment = kpis.attainment(actuals, in_force, members, catalog=catalog)
        target = float(eng.teams(team_id=team_id).iloc[0]["annual_target"])
        # the trend reads only these (no goal text, no comment, no later actual): the closure keeps nothing more
        so_far = team_actuals[team_actuals["period_end"] <= info["date"]]
        figures = {
            t: by_table[t][by_table[t]["session_id"].isin(upto)].drop(columns=["comment"], errors="ignore")
            for t in ("commitments", "roleplay", "pulse")
        }
        history_of = functools.cache(
            lambda: _history(
                figures,
                sessions,
                upto,
                members,
                team_kpis,
                all_sessions,
                team_id,
                so_far,
                catalog,
                rubrics,
                target,
            )
        )
        one_to_one = {
            t: df[df["date"] <= today].sort_values(["date", "member_id"]).reset_index(drop=True)
            for t in ("coaching", "conversations")
            for df in [eng.table(t, team_id=team_id)]
        }
        return Session(
            history_of=history_of,
            coaching=one_to_one["coaching"],
            conversations=one_to_one["conversations"],
            attendees=_attendees(rows, members, info),
            settings=eng.settings,
            team=eng.teams(team_id=team_id).iloc[0].to_dict(),
            members=members,
            info=info,
            sessions=sessions,
            previous=previous,
            own=own,
            rows=rows,
            carried=carried,
            before=before,
            kpis_in_force=in_force.reset_index(drop=True),
            actuals=actuals,
            attainment=attainment,
            results_from=_sources(actuals),
            sharing=sharing_on(eng.table("sharing", team_id=team_id), today),
            changes=_changes(by_table["history"], upto, previous, today),
            as_of=as_of and today,
            **_leaders(sessions, members, info),
            catalog=catalog,
            rubrics=rubrics,
        )
    finally:
        if eng is not store:
            eng.close()


def _changes(history, upto, previous, today):
    """The status changes dated after the previous session, up to ``today``, of the actions and asks this session
    shows (oldest first)."""
    since = previous["date"] if previous else ""
    h = history[history["session_id"].isin(upto) & (history["date"] > since) & (history["date"] <= today)]
    return h.sort_values(["date", "record", "item_id"]).reset_index(drop=True)


def sharing_on(rows, date):
    """{member_id: whom they show their KPI results to} as chosen on or before ``date`` (the latest choice)."""
    if rows is None or rows.empty:
        return {}
    rows = rows[rows["since"] <= str(date)].sort_values("since")
    return dict(zip(rows["member_id"], rows["kpis"]))


def _sources(actuals):
    """The CRM exports the team's results to date come from (kit.crm), latest first: file names, nobody's figure."""
    if "source" not in actuals or actuals.empty:
        return ()
    found = actuals[actuals["source"].notna() & (actuals["source"] != "")]
    latest = found.groupby("source")["period_end"].max().sort_values(ascending=False)
    return tuple(latest.index)


def _row(series):
    """A table row as a dict, a blank cell as None (the store's blanks arrive as NaN, and NaN counts as true)."""
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in series.to_dict().items()}


def _leaders(sessions, members, info):
    """Who leads this session and the next: recorded on the session, else the rotation's proposal."""
    rot, proposed = accountability.rotation(sessions, members, team_id=info["team_id"])
    mine = rot.index[rot["session_id"] == info["session_id"]][0]
    this = rot.loc[mine]
    later = rot.loc[mine + 1] if mine + 1 < len(rot) else None
    return dict(
        leader=this["leader_id"],
        leader_recorded=bool(this["recorded"]),
        next_leader=later["leader_id"] if later is not None else proposed,
        next_leader_recorded=bool(later["recorded"]) if later is not None else False,
        next_session=_row(sessions.iloc[mine + 1]) if later is not None else None,
    )


def _attendees(rows, members, info):
    """The members the session's rows name (carried goals and SWOT included; this session's actions only) or who
    lead it: the manager first, then by name."""
    ids = {info["leader_id"]} if info.get("leader_id") else set()
    for table, cols in SESSION_MEMBER_REFS.items():
        df = rows[table] if table != "actions" else rows[table][~rows[table]["carried"]]
        for c in cols:
            ids |= set(df[c].dropna())
    present = members[members["member_id"].isin(ids)]
    return present.sort_values(["role", "name"], ascending=[False, True]).reset_index(drop=True)


def derive(session, **changes):
    """A copy of ``session`` with some attributes replaced (its memo starts empty; its shared caches stay)."""
    return replace(session, _memo={}, **changes)
