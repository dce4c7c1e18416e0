"""Target accounts in the documents: the accounts this audience may read, by seller; the accounts two sellers chase;
at a review, how far they have come and what was won from them; and a seller's own accounts on their one-pager."""

from ... import _format as fmt
from ..._blocks import empty, section, table, text
from ..._schema import SHARED_WITH_WORDS
from ...audience import readable
from . import model as accounts

__all__ = ["build", "for_seller"]

TITLE = "Target accounts"


def build(session, policy):
    a = session.rows["accounts"]
    if a.empty:
        return None  # the step is optional: a session where nobody named accounts shows no section
    shown = readable(a).sort_values(["member_id"], kind="stable")
    wider = policy.reads_beyond_team
    review = session.is_review
    cur = session.currency
    # accounts carry account by account: when some were named at earlier sessions, each row says when
    dated = "agreed" in shown and (shown["agreed"] < session.date).any()
    rows = [
        [session.name(r.member_id), r.account]
        + ([] if review else [fmt.text_or_dash(r.why)])  # at a review, where it stands takes the why's place
        + ([_named(session, r.agreed)] if dated else [])
        + (
            [accounts.progress_words(r.progress), fmt.DASH if fmt.blank(r.won) else fmt.amount(r.won, cur)]
            if review
            else []
        )
        + ([SHARED_WITH_WORDS.get(r.visibility, r.visibility)] if wider else [])
        for r in shown.itertuples()
    ]
    cols = (
        ["Seller", "Account"]
        + ([] if review else ["Why"])
        + (["Named"] if dated else [])
        + (["Where it stands", "Won"] if review else [])
        + (["Shared with"] if wider else [])
    )
    sellers = a["member_id"].nunique()
    unread = a.loc[~a["shared"], "visibility"].value_counts() if "shared" in a else {}
    left_out = [
        f"{fmt.plural(int(unread[v]), 'account')} {words}"
        for v, words in (("private", "kept private"), ("manager", "shared with the manager only"))
        if unread.get(v)
    ]
    intro = f"{fmt.plural(len(a), 'account')} named by {fmt.plural(sellers, 'seller')} as their focus this year" + (
        f"; not listed here: {' and '.join(left_out)} by their sellers." if left_out else "."
    )
    blocks = [text(intro)]
    blocks.append(
        table(cols, rows, numeric=["Won"] if review else ()) if rows else empty("No account was shared at this level.")
    )
    o = accounts.overlaps(a)
    if len(o):
        blocks.append(text("Named by two sellers or more (agree who leads each before the next call):", lead=True))
        blocks.append(
            table(
                ["Account", "Named by"],
                [[r.account, ", ".join(session.name(m) for m in r.member_ids)] for r in o.itertuples()],
            )
        )
    if review:
        counts = accounts.progress_counts(a)
        said = ", ".join(f"{n} {accounts.progress_words(k)}" for k, n in counts.items() if n)
        won = accounts.won_total(a)
        if said:
            blocks.append(
                text(f"Where they stand: {said}." + (f" Won from them so far: {fmt.amount(won, cur)}." if won else ""))
            )
    return section(TITLE, *blocks)


def _stands(r, won):
    """Where an account stands, in a few words: 'won, USD 180k', 'opportunity open'."""
    words = accounts.progress_words(r.progress)
    return f"{words}, {won(r.won)}" if not fmt.blank(r.won) else words


def _named(session, agreed):
    """When an account was named (or last revisited): 'this session' or the earlier session's date."""
    return "this session" if agreed == session.date else fmt.date(agreed)


def for_seller(session, me, *, brief=False):
    """A seller's own one-pager part (:mod:`kit.report.sections.mine`): their target accounts (private ones
    included), and at a review where each stands; in a sentence when ``brief`` (the one-pager's 'accounts'
    shortening); None when they named none."""
    a = session.rows["accounts"]
    a = a[a["member_id"] == me]
    if a.empty:
        return None
    cur = session.currency
    review = session.is_review

    def won(v):
        return fmt.DASH if fmt.blank(v) else fmt.amount(v, cur)

    if brief:
        said = [r.account + (f" ({_stands(r, won)})" if review else "") for r in a.itertuples()]
        return section("Your target accounts", text("; ".join(said) + "."))
    if review:
        rows = [[r.account, accounts.progress_words(r.progress), won(r.won)] for r in a.itertuples()]
        body = table(["Account", "Where it stands", "Won"], rows, numeric=["Won"])
    else:
        body = table(["Account", "Why"], [[r.account, fmt.text_or_dash(r.why)] for r in a.itertuples()])
    return section("Your target accounts", body)
