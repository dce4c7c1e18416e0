"""Step 1, personal goals: commitments against the team's target, and the pipeline each commitment takes."""

import math

from ... import _format as fmt
from ..._schema import PROGRESS_WORDS as _PROGRESS

__all__ = [
    "commitment_total",
    "commitment_gap",
    "below_quota",
    "below_quota_words",
    "funnel",
    "goals_by_category",
    "WEEKS_PER_YEAR",
    "PROGRESS_WORDS",
    "progress_words",
]

# how a goal stands at a review, in words (a goal nobody has reviewed yet has no progress)
PROGRESS_WORDS = {**_PROGRESS, None: "not reviewed yet"}
WEEKS_PER_YEAR = 46  # selling weeks: 52 less holidays, training and the offsite itself


def _sellers(commitments, members):
    sellers = members.loc[members["role"] == "seller", "member_id"]
    return commitments[commitments["member_id"].isin(sellers)]


def commitment_total(commitments, *, members):
    """Sum of the sellers' ``annual_commitment`` (a manager's own commitment is not counted)."""
    return float(_sellers(commitments, members)["annual_commitment"].sum())


def commitment_gap(commitments, *, members, annual_target):
    """``annual_target`` minus the commitment total: above 0 means the commitments fall short."""
    return float(annual_target) - commitment_total(commitments, members=members)


def below_quota(commitments, *, members):
    """The sellers who commit less than their annual quota: member_id, annual_commitment, annual_quota and
    ``short`` (quota minus commitment). A manager (quota 0, not counted) and a blank quota are left out."""
    quotas = members.loc[members["role"] == "seller", ["member_id", "annual_quota"]]
    out = commitments[["member_id", "annual_commitment"]].merge(quotas, on="member_id")
    out = out[(out["annual_quota"] > 0) & (out["annual_commitment"] < out["annual_quota"])]  # a blank compares False
    return out.assign(short=out["annual_quota"] - out["annual_commitment"]).reset_index(drop=True)


def below_quota_words(short, *, names, currency=""):
    """One line naming each seller of :func:`below_quota` (by name), or None when nobody is below their quota:
    '⚠ Zoë Martin commits USD 700,000, USD 100,000 below their annual quota of USD 800,000.'"""
    from ... import _format as fmt

    if short.empty:
        return None
    said = [
        f"{names.get(r.member_id, r.member_id)} commits {fmt.money(r.annual_commitment, currency)}, "
        f"{fmt.money(r.short, currency)} below their annual quota of {fmt.money(r.annual_quota, currency)}"
        for r in short.assign(name=short["member_id"].map(names)).sort_values("name").itertuples()
    ]
    return "⚠ " + "; ".join(said) + "."


def funnel(commitments, *, meetings_per_opportunity=2.0, weeks=WEEKS_PER_YEAR):
    """The goal-funding funnel: what each commitment takes in deals, opportunities and weekly activity.

    Parameters
    ----------
    commitments : DataFrame
        Rows of ``commitments.csv`` (member_id, annual_commitment, avg_deal_size, win_rate, sales_cycle_days).
    meetings_per_opportunity : float
        First meetings it takes to create one qualified opportunity (the kit's assumption; say it in the room).
    weeks : int
        Selling weeks in the year.

    Returns
    -------
    DataFrame with deals_needed = ceil(commitment / avg_deal_size), opportunities_needed =
    ceil(deals_needed / win_rate), opportunities_per_week, meetings_per_week, and the open
    pipeline_needed at any time (opportunities in flight over the sales cycle, at the average deal size).
    """
    out = commitments[["member_id", "annual_commitment", "avg_deal_size", "win_rate", "sales_cycle_days"]].copy()
    out["deals_needed"] = [math.ceil(round(c / d, 9)) for c, d in zip(out["annual_commitment"], out["avg_deal_size"])]
    out["opportunities_needed"] = [math.ceil(round(n / w, 9)) for n, w in zip(out["deals_needed"], out["win_rate"])]
    out["opportunities_per_week"] = out["opportunities_needed"] / weeks
    out["meetings_per_week"] = out["opportunities_per_week"] * meetings_per_opportunity
    out["pipeline_needed"] = out["opportunities_needed"] * out["avg_deal_size"] * out["sales_cycle_days"] / 365
    return out.reset_index(drop=True)


def goals_by_category(goals):
    """How many goals fall in each category (every goal counts; visibility is the caller's filter)."""
    cats = ["financial", "career", "personal", "learning", "other"]
    counts = goals["category"].value_counts().reindex(cats, fill_value=0)
    return counts.rename_axis("category").reset_index(name="goals")


def progress_words(p):
    """How a goal stands, in words: 'not reviewed yet' for a blank (None, NaN or '')."""
    return PROGRESS_WORDS.get(None if fmt.blank(p) or p == "" else p, p)
