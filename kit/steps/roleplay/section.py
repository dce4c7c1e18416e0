"""Role plays and coaching focus: the role plays scored (scenario and rubric), the team's mean, rater agreement and the
criteria to coach; for an audience that sees individuals, who played each role play, each seller's score (and each
role play's, for a seller who played several), self gap, blind spots, rater leniency and the comments (once per
rating)."""

import pandas as pd

from ... import _format as fmt
from ..._blocks import bars, empty, figure, heat, section, table, text
from . import model as roleplay

__all__ = [
    "build",
    "criteria_chart",
    "blind_spots_chart",
    "criterion_means",
    "team_mean",
    "seller_scores",
    "comment_on",
    "for_seller",
]

TITLE = "Role plays and coaching focus"


def criterion_means(session):
    """Per criterion: others' mean, self mean, rater agreement (team figures: no person in them)."""
    return figure(
        session,
        "criterion_means",
        session.rows["roleplay"],
        lambda rp: roleplay.criterion_means(rp, rubrics=session.rubrics),
    )


def criteria_chart(means):
    """Others' mean score per criterion, the self ratings' mean marked on each (``means``: :func:`criterion_means`):
    the report's chart, the notebook's and the wall's."""
    return bars(
        "Mean score per criterion, from others' ratings (the dashed mark is the self ratings' mean)",
        [
            {
                "label": r.criterion,
                "value": r.others,
                "ref": r.self,
                "tone": "a",
                "text": f"{fmt.num(r.others, 1)} of 5 (self {fmt.num(r.self, 1)})",
            }
            for r in means.itertuples()
        ],
        scale=[1, 5],
        ref_label="self ratings",
    )


def blind_spots_chart(session, rp, crit_names):
    """Each seller's self score minus others' mean, per criterion (None without both): for an audience that sees
    each person (the manager's report and notebook)."""
    spots = roleplay.blind_spots(rp)
    if spots.empty:
        return None
    stacked = spots.stack()
    (seller, crit), worst = stacked.idxmax(), stacked.max()
    return heat(
        f"Biggest blind spot: {session.name(seller)} rates {crit_names.get(crit, crit).lower()} "
        f"{worst:.1f} above what others see",
        [crit_names.get(c, c) for c in spots.columns],
        [(session.name(s), list(r)) for s, r in spots.iterrows()],
        "Self score minus others' mean: red where a seller rates themself higher than others do "
        "(a blind spot to coach), blue where lower (a strength they may not see).",
    )


def team_mean(session, when="now"):
    rp = session.rows["roleplay"] if when == "now" else session.before["roleplay"]
    return figure(session, "team_mean", rp, lambda rows: roleplay.team_mean(rows, rubrics=session.rubrics))


def seller_scores(session, when="now"):
    """Each seller's score, self score and gap, by seller_id as this audience's rows name them.

    Computed once per team-session: the shared figure holds each seller as the order in which they first appear
    in the rows (no id), and each audience puts back the ids its own rows give them."""
    rp = session.rows["roleplay"] if when == "now" else session.before["roleplay"]

    def by_order(rows):
        order = {s: i for i, s in enumerate(pd.unique(rows["seller_id"].astype(object)))}
        out = roleplay.seller_scores(rows, rubrics=session.rubrics)
        return out.assign(seller_id=out["seller_id"].map(order))

    def named():
        scores = figure(session, "seller_scores", rp, by_order)
        ids = list(pd.unique(rp["seller_id"].astype(object)))
        out = scores.assign(seller_id=[ids[i] for i in scores["seller_id"]])
        return out.sort_values(["session_id", "seller_id"]).reset_index(drop=True)

    return session.memo(("seller_scores", when), named)


def _spread(session, rp):
    """Each seller's lowest and highest whole-call score among the ratings others gave them."""
    per = roleplay.rating_scores(rp[rp["rater_role"] != "self"], rubrics=session.rubrics)
    return per.groupby("seller_id")["score"].agg(["min", "max"])


def _individuals(session, rp, means):
    crit_names = dict(zip(means["criterion_id"], means["criterion"]))
    a = figure(session, "alpha", rp, roleplay.alpha)
    units = figure(session, "alpha_units", rp, roleplay.alpha_units)
    rank = roleplay.agreement(a, units) in ("good", "fair")
    scores = seller_scores(session)
    scores = (
        scores.sort_values("score") if rank else scores.assign(n=scores["seller_id"].map(session.name)).sort_values("n")
    )
    spread = _spread(session, rp)
    blocks = (
        []
        if rank
        else [
            text(
                f"Raters do not agree well enough to rank sellers ({roleplay.agreement_words(a, units)}): the scores "
                "below are listed by name, each with the range of the ratings it comes from. Where ranges overlap, the "
                "sellers cannot be told apart."
            )
        ]
    )
    blocks.append(
        table(
            ["Seller", "Score (others)", "Range of ratings", "Self", "Self gap", "Ratings"],
            [
                [
                    session.name(r.seller_id),
                    fmt.num(r.score, 2),
                    f"{fmt.num(spread['min'].get(r.seller_id), 1)}–{fmt.num(spread['max'].get(r.seller_id), 1)}"
                    if r.seller_id in spread.index
                    else fmt.DASH,
                    fmt.num(r.self_score, 2),
                    fmt.signed(r.self_gap),
                    fmt.count(r.ratings),
                ]
                for r in scores.itertuples()
            ],
            numeric=["Score (others)", "Self", "Self gap", "Ratings"],
        )
    )
    several = _several(session, rp)
    if several is not None:
        blocks.append(several)
    spots = blind_spots_chart(session, rp, crit_names)
    if spots is not None:
        blocks.append(spots)
    lenient = roleplay.leniency(rp)
    if len(lenient):
        blocks.append(
            text(
                "Rater leniency: how far each rater's scores sit from the other raters' on the "
                "same performance (above 0: more lenient)."
            )
        )
        blocks.append(
            table(
                ["Rater", "Role", "Offset", "Ratings"],
                [
                    [session.name(r.rater_id), r.rater_role, fmt.signed(r.offset), fmt.count(r.ratings)]
                    for r in lenient.itertuples()
                ],
                numeric=["Offset", "Ratings"],
            )
        )
    said = roleplay.comments(rp, rubrics=session.rubrics) if rp["comment"].notna().any() else rp.iloc[0:0]
    if len(said):
        blocks.append(
            table(
                ["Seller", "On", "From", "Comment"],
                [
                    [
                        session.name(r.seller_id),
                        comment_on(r.on),
                        f"{session.name(r.rater_id)} ({r.rater_role})",
                        r.comment,
                    ]
                    for r in said.sort_values(["seller_id", "on", "rater_id"]).itertuples()
                ],
            )
        )
    return blocks


def _plays(session, rp, policy):
    """The role plays scored, one row per scenario and rubric: who played it (for an audience that sees
    individuals; the others get how many sellers) and how many ratings others gave."""
    plays = roleplay.plays(rp, rubrics=session.rubrics)
    rows = []
    for (scenario, rubric), g in plays.groupby(["scenario", "rubric"], sort=True):
        who = (
            ", ".join(sorted(session.name(s) for s in g["seller_id"]))
            if policy.reads_each_person
            else fmt.plural(g["seller_id"].nunique(), "seller")
        )
        rows.append([scenario, rubric, who, fmt.count(g["ratings"].sum())])
    return table(["Scenario", "Rubric", "Played by", "Ratings from others"], rows, numeric=["Ratings from others"])


def _several(session, rp):
    """Each role play of the sellers who played more than one in the session, with its own score (None when
    every seller played one)."""
    plays = roleplay.plays(rp, rubrics=session.rubrics)
    plays = plays[plays.groupby("seller_id")["scenario"].transform("size") > 1]
    if plays.empty:
        return None
    plays = plays.assign(n=plays["seller_id"].map(session.name)).sort_values(["n", "scenario"])
    return table(
        ["Seller", "Role play", "Score (others)", "Self", "Ratings"],
        [
            [r.n, r.scenario, fmt.num(r.score, 2), fmt.num(r.self_score, 2), fmt.count(r.ratings)]
            for r in plays.itertuples()
        ],
        numeric=["Score (others)", "Self", "Ratings"],
    )


def _agreement_cell(alpha, units):
    """One criterion's alpha with the units it rests on, and what it allows: '0.05 (6 units): too few to tell'."""
    verdict = {"good": "reliable", "fair": "tentative", "low": "raters disagree", "unknown": "too few to tell"}[
        roleplay.agreement(alpha, units)
    ]
    return f"{fmt.num(alpha, 2)} ({fmt.plural(units, 'unit')}): {verdict}"


def build(session, policy):
    rp = session.rows["roleplay"]
    if rp.empty:
        return section(TITLE, empty(session.withheld_note("roleplay") or "No role plays were scored in this session."))
    means, mean = criterion_means(session), team_mean(session)
    a = figure(session, "alpha", rp, roleplay.alpha)
    units = figure(session, "alpha_units", rp, roleplay.alpha_units)
    weakest = means.sort_values("others").head(2)
    blocks = [
        text(
            f"Team role-play mean: {fmt.num(mean, 2)} of 5 (others' ratings; self ratings left out). "
            f"Rater agreement (Krippendorff's alpha): {roleplay.agreement_words(a, units)}. "
            f"Alpha reads as reliable from {roleplay.AGREEMENT_GOOD:.3f}, tentative from "
            f"{roleplay.AGREEMENT_TENTATIVE:.3f}, and needs at least {roleplay.MIN_UNITS} units rated by two "
            "raters or more."
        ),
        _plays(session, rp, policy),
        criteria_chart(means),
        table(
            ["Criterion", "Others' mean", "Self mean", "Rater agreement"],
            [
                [r.criterion, fmt.num(r.others, 2), fmt.num(r.self, 2), _agreement_cell(r.alpha, r.units)]
                for r in means.itertuples()
            ],
            numeric=["Others' mean", "Self mean"],
        ),
        text(
            "Coaching focus for the team: "
            + " and ".join(f"{r.criterion.lower()} ({r.others:.1f})" for r in weakest.itertuples())
            + "."
        ),
    ]
    if policy.reads_each_person:
        blocks += _individuals(session, rp, means)
    return section(TITLE, *blocks)


def comment_on(words):
    """What a role-play comment was written on, as a table cell: 'Next steps', 'The whole call'."""
    return words[:1].upper() + words[1:]


# ---------------------------------------------------------------- on a seller's one-pager


def _play_words(play):
    """A role play as a seller knows it: its scenario, and the rubric it was scored against unless the scenario
    names it already ('Discovery call: regional manufacturer'; 'CIO of a hospital group (Discovery call rubric)')."""
    named = str(play.rubric).lower() in str(play.scenario).lower()
    return play.scenario if named else f"{play.scenario} ({play.rubric} rubric)"


def for_seller(session, me, cut):
    """A seller's own one-pager part (:mod:`kit.report.sections.mine`): their role play against the team's; ``cut``
    names the one-pager's shortenings applied."""
    title = "Your role play"
    rp = session.rows["roleplay"]
    mine = rp[rp["seller_id"] == me]
    if mine.empty:
        return section(title, empty("You were not scored in a role play in this session."))
    team_means = criterion_means(session)
    own = mine[mine["rater_role"] != "self"].groupby("criterion_id", as_index=False)["score"].mean()
    own_self = mine[mine["rater_role"] == "self"].groupby("criterion_id")["score"].mean()
    score = seller_scores(session).set_index("seller_id").loc[me]
    merged = team_means.merge(own, on="criterion_id", how="left")
    rated = merged.dropna(subset=["score"])
    lowest = rated.sort_values(["score", "criterion"]).iloc[0] if len(rated) else None
    plays = roleplay.plays(mine, rubrics=session.rubrics)
    if len(plays) == 1:  # the heading names it: no line more on a full page
        title, called = f"{title}: {_play_words(plays.iloc[0])}", "Your score from others"
    else:
        title, called = "Your role plays", f"Your score from others, the average of your {len(plays)} role plays"
    line = (
        f"{called}: {fmt.num(score['score'], 2)} of 5 (team mean "
        f"{fmt.num(team_mean(session), 2)}). "
        + (
            f"You rated yourself {fmt.num(score['self_score'], 2)}: a self gap of {fmt.signed(score['self_gap'])}."
            if not fmt.blank(score["self_score"])
            else "You did not rate yourself."
        )
        + (f" Your coaching focus: {lowest['criterion'].lower()} ({lowest['score']:.1f} of 5)." if len(rated) else "")
    )
    before = session.before["roleplay"]
    if len(before[before["seller_id"] == me]):
        b = seller_scores(session, "before").set_index("seller_id").loc[me, "score"]
        line += f" At the previous session you scored {fmt.num(b, 2)}: {fmt.signed(score['score'] - b)} since."
    blocks = [text(line)]
    if len(plays) > 1 and "criteria" in cut:
        blocks.append(
            text(
                "Your role plays (score from others): "
                + fmt.and_list([f"{r.scenario} ({fmt.num(r.score, 2)})" for r in plays.itertuples()])
                + "."
            )
        )
    elif len(plays) > 1:
        blocks.append(
            table(
                ["Role play", "Rubric", "From others", "You on you", "Ratings"],
                [
                    [r.scenario, r.rubric, fmt.num(r.score, 2), fmt.num(r.self_score, 2), fmt.count(r.ratings)]
                    for r in plays.itertuples()
                ],
                numeric=["From others", "You on you", "Ratings"],
            )
        )
    if "criteria" in cut:
        if len(rated) > 1:
            best = rated.sort_values(["score", "criterion"], ascending=[False, True]).iloc[0]
            blocks.append(text(f"Your strongest criterion: {best['criterion'].lower()} ({best['score']:.1f} of 5)."))
    else:
        blocks.append(
            table(
                ["Criterion", "From others", "You on you", "Team mean"],
                [
                    [r.criterion, fmt.num(r.score, 1), fmt.num(own_self.get(r.criterion_id), 1), fmt.num(r.others, 1)]
                    for r in merged.itertuples()
                ],
                numeric=["From others", "You on you", "Team mean"],
            )
        )
    others = mine[mine["rater_role"] != "self"]
    said = roleplay.comments(others, rubrics=session.rubrics) if others["comment"].notna().any() else others.iloc[0:0]
    if len(said):
        said = said.sort_values(["on", "rater_role"])
        if "no_comments" in cut:
            shown = said.iloc[0:0]
        elif "comments" in cut:
            focus = {"the whole call", lowest["criterion"].lower()} if lowest is not None else {"the whole call"}
            shown = said[said["on"].str.lower().isin(focus)].head(3)
        else:
            shown = said
        if len(shown):
            blocks.append(
                table(
                    ["On", "From", "Comment"],
                    [[comment_on(r.on), r.rater_role, r.comment] for r in shown.itertuples()],
                )
            )
        if len(said) > len(shown):
            left = len(said) - len(shown)
            blocks.append(
                text(
                    f"{fmt.plural(left, 'more comment')} from your raters "
                    f"{'is' if left == 1 else 'are'} not listed here: ask your manager to go through them with you."
                )
            )
    return section(title, *blocks)
