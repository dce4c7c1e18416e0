"""'What we agreed' (the first page of the team's and the manager's documents): commitments against the target,
the SWOT priorities, the KPIs tracked, the actions (with those still open from earlier sessions) and what the sellers
asked of the manager, each ask with the manager's action that answers it."""

from ... import _format as fmt
from ..._blocks import empty, table, text
from ...steps.actions.section import action_status, actions_table
from ...steps.goals.section import commitment_verdict, commitments_table
from ...steps.kpis.section import kpi_targets
from ...steps.swot import model as swot
from ...steps.swot.section import first_tie, priorities_words, ranked_swot

__all__ = ["build"]


def _priorities(session):
    ranked = ranked_swot(session)
    if ranked is None:
        return [empty("No SWOT was built in this session.")]
    if "swot" in session.carried:  # agreed earlier, not changed: one line with its date, not the table again
        return [
            text(
                f"As agreed at the session of {fmt.date(session.carried['swot']['date'])} (not revisited since): "
                + priorities_words(ranked)
                + "."
            )
        ]
    top = ranked.head(5)
    return [
        first_tie(ranked),
        table(
            ["#", "Quadrant", "Priority", "Dots"],
            [
                [swot.rank_label(r.rank, r.tied), swot.QUADRANTS[r.quadrant], r.text, fmt.count(r.votes)]
                for r in top.itertuples()
            ],
            numeric=["#", "Dots"],
        ),
    ]


def _kpis(session):
    k = session.kpis_in_force
    if k.empty:
        return [empty("No KPIs have been selected yet.")]
    if "kpis" in session.carried:  # one line with its date; the progress section shows each against its target
        names = sorted({session.catalog.get(i, {}).get("name", i) for i in k["kpi_id"]})
        return [
            text(
                f"As agreed at the session of {fmt.date(session.carried['kpis']['date'])} (not revisited since): "
                f"{', '.join(names)}; {fmt.plural(len(k), 'target')} across "
                f"{fmt.plural(k['scope'].nunique(), 'scope')}."
            )
        ]
    return [kpi_targets(session, k)]


def _since(session, c):
    """One dated line when every commitment was agreed at an earlier session and none was revisited (None
    otherwise: the table then says who committed what)."""
    if "commitments" in session.carried and not (c["agreed"] == session.date).any():
        return text(
            f"As agreed at the session of {fmt.date(session.carried['commitments']['date'])} (not revisited since): "
            + "; ".join(
                f"{session.name(r.member_id)} {fmt.amount(r.annual_commitment, session.currency)}"
                for r in c.sort_values("annual_commitment", ascending=False).itertuples()
            )
            + "."
        )
    return None


def _asks(session):
    """The sellers' asks of the manager agreed at this session, and earlier ones still open: who asked, what, where
    it stands and the manager's action that answers it (None when nobody asked anything)."""
    asks = session.rows["asks"]
    asks = asks[~asks["carried"] | (asks["status"] == "open")]
    if asks.empty:
        return None
    acts = session.actions("all")
    answers = acts[(acts["owner_id"] == session.manager_id) & acts["ask_id"].notna()]
    earlier = bool(asks["carried"].any())
    rows = []
    for r in asks.sort_values(["carried", "member_id", "ask_id"], ascending=[False, True, True]).itertuples():
        mine = answers[answers["ask_id"] == r.ask_id]
        answer = "; ".join(f"{a.action} ({action_status(session, a)})" for a in mine.itertuples()) or "no action yet"
        row = [session.name(r.member_id), r.ask, r.status, answer]
        if earlier:
            row.append(f"at the session of {fmt.date(r.agreed)}" if r.carried else "this session")
        rows.append(row)
    return table(
        ["Seller", "Asked of the manager", "Status", "The manager's answer"] + (["Agreed"] if earlier else []), rows
    )


def build(session, policy):
    """The parts of 'What we agreed': a list of {title, blocks}."""
    c = session.commitments()
    parts = [
        (
            "Commitments",
            [commitment_verdict(session), _since(session, c) or commitments_table(session, c)]
            if len(c)
            else [empty("No commitments were recorded in this session.")],
        ),
        ("SWOT priorities", _priorities(session)),
        ("KPIs we track", _kpis(session)),
        (
            "Actions",
            [actions_table(session, session.actions("in_view")) or empty("No actions were recorded in this session.")],
        ),
        (
            "Asks of the manager",
            [
                text(
                    "Asked at this session, and earlier asks still open, each with the manager's action that "
                    "answers it."
                ),
                a,
            ]
            if (a := _asks(session))
            else [empty("Nobody asked anything of the manager in this session.")],
        ),
    ]
    return [{"title": t, "blocks": [b for b in blocks if b]} for t, blocks in parts]
