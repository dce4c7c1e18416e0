"""The rules that span rows and files: keys, references, teams, KPIs, the review loop, dot budgets, role plays."""

from collections import defaultdict

from .._schema import DEPARTMENTS, HISTORY_OF, ONE_TO_ONE, PERSON_TABLES, SESSION_TABLES, TABLES
from ..errors import Problem
from ._advice import _advice
from ._cells import KPI_TABLES, MEMBER_COLUMNS, split_ids

# ---------------------------------------------------------------- rules across rows and files


def _sorted_list(values):
    return ", ".join(sorted(str(v) for v in values)) or "(none)"


def check(ds, *, advice=True):
    """Every rule that spans rows or files: keys, references, teams, rubrics, dot budgets, and (unless
    ``advice=False``) the method's advice."""
    out = []

    def err(row, col, msg, severity="error"):
        value = (row.raw or row.values).get(col) if col else None
        value = None if value == "" else value  # an empty cell: no value to quote
        out.append(Problem(row.where, msg, row=row.line, column=col, value=value, severity=severity))

    def ok(row, *cols):
        return not any(c in row.bad for c in cols)

    T = ds.tables
    where = {n: ds.wheres.get(n) or (T[n][0].where if T.get(n) else TABLES[n].file) for n in TABLES}

    # keys
    for name, table in TABLES.items():
        if not table.key:
            continue
        first = {}
        for r in T.get(name, []):
            if not ok(r, *table.key):
                continue
            k = tuple(r.values[c] for c in table.key)
            if k in first:
                seen = f"row {first[k].line}" if first[k].line else "a row already stored"
                err(r, table.key[-1], f"repeats {seen} (same {' + '.join(table.key)}); keep one of the two rows")
            else:
                first[k] = r

    teams = {r.values["team_id"]: r for r in T.get("teams", []) if ok(r, "team_id")}
    members = {r.values["member_id"]: r for r in T.get("members", []) if ok(r, "member_id")}
    sessions = {r.values["session_id"]: r for r in T.get("sessions", []) if ok(r, "session_id")}
    know_teams = "teams" not in ds.broken
    know_members = "members" not in ds.broken
    know_sessions = "sessions" not in ds.broken

    def team_of(mid):
        r = members.get(mid)
        return r.values["team_id"] if r else None

    # ids whose own row was refused: rows naming them are not checked again (the first message says it all)
    refused = defaultdict(set)
    for name, col in (("teams", "team_id"), ("members", "member_id"), ("sessions", "session_id"), ("swot", "item_id")):
        refused[name] = {str((r.raw or r.values).get(col) or "").strip() for r in T.get(name, []) if col in r.bad}

    def known(row, col, table):
        """False when ``col`` names a row of ``table`` that was itself refused (its error is already listed)."""
        return str((row.raw or row.values).get(col) or "").strip() not in refused[table]

    def placed(mid):
        """A member whose team is known (a member of an unknown team was reported on its own row)."""
        return mid in members and (not know_teams or team_of(mid) in teams)

    for r in T.get("members", []):
        v = r.values
        if know_teams and ok(r, "team_id") and known(r, "team_id", "teams") and v["team_id"] not in teams:
            err(r, "team_id", f"is not a team_id in {where['teams']}; valid: {_sorted_list(teams)}")
        if v["role"] == "seller" and not v["territory"] and ok(r, "territory"):
            err(r, "territory", "is empty; a seller needs a territory (the region or segment they cover)")
        if v["role"] == "manager" and ok(r, "annual_quota") and v["annual_quota"]:
            err(r, "annual_quota", "should be 0 for a manager (the team's target is annual_target in teams.csv)")
    for r in T.get("teams", []):
        mid = r.values["manager_id"]
        if not know_members or not ok(r, "manager_id") or not known(r, "manager_id", "members"):
            continue
        if mid not in members:
            err(
                r,
                "manager_id",
                f"is not a member_id in {where['members']}; add the manager as a member with role manager",
            )
        elif members[mid].values["role"] != "manager" or team_of(mid) != r.values["team_id"]:
            err(
                r,
                "manager_id",
                f"must be a member of team {r.values['team_id']} with role manager "
                f"(members.csv has them in team {team_of(mid)} as {members[mid].values['role']})",
            )
    for r in T.get("sessions", []):
        tid, leader = r.values["team_id"], r.values["leader_id"]
        if know_teams and ok(r, "team_id") and known(r, "team_id", "teams") and tid not in teams:
            err(r, "team_id", f"is not a team_id in {where['teams']}; valid: {_sorted_list(teams)}")
        if (
            leader
            and know_members
            and ok(r, "leader_id")
            and known(r, "leader_id", "members")
            and (not know_teams or tid in teams)
            and team_of(leader) != tid
        ):
            err(
                r,
                "leader_id",
                f"is not a member of team {tid}; leave it blank and the kit proposes the next leader in rotation",
            )

    # rows that belong to a session, and the members they name
    for name in SESSION_TABLES:  # every table of a session's rows, whether or not it names a member
        for r in T.get(name, []):
            sid = r.values["session_id"]
            if not ok(r, "session_id") or not know_sessions or not known(r, "session_id", "sessions"):
                continue
            if sid not in sessions:
                err(r, "session_id", f"is not a session_id in {where['sessions']}; valid: {_sorted_list(sessions)}")
                continue
            tid = sessions[sid].values["team_id"]
            if know_teams and tid not in teams:
                continue  # the session's team is unknown: said once, on the session's row
            for col in MEMBER_COLUMNS.get(name, ()):
                mid = r.values.get(col)
                if mid is None or not ok(r, col) or not know_members or not known(r, col, "members"):
                    continue
                if mid in members and not placed(mid):
                    continue  # a member of an unknown team: said once, on the member's row
                if TABLES[name].col(col).outsider and r.values.get("rater_role") == "expert":
                    continue  # an outside expert need not be a member
                if mid not in members:
                    err(r, col, f"is not a member_id in {where['members']}")
                elif team_of(mid) != tid:
                    err(r, col, f"belongs to team {team_of(mid)}, but session {sid} is team {tid}'s")

    # KPI ids
    kpis = ds.kpis
    for name in KPI_TABLES:
        for r in T.get(name, []):
            kid = r.values.get("kpi_id")
            if kid and ok(r, "kpi_id") and kid not in kpis and "kpi_catalog" not in ds.broken:
                err(
                    r,
                    "kpi_id",
                    f"is not in the KPI catalogue; valid: {_sorted_list(kpis)} "
                    "(or add it to the engagement's kpi_catalog.yaml)",
                )
    for name in PERSON_TABLES:
        for r in T.get(name, []):
            if (
                know_members
                and ok(r, "member_id")
                and known(r, "member_id", "members")
                and r.values["member_id"] not in members
            ):
                err(r, "member_id", f"is not a member_id in {where['members']}")
    # a coaching or conversation row is between a seller and their own team's manager
    for name in ONE_TO_ONE:
        for r in T.get(name, []):
            v = r.values
            if not know_members or not ok(r, "member_id", "manager_id") or v["member_id"] not in members:
                continue
            seller = members[v["member_id"]].values
            if seller["role"] != "seller":
                err(r, "member_id", f"is {seller['role']} {v['member_id']}; name the seller it was with")
                continue
            team = teams.get(seller["team_id"])
            if know_teams and team is not None and v["manager_id"] != team.values["manager_id"]:
                err(
                    r,
                    "manager_id",
                    f"is not the manager of {v['member_id']}'s team {seller['team_id']}; valid: "
                    f"{team.values['manager_id']}",
                )
    for r in T.get("conversations", []):
        v = r.values
        if ok(r, "date", "follow_up") and v.get("follow_up") and v["date"] and v["follow_up"] < v["date"]:
            err(r, "follow_up", f"is before the conversation ({v['date']}); give a date on or after it")

    # KPI scope: the team or one of its territories
    for r in T.get("kpis", []):
        s = sessions.get(r.values["session_id"])
        if s is None or not ok(r, "scope") or not know_members:
            continue  # without members.csv the territories are unknown
        tid = s.values["team_id"]
        territories = {
            m.values["territory"] for m in members.values() if m.values["team_id"] == tid and m.values["territory"]
        }
        if r.values["scope"] != "team" and r.values["scope"] not in territories:
            err(r, "scope", f"is not 'team' nor a territory of team {tid}; valid: team, {_sorted_list(territories)}")

    # SWOT votes point at items of the same session
    items = {(r.values["session_id"], r.values["item_id"]) for r in T.get("swot", [])}
    for r in T.get("swot_votes", []):
        if (
            ok(r, "session_id", "item_id")
            and "swot" not in ds.broken
            and known(r, "item_id", "swot")
            and (r.values["session_id"], r.values["item_id"]) not in items
        ):
            err(r, "item_id", f"is not an item_id of session {r.values['session_id']} in {where['swot']}")

    # what the review loop's rows point at: asks, SWOT items and actions of the same team
    def team_of_session(sid):
        s = sessions.get(sid)
        return s.values["team_id"] if s else None

    def ids_by_team(name, col):
        out = defaultdict(set)
        for r in T.get(name, []):
            if ok(r, "session_id", col):
                out[team_of_session(r.values["session_id"])].add(r.values[col])
        return out

    asks, acts = ids_by_team("asks", "ask_id"), ids_by_team("actions", "action_id")
    swot_ids = ids_by_team("swot", "item_id")
    for r in T.get("actions", []):
        aid, tid = r.values.get("ask_id"), team_of_session(r.values["session_id"])
        if aid and tid and ok(r, "ask_id") and "asks" not in ds.broken and aid not in asks[tid]:
            err(r, "ask_id", f"is not an ask_id of team {tid} in {where['asks']}; valid: {_sorted_list(asks[tid])}")
        if ok(r, "every_days", "minutes") and bool(r.values.get("every_days")) != bool(r.values.get("minutes")):
            missing = "minutes" if r.values.get("every_days") else "every_days"
            err(r, missing, "is empty; a recurring commitment gives both every_days and minutes (45 every 14 days)")
        agreed = sessions.get(r.values["session_id"])
        if r.values.get("every_days") and ok(r, "due") and agreed and str(r.values["due"]) <= agreed.values["date"]:
            err(
                r,
                "due",
                f"is not after the session that agreed this recurring commitment ({agreed.values['date']}), so it "
                "never falls due; give the date it runs to",
                severity="warning",
            )
    for r in T.get("partners", []):
        if ok(r, "member_id", "partner_id") and r.values["member_id"] == r.values["partner_id"]:
            err(r, "partner_id", "is the member themself; name a colleague of the same team")
    for r in T.get("strategies", []):
        tid = team_of_session(r.values["session_id"])
        if not tid:
            continue
        if ok(r, "item_ids") and "swot" not in ds.broken:
            named = split_ids(r.values["item_ids"])
            bad = [i for i in named if i not in swot_ids[tid]]
            if bad or not named:
                err(
                    r,
                    "item_ids",
                    f"names {', '.join(bad) or 'no item'}, not an item_id of team {tid}'s SWOT; give the item_ids "
                    "the strategy pairs, separated by spaces",
                )
        aid = r.values.get("action_id")
        if aid and ok(r, "action_id") and "actions" not in ds.broken and aid not in acts[tid]:
            err(r, "action_id", f"is not an action_id of team {tid} in {where['actions']}")
    # a history row names an action or an ask of its session; the latest change of each is its status now
    items = {
        name: {(r.values["session_id"], r.values[col]): r for r in T.get(name, []) if ok(r, "session_id", col)}
        for name, col in HISTORY_OF.items()
    }
    latest = {}
    for r in T.get("history", []):
        v = r.values
        if not ok(r, "session_id", "record", "item_id") or v["record"] in ds.broken:
            continue
        item = items[v["record"]].get((v["session_id"], v["item_id"]))
        if item is None:
            what = "an action_id" if v["record"] == "actions" else "an ask_id"
            err(r, "item_id", f"is not {what} of session {v['session_id']} in {where[v['record']]}")
            continue
        k = (v["record"], v["session_id"], v["item_id"])
        if ok(r, "date", "became") and (k not in latest or v["date"] > latest[k].values["date"]):
            latest[k] = r
    for (name, sid, iid), r in latest.items():
        now = items[name][(sid, iid)].values.get("status")
        if now and r.values["became"] != now:
            err(
                r,
                "became",
                f"is the latest change of {iid} (session {sid}), but its status in {where[name]} is {now!r}; "
                "make them agree",
                severity="warning",
            )
    for r in T.get("swot", []):
        if r.values.get("ask") and not r.values.get("department") and ok(r, "ask", "department"):
            err(
                r,
                "department",
                f"is empty, but the item asks something; name the department it asks: {', '.join(DEPARTMENTS)}",
            )

    # dot budget per person, session and vote
    budget = ds.dot_budget
    for name in ("swot_votes", "kpi_votes"):
        spent, told = defaultdict(int), set()
        for r in T.get(name, []):
            if not ok(r, "session_id", "voter_id", "dots"):
                continue
            k = (r.values["session_id"], r.values["voter_id"])
            spent[k] += r.values["dots"]
            if spent[k] > budget and k not in told:
                told.add(k)
                err(
                    r,
                    "dots",
                    f"brings {k[1]}'s dots in session {k[0]} to more than {budget}, the dot budget "
                    "per person and vote (dot_budget in engagement.yaml)",
                )

    # role plays against their rubric
    rubrics = ds.rubrics
    for r in T.get("roleplay", []):
        v = r.values
        rubric = rubrics.get(v["rubric_id"])
        if rubric is None:
            if ok(r, "rubric_id") and v["rubric_id"] not in ds.bad_rubrics:
                err(
                    r,
                    "rubric_id",
                    f"is not a rubric; valid: {_sorted_list(rubrics)} "
                    "(or add rubrics/<rubric_id>.yaml to the engagement folder)",
                )
        else:
            crits = [c["id"] for c in rubric["criteria"]]
            if ok(r, "criterion_id") and v["criterion_id"] not in crits:
                err(r, "criterion_id", f"is not a criterion of rubric {v['rubric_id']}; valid: {', '.join(crits)}")
            lo, hi = rubric["scale"]["min"], rubric["scale"]["max"]
            if ok(r, "score") and v["score"] is not None and not lo <= v["score"] <= hi:
                err(r, "score", f"is outside rubric {v['rubric_id']}'s scale; write a score from {lo} to {hi}")
        if ok(r, "rater_role", "rater_id", "seller_id"):
            if v["rater_role"] == "self" and v["rater_id"] != v["seller_id"]:
                err(
                    r,
                    "rater_id",
                    f"must equal seller_id ({v['seller_id']}) for a self rating; or set rater_role "
                    "to peer, manager or expert",
                )
            elif v["rater_role"] != "self" and v["rater_id"] == v["seller_id"]:
                err(r, "rater_role", "must be self when the rater is the seller")
            elif (
                v["rater_role"] == "manager"
                and v["rater_id"] in members
                and members[v["rater_id"]].values["role"] != "manager"
            ):
                err(r, "rater_role", f"says manager, but {v['rater_id']} is a seller; use peer")

    if advice:
        out += _advice(ds, teams, members, sessions)
    return out
