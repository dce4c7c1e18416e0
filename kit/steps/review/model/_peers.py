"""Peers: accountability partners and their check-ins, and how each goal stands. (The SWOT's asks of other
departments and the team's written strategies are the SWOT step's: :mod:`kit.steps.swot.model`.)"""

import pandas as pd

# ---------------------------------------------------------------- partners


def partners(session):
    """The accountability pairs in force (recorded at this session, or carried from the latest that has them),
    with each pair's check-ins (an action of either ``for_id`` the other) as status counts; when this session
    recorded a new rotation, the check-ins are those with the previous session's partner (``earlier``).

    Returns a DataFrame: member_id, name, partner_id, partner, earlier_id, earlier, check_ins (DataFrame rows),
    done, open."""
    p = session.rows["partners"]
    # a new rotation recorded at this session: the check-ins to look back on are the earlier pairs'
    rotated = len(session.own["partners"]) > 0 and len(session.before["partners"]) > 0
    earlier = dict(zip(session.before["partners"]["member_id"], session.before["partners"]["partner_id"]))
    acts = session.actions("all")
    rows = []
    for r in p.itertuples():
        was = earlier.get(r.member_id) if rotated else r.partner_id
        pair = ((acts["owner_id"] == r.member_id) & (acts["for_id"] == was)) | (
            (acts["owner_id"] == was) & (acts["for_id"] == r.member_id)
        )
        ins = acts[pair] if was else acts.iloc[0:0]  # either of the two checking in with the other
        rows.append(
            dict(
                member_id=r.member_id,
                name=session.name(r.member_id),
                partner_id=r.partner_id,
                partner=session.name(r.partner_id),
                earlier_id=was,
                earlier=session.name(was) if was else None,
                check_ins=ins,
                done=int((ins["status"] == "done").sum()),
                open=int((ins["status"] == "open").sum()),
            )
        )
    cols = ["member_id", "name", "partner_id", "partner", "earlier_id", "earlier", "check_ins", "done", "open"]
    return pd.DataFrame(rows, columns=cols)


def propose_partners(member_ids, earlier=()):
    """A rotation of accountability partners: pairs of ``member_ids`` (a trio when their number is odd), chosen
    among the rounds of a round robin as the one repeating the fewest ``earlier`` pairs (sets of two ids).

    Returns rows {member_id, partner_id} (each pair as two rows; a trio as a ring of three)."""
    ids = sorted(member_ids)
    if len(ids) < 2:
        return []
    seen = {frozenset(p) for p in earlier}
    ring = ids + ([None] if len(ids) % 2 else [])
    n, best = len(ring), None
    for k in range(n - 1):  # the circle method: ring[0] stays, the rest turn one place each round
        turned = [ring[0]] + ring[1:][k:] + ring[1:][:k]
        pairs = [(turned[i], turned[n - 1 - i]) for i in range(n // 2)]
        repeats = sum(frozenset(p) in seen for p in pairs if None not in p)
        if best is None or repeats < best[0]:
            best = (repeats, pairs)
    pairs = best[1]
    rows, alone = [], None
    for a, b in pairs:
        if a is None or b is None:
            alone = a or b
            continue
        rows += [dict(member_id=a, partner_id=b), dict(member_id=b, partner_id=a)]
    if alone is not None:  # joins the first pair as a ring of three: a -> b -> alone -> a
        a, b = rows[0]["member_id"], rows[0]["partner_id"]
        rows[1] = dict(member_id=b, partner_id=alone)
        rows.append(dict(member_id=alone, partner_id=a))
    return rows


# ---------------------------------------------------------------- other departments, strategies, goals


def goal_progress(goals):
    """How many goals (as cut: only those whose text the audience reads) stand at each progress, or 'not reviewed'."""
    g = goals[goals["shared"]] if "shared" in goals else goals
    # astype(object): with no progress recorded yet (a kickoff) the column is all-NaN floats
    p = g["progress"].astype(object).fillna("not reviewed") if "progress" in g else pd.Series(["not reviewed"] * len(g))
    return p.value_counts().to_dict()
