"""Step 4, role plays: each seller's score from others' ratings, the self gap, and how far raters agree."""

import krippendorff
import numpy as np
import pandas as pd

__all__ = [
    "agreement",
    "AGREEMENT_GOOD",
    "AGREEMENT_TENTATIVE",
    "comments",
    "rating_scores",
    "seller_scores",
    "plays",
    "team_mean",
    "alpha",
    "criterion_means",
    "blind_spots",
    "leniency",
    "change",
]

# Krippendorff's own guidance on alpha: at or above 0.800 reliable; from 0.667 tentative conclusions only; below,
# the raters disagree too much to draw any. With fewer than MIN_UNITS units rated by two raters or more, alpha
# says too little to tell either way.
AGREEMENT_GOOD = 0.8
AGREEMENT_TENTATIVE = 0.667
MIN_UNITS = 10

# What each verdict means, for the reports and the notebooks alike.
AGREEMENT_WORDS = {
    "good": "reliable: raters agree",
    "fair": "tentative: agree together what a 3 and a 5 look like",
    "low": "raters disagree: calibrate the rubric before comparing scores",
    "unknown": "too few ratings to tell",
}


def agreement(alpha, units=None):
    """How far raters agree: 'good' (reliable), 'fair' (tentative), 'low' (raters disagree), or 'unknown' (alpha
    could not be computed, or rests on fewer than MIN_UNITS units when ``units`` is given)."""
    if alpha != alpha or (units is not None and units < MIN_UNITS):
        return "unknown"
    return "good" if alpha >= AGREEMENT_GOOD else "fair" if alpha >= AGREEMENT_TENTATIVE else "low"


def alpha_units(ratings, *, criterion=None):
    """How many units (session, scenario, seller, criterion) alpha rests on: those scored by two raters or more
    other than the seller themself."""
    r = ratings[ratings["rater_role"] != "self"]
    if criterion is not None:
        r = r[r["criterion_id"] == criterion]
    if r.empty:
        return 0
    n = r.groupby(["session_id", "scenario", "seller_id", "criterion_id"])["rater_id"].nunique()
    return int((n >= 2).sum())


def agreement_words(alpha, units):
    """'α 0.49 from 36 units: raters disagree: calibrate the rubric before comparing scores'."""
    verdict = AGREEMENT_WORDS[agreement(alpha, units)]
    if alpha != alpha:
        return f"no α yet ({units} units rated by two raters or more): {verdict}"
    return f"α {alpha:.2f} from {units} units: {verdict}"


def _weights(rubrics):
    return pd.DataFrame(
        [(rid, c["id"], float(c.get("weight", 1))) for rid, spec in rubrics.items() for c in spec["criteria"]],
        columns=["rubric_id", "criterion_id", "weight"],
    )


def rating_scores(ratings, *, rubrics):
    """One score per rating (a rater scoring a seller in a scenario): the weight-averaged criterion score."""
    r = ratings.merge(_weights(rubrics), on=["rubric_id", "criterion_id"], how="left")
    r["weighted"] = r["score"] * r["weight"]
    g = r.groupby(["session_id", "scenario", "seller_id", "rater_id", "rater_role"], as_index=False)[
        ["weighted", "weight"]
    ].sum()
    g["score"] = g["weighted"] / g["weight"]
    return g.drop(columns=["weighted", "weight"])


def seller_scores(ratings, *, rubrics):
    """Per seller and session: ``score`` (mean of every rating but their own self rating), ``self_score``,
    ``self_gap`` = self_score - score, and how many ratings from others there were."""
    per = rating_scores(ratings, rubrics=rubrics)
    others = per[per["rater_role"] != "self"].groupby(["session_id", "seller_id"])["score"].agg(["mean", "size"])
    own = per[per["rater_role"] == "self"].groupby(["session_id", "seller_id"])["score"].mean()
    out = others.rename(columns={"mean": "score", "size": "ratings"}).join(own.rename("self_score"), how="outer")
    out["ratings"] = out["ratings"].fillna(0).astype(int)
    out["self_gap"] = out["self_score"] - out["score"]
    return out.reset_index()


def plays(ratings, *, rubrics):
    """One row per role play (a seller's call in a scenario, scored against a rubric), in the order of scenario and
    seller: session_id, scenario, rubric_id, rubric (its name), seller_id, ``score`` (the mean of the ratings others
    gave), ``self_score`` and ``ratings`` (how many ratings from others)."""
    cols = ["session_id", "scenario", "rubric_id", "rubric", "seller_id", "score", "self_score", "ratings"]
    if ratings.empty:
        return pd.DataFrame(columns=cols)
    per = rating_scores(ratings, rubrics=rubrics)
    keys = ["session_id", "scenario", "seller_id"]
    others = per[per["rater_role"] != "self"].groupby(keys)["score"].agg(["mean", "size"])
    own = per[per["rater_role"] == "self"].groupby(keys)["score"].mean().rename("self_score")
    out = others.rename(columns={"mean": "score", "size": "ratings"}).join(own, how="outer").reset_index()
    out["ratings"] = out["ratings"].fillna(0).astype(int)
    rubric = ratings.drop_duplicates(keys).set_index(keys)["rubric_id"]
    out["rubric_id"] = [rubric.get(k) for k in zip(*(out[c] for c in keys))]
    out["rubric"] = [rubrics.get(r, {}).get("name", r) for r in out["rubric_id"]]
    return out.sort_values(["session_id", "scenario", "seller_id"])[cols].reset_index(drop=True)


def team_mean(ratings, *, rubrics):
    """The team's role-play mean: the mean of its sellers' role-play scores (NaN with no ratings from others)."""
    scores = seller_scores(ratings, rubrics=rubrics)["score"].dropna()
    return float(scores.mean()) if len(scores) else float("nan")


def alpha(ratings, *, criterion=None):
    """Krippendorff's alpha (interval) among the raters other than the seller themself.

    Units are (session, scenario, seller, criterion); pass ``criterion`` to look at one criterion.
    NaN when there is too little overlap to say.
    """
    r = ratings[ratings["rater_role"] != "self"]
    if criterion is not None:
        r = r[r["criterion_id"] == criterion]
    if r.empty:
        return float("nan")
    table = r.pivot_table(
        index="rater_id",
        columns=["session_id", "scenario", "seller_id", "criterion_id"],
        values="score",
        aggfunc="mean",
    )
    data = table.to_numpy(dtype=float)
    if data.shape[0] < 2 or (np.sum(~np.isnan(data), axis=0) >= 2).sum() < 1:
        return float("nan")
    values = data[~np.isnan(data)]
    if np.unique(values).size < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="interval"))


def _others(ratings):
    return ratings[ratings["rater_role"] != "self"]


def criterion_means(ratings, *, rubrics):
    """Per criterion: the mean score others gave (the team's coaching focus is the lowest), and self mean."""
    names = {c["id"]: c["name"] for spec in rubrics.values() for c in spec["criteria"]}
    order = {c["id"]: i for spec in rubrics.values() for i, c in enumerate(spec["criteria"])}
    others = _others(ratings).groupby("criterion_id")["score"].mean().rename("others")
    own = ratings[ratings["rater_role"] == "self"].groupby("criterion_id")["score"].mean().rename("self")
    out = pd.concat([others, own], axis=1).reset_index()
    out["criterion"] = out["criterion_id"].map(names)
    out["order"] = out["criterion_id"].map(order)
    out["alpha"] = [alpha(ratings, criterion=c) for c in out["criterion_id"]]
    out["units"] = [alpha_units(ratings, criterion=c) for c in out["criterion_id"]]
    return out.sort_values("order").drop(columns="order").reset_index(drop=True)


def blind_spots(ratings):
    """Seller x criterion: self score minus the mean of others' scores (above 0: rates themself higher)."""
    others = _others(ratings).groupby(["seller_id", "criterion_id"])["score"].mean()
    own = ratings[ratings["rater_role"] == "self"].groupby(["seller_id", "criterion_id"])["score"].mean()
    gap = (own - others).dropna()
    return gap.unstack("criterion_id") if len(gap) else pd.DataFrame()


def leniency(ratings):
    """Each rater's mean offset from the other raters scoring the same seller, scenario and criterion.

    Above 0: more lenient than the others; below 0: stricter. Self ratings are left out.
    """
    r = _others(ratings)
    keys = ["session_id", "scenario", "seller_id", "criterion_id"]
    g = r.groupby(keys)["score"]
    total, count = g.transform("sum"), g.transform("count")
    r = r.assign(offset=r["score"] - (total - r["score"]) / (count - 1).where(count > 1))
    out = (
        r.dropna(subset=["offset"])
        .groupby(["rater_id", "rater_role"])
        .agg(offset=("offset", "mean"), ratings=("offset", "size"))
        .reset_index()
    )
    return out.sort_values(["offset", "rater_id"], ascending=[False, True]).reset_index(drop=True)


def change(current, previous, *, rubrics):
    """Each seller's role-play score now, at the previous session, and the change."""
    now = (
        seller_scores(current, rubrics=rubrics)[["seller_id", "score"]]
        if len(current)
        else pd.DataFrame(columns=["seller_id", "score"])
    )
    before = (
        seller_scores(previous, rubrics=rubrics)[["seller_id", "score"]]
        if len(previous)
        else pd.DataFrame(columns=["seller_id", "score"])
    )
    out = now.merge(before, on="seller_id", how="outer", suffixes=("", "_before"))
    out["change"] = out["score"] - out["score_before"]
    return out


def comments(ratings, *, rubrics):
    """The comments of the ratings, once each: one row per rating (session, scenario, seller, rater) and comment.

    A comment stored on every scored criterion of a rating (as the scorer saves a comment on the whole call)
    belongs to the rating: ``on`` is 'the whole call'; otherwise ``on`` names the criteria it was written on.
    Returns session_id, scenario, seller_id, rater_id, rater_role, on, comment.
    """
    cols = ["session_id", "scenario", "seller_id", "rater_id", "rater_role", "on", "comment"]
    if "comment" not in ratings or ratings.empty:
        return pd.DataFrame(columns=cols)
    names = {c["id"]: c["name"] for spec in rubrics.values() for c in spec["criteria"]}
    keys = ["session_id", "scenario", "seller_id", "rater_id", "rater_role"]
    rows = []
    for key, g in ratings.groupby(keys, sort=True, dropna=False):
        text = g["comment"].astype(object).where(g["comment"].notna(), "").astype(str).str.strip()
        for comment, h in g[text != ""].groupby(text[text != ""], sort=False):
            on = (
                "the whole call"
                if len(h) == len(g) and len(g) > 1
                else ", ".join(names.get(c, c).lower() for c in h["criterion_id"])
            )
            rows.append(dict(zip(keys, key), on=on, comment=comment))
    return pd.DataFrame(rows, columns=cols)
