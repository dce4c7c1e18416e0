"""Step 4, role plays: scores, coaching focus, agreement and change.

The Workshop's methods for this step (see kit/_workshop.py).
"""

import pandas as pd

from ... import _format as fmt
from ..._views import _KINDS, INDIVIDUAL_RESULTS, Note, Table, _two
from . import model as roleplay
from .section import blind_spots_chart, criteria_chart


class Roleplay:
    """Step 4, role plays: scores, coaching focus, agreement and change."""

    # ------------------------------------------------------------ step 4: role play
    def scorer(self, rubric_id="discovery_call"):
        from .capture import scorer

        return self._form(scorer, session_id=self.session_id, rubric_id=rubric_id)

    def _ratings(self):
        return self.session.rows["roleplay"]

    def roleplay_scores(self):
        """The team's role-play figures; each seller's score, self score and self gap in the manager's view."""

        def build():
            rp, s = self._ratings(), self.session
            if rp.empty:
                return Note(
                    self.session.withheld_note("roleplay")
                    or "No ratings yet: the results appear here as calls are scored."
                )
            sc = roleplay.seller_scores(rp, rubrics=s.rubrics)
            if self.audience.reads_each_person:
                data = pd.DataFrame(
                    {
                        "Seller": sc["seller_id"].map(s.name),
                        "Score from others": sc["score"],
                        "Ratings from others": sc["ratings"],
                        "Self score": sc["self_score"],
                        "Self gap": sc["self_gap"],
                    }
                ).sort_values("Seller")
                return Table(
                    data,
                    {
                        "Score from others": _two,
                        "Ratings from others": fmt.count,
                        "Self score": _two,
                        "Self gap": fmt.signed,
                    },
                    caption="Each seller's score is the weighted mean of others' ratings (their own is "
                    "left out); the self gap is self minus that score.",
                )
            data = pd.DataFrame(
                [
                    {
                        "Sellers scored": int(sc["score"].notna().sum()),
                        "Ratings from others": int(sc["ratings"].sum()),
                        "Team score (of 5)": roleplay.team_mean(rp, rubrics=s.rubrics),
                        "Average self gap": sc["self_gap"].mean(),
                    }
                ]
            )
            return [
                Note(INDIVIDUAL_RESULTS),
                Table(
                    data,
                    {
                        "Sellers scored": fmt.count,
                        "Ratings from others": fmt.count,
                        "Team score (of 5)": _two,
                        "Average self gap": fmt.signed,
                    },
                    caption="The team's score is the mean of the sellers' scores from others; the self gap is "
                    "self score minus others' score (above 0: we rate ourselves higher).",
                ),
            ]

        return self._view("roleplay-scores", build)

    def coaching_focus(self):
        """Per criterion: others' mean, self mean and rater agreement; the lowest is the team's coaching focus."""

        def build():
            rp = self._ratings()
            if rp.empty:
                return None
            m = roleplay.criterion_means(rp, rubrics=self.session.rubrics)
            return Table(
                pd.DataFrame(
                    {
                        "Criterion": m["criterion"],
                        "Others' ratings": m["others"],
                        "Self ratings": m["self"],
                        "Rater agreement (α)": m["alpha"],
                        "Units": m["units"],
                        "What α allows": [
                            roleplay.AGREEMENT_WORDS[roleplay.agreement(x, n)].split(":")[0]
                            for x, n in zip(m["alpha"], m["units"])
                        ],
                    }
                ),
                {"Others' ratings": _two, "Self ratings": _two, "Rater agreement (α)": _two, "Units": fmt.count},
                caption="The team's coaching focus: the criteria others scored lowest (1 to 5), with how "
                "far raters agree on each (1 full agreement, 0 chance):",
            )

        return self._view("coaching-focus", build)

    def criteria_chart(self):
        def build():
            rp = self._ratings()
            return None if rp.empty else criteria_chart(roleplay.criterion_means(rp, rubrics=self.session.rubrics))

        return self._view("criteria-chart", build)

    def blind_spots_chart(self):
        """Each seller's self rating against others' per criterion (the manager's view only)."""

        def build():
            if not self.audience.reads_each_person:
                return None
            s = self.session
            crit = {c["id"]: c["name"] for spec in s.rubrics.values() for c in spec["criteria"]}
            chart = blind_spots_chart(s, self._ratings(), crit)
            return chart or Note("Blind spots need both self ratings and others' ratings.")

        return self._view("blind-spots", build)

    def leniency(self):
        """Each rater's mean offset from the other raters on the same calls (the manager's view only)."""

        def build():
            if not self.audience.reads_each_person:
                return None
            le = roleplay.leniency(self._ratings())
            if le.empty:
                return None
            data = pd.DataFrame(
                {
                    "Rater": [self.session.name(r) for r in le["rater_id"]],
                    "Role": le["rater_role"].str.capitalize(),
                    "Offset from the others": le["offset"],
                    "Scores compared": le["ratings"],
                }
            )
            return Table(
                data,
                {"Offset from the others": fmt.signed, "Scores compared": fmt.count},
                caption="Rater leniency: above 0 more lenient than the other raters, below 0 stricter.",
            )

        return self._view("leniency", build)

    def roleplay_comments(self):
        """The comments on each call, once per rating (the manager's view only)."""

        def build():
            if not self.audience.reads_each_person:
                return None
            s = self.session
            c = roleplay.comments(self._ratings(), rubrics=s.rubrics)
            if c.empty:
                return None
            return Table(
                pd.DataFrame(
                    {
                        "Seller": c["seller_id"].map(s.name),
                        "From": c["rater_id"].map(s.name),
                        "On": c["on"],
                        "Comment": c["comment"],
                    }
                ),
                caption="Comments:",
            )

        return self._view("roleplay-comments", build)

    def roleplay_alpha(self):
        """Krippendorff's alpha (interval) among the raters other than the seller: a number."""
        return round(roleplay.alpha(self._ratings()), 3)

    def roleplay_agreement(self):
        def build():
            if self._ratings().empty:
                return None
            rp = self._ratings()
            a, units = roleplay.alpha(rp), roleplay.alpha_units(rp)
            return Note(f"Rater agreement: {roleplay.agreement_words(a, units)} (1 full agreement, 0 chance).")

        return self._view("roleplay-agreement", build)

    def roleplay_change(self):
        """The role-play score now and at the team's previous session (per seller in the manager's view)."""

        def build():
            s = self.session
            now, before = self._ratings(), s.before["roleplay"]
            if s.previous is None:
                return Note("No earlier session to compare with yet.")
            if now.empty or before.empty:
                return Note(f"No role plays scored at {'this' if now.empty else 'the previous'} session to compare.")
            prev = f"{_KINDS.get(s.previous['kind'], 'session').lower()} of {fmt.date(s.previous['date'])}"
            if self.audience.reads_each_person:
                ch = roleplay.change(now, before, rubrics=s.rubrics)
                data = pd.DataFrame(
                    {
                        "Seller": ch["seller_id"].map(s.name),
                        "Score then": ch["score_before"],
                        "Score now": ch["score"],
                        "Change": ch["change"],
                    }
                ).sort_values("Seller")
                return Table(
                    data,
                    {"Score then": _two, "Score now": _two, "Change": fmt.signed},
                    caption=f"Change since the {prev}:",
                )
            b, n = roleplay.team_mean(before, rubrics=s.rubrics), roleplay.team_mean(now, rubrics=s.rubrics)
            return Table(
                pd.DataFrame([{"Team score then": b, "Team score now": n, "Change": n - b}]),
                {"Team score then": _two, "Team score now": _two, "Change": fmt.signed},
                caption=f"Change since the {prev}:",
            )

        return self._view("roleplay-change", build)
