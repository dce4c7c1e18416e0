"""Target accounts: the few prospects and customers each seller will focus on this year, and why; where two sellers
chase the same account; at a review, how far each account has come and what was won from it.

Every function works on rows already cut to an audience (:func:`kit.audience.cut`): an account whose seller kept it
private (or for the manager) has no name for an audience that may not read it, so it is counted for its seller but
never compared with anyone's (``shared`` is False).
"""

import re

import pandas as pd

from ... import _format as fmt
from ..._schema import ACCOUNT_PROGRESS_WORDS
from ...audience import readable

__all__ = ["same_account", "overlaps", "progress_counts", "won_total", "progress_words", "ACCOUNTS_ADVICE"]

# How many accounts a seller names: a focus list, not a territory.
ACCOUNTS_ADVICE = (3, 5)

_SUFFIXES = re.compile(r"\b(inc|incorporated|ltd|limited|llc|plc|gmbh|ag|sa|sas|bv|corp|corporation|co|company)\b\.?$")


def same_account(name):
    """The account as two sellers may both have typed it: case, accents, punctuation, spacing and a legal suffix
    aside ('ACME Corp.' and 'acme' are the same account)."""
    import unicodedata

    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    text = " ".join(text.split())
    while True:
        shorter = _SUFFIXES.sub("", text).strip()
        if shorter == text or not shorter:
            return text
        text = shorter


def overlaps(accounts):
    """The accounts two or more sellers named (among those this audience may read), most sellers first: a
    DataFrame of account (as the first seller typed it), member_ids (in the order they appear) and sellers."""
    a = readable(accounts)
    columns = ["account", "member_ids", "sellers"]
    if a.empty:
        return pd.DataFrame(columns=columns)
    a = a.assign(_same=[same_account(x) for x in a["account"]])
    rows = []
    for _, g in a.groupby("_same", sort=False):
        people = list(dict.fromkeys(g["member_id"]))
        if len(people) >= 2:
            rows.append(dict(account=g["account"].iloc[0], member_ids=people, sellers=len(people)))
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["sellers", "account"], ascending=[False, True], kind="stable").reset_index(drop=True)


def progress_counts(accounts):
    """How many accounts (as cut: only those whose progress the audience reads) stand at each progress, in the
    order of the method (meeting held, opportunity open, won, dropped), with 'not reviewed yet' last."""
    a = readable(accounts)
    p = a["progress"].astype(object) if "progress" in a else pd.Series([None] * len(a), dtype=object)
    p = ["" if fmt.blank(x) else x for x in p]
    counts = {k: p.count(k) for k in ACCOUNT_PROGRESS_WORDS}
    counts[""] = p.count("")
    return counts


def won_total(accounts):
    """What was won from the accounts this audience may read (0 with none)."""
    a = readable(accounts)
    if "won" not in a or a.empty:
        return 0.0
    return float(pd.to_numeric(a["won"], errors="coerce").fillna(0).sum())


def progress_words(p):
    """How an account stands, in words: 'not reviewed yet' for a blank."""
    return "not reviewed yet" if fmt.blank(p) or p == "" else ACCOUNT_PROGRESS_WORDS.get(p, p)
