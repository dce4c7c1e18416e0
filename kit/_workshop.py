"""One team-session of the workshop, as the notebooks use it: each method is one step's table, chart or form."""

import pandas as pd

from . import accountability, charts, goals, kpis, roleplay, swot
from ._store import Engagement
from .errors import KitError, NotFoundError

__all__ = ["Workshop", "workshop", "start"]

# Tables on a projected wall: whole sentences, not truncated cells.
pd.set_option("display.max_colwidth", 200)


def _money(series):
    return series.map(lambda x: "" if x != x else f"{x:,.0f}")


def start(engagement, *, import_from=None):
    """Open the engagement's store, creating it; import ``import_from`` (a folder or workbook) only into a
    store that holds no engagement yet, so re-running a notebook never overwrites what was captured."""
    eng = Engagement(engagement, create=True)
    if import_from and not eng.settings.get("name"):
        ds = eng.import_source(import_from)
        print(f"Imported {import_from} into {engagement} ({len(ds.tables['teams'])} teams).")
    elif import_from:
        print(f"{engagement} already holds '{eng.settings['name']}': nothing imported (use workshop-kit import "
              "to update it from a folder).")
    return eng


class Workshop:
    """A team-session: ``eng`` (the store), ``team_id``, ``session_id``, and the figures of each step."""

    def __init__(self, eng, team_id, session_id):
        self.eng = eng
        sessions = eng.sessions()
        row = sessions[sessions["session_id"] == session_id]
        if row.empty:
            valid = ", ".join(sessions.loc[sessions["team_id"] == team_id, "session_id"]) or "(none yet)"
            raise NotFoundError(f"no session {session_id!r}; sessions of team {team_id}: {valid}")
        if row["team_id"].iloc[0] != team_id:
            raise KitError(f"session {session_id!r} belongs to team {row['team_id'].iloc[0]}, not {team_id!r}")
        self.team_id, self.session_id = team_id, session_id
        self.session = row.iloc[0].to_dict()
        self.team = eng.teams(team_id=team_id).iloc[0].to_dict()

    def _repr_html_(self):
        import html

        sellers = int((self.members["role"] == "seller").sum())
        cur = self.eng.settings.get("currency") or ""
        return (f"<div style='font-size:18px;padding:6px 10px;border-left:5px solid #0173b2;background:#f3f7fb'>"
                f"<b>{html.escape(str(self.team['name']))}</b> · {html.escape(self.session['kind'])} session on "
                f"{html.escape(self.session['date'])} (<code>{html.escape(self.session_id)}</code>) · {sellers} sellers, "
                f"annual target {html.escape(cur)} {float(self.team['annual_target']):,.0f}</div>")

    def __repr__(self):
        return f"<Workshop {self.team['name']} · {self.session['kind']} {self.session['date']} · {self.session_id}>"

    # ------------------------------------------------------------ helpers
    @property
    def members(self):
        return self.eng.members(team_id=self.team_id)

    def _names(self):
        return dict(zip(self.eng.members()["member_id"], self.eng.members()["name"]))

    def _rows(self, table):
        return self.eng.table(table, session_id=self.session_id)

    def overview(self):
        """Who is in the team, with role, territory and quota."""
        m = self.members.sort_values(["role", "name"], ascending=[False, True])
        return m.assign(annual_quota=_money(m["annual_quota"]))[["name", "role", "territory", "annual_quota"]
                                                                ].set_index("name")

    # ------------------------------------------------------------ step 0: pulse
    def pulse_form(self):
        from .forms import pulse_form
        return pulse_form(self.eng, session_id=self.session_id)

    def pulse_chart(self):
        """The pulse: answers per level and where the team places itself."""
        p = self._rows("pulse")
        if p.empty:
            return _nothing("No answers yet: use the form above.")
        mean = accountability.pulse_mean(p)
        return charts.pulse(accountability.pulse_distribution(p), mean=mean, words=accountability.pulse_words(mean))

    def pulse_trend(self):
        """The pulse mean at each of the team's sessions so far."""
        s = self.eng.sessions(team_id=self.team_id)
        s = s[s["date"] <= self.session["date"]].sort_values("date")
        rows = [dict(session_id=r.session_id, date=r.date, kind=r.kind,
                     pulse_mean=round(accountability.pulse_mean(self.eng.pulse(session_id=r.session_id)), 2),
                     answers=len(self.eng.pulse(session_id=r.session_id))) for r in s.itertuples()]
        return pd.DataFrame(rows).set_index("session_id")

    # ------------------------------------------------------------ step 1: goals
    def goal_form(self):
        from .forms import goal_form
        return goal_form(self.eng, session_id=self.session_id)

    def commitment_form(self):
        from .forms import commitment_form
        return commitment_form(self.eng, session_id=self.session_id)

    def goals_by_category(self):
        """How many goals fall in each category (private goals counted, never shown)."""
        return goals.goals_by_category(self._rows("goals")).set_index("category")

    def commitments_vs_target(self):
        """Each seller's commitment against the team's target, with the total and the gap."""
        c = self._rows("commitments")
        m = self.members
        sellers = c[c["member_id"].isin(m.loc[m["role"] == "seller", "member_id"])]
        names = self._names()
        rows = [dict(seller=names[r.member_id], annual_commitment=r.annual_commitment) for r in sellers.itertuples()]
        total = goals.commitment_total(c, members=m)
        rows += [dict(seller="Total", annual_commitment=total),
                 dict(seller="Team target", annual_commitment=float(self.team["annual_target"])),
                 dict(seller="Gap (target - total)", annual_commitment=float(self.team["annual_target"]) - total)]
        out = pd.DataFrame(rows)
        return out.assign(annual_commitment=_money(out["annual_commitment"])).set_index("seller")

    def funnel(self):
        """What each commitment takes: deals, opportunities, weekly opportunities and first meetings."""
        f = goals.funnel(self._rows("commitments"))
        f.insert(0, "seller", f.pop("member_id").map(self._names()))
        f = f.round({"opportunities_per_week": 1, "meetings_per_week": 1})
        for col in ("annual_commitment", "avg_deal_size", "pipeline_needed"):
            f[col] = _money(f[col])
        f["win_rate"] = f["win_rate"].map(lambda x: f"{x:.0%}")
        return f.set_index("seller")

    def commitments_chart(self):
        c = self._rows("commitments")
        m = self.members
        c = c[c["member_id"].isin(m.loc[m["role"] == "seller", "member_id"])]
        if c.empty:
            return _nothing("No commitments yet.")
        return charts.commitments(c, target=float(self.team["annual_target"]), names=self._names())

    # ------------------------------------------------------------ step 2: SWOT
    def swot_item_form(self):
        from .forms import swot_item_form
        return swot_item_form(self.eng, session_id=self.session_id)

    def swot_vote_form(self):
        from .forms import swot_vote_form
        return swot_vote_form(self.eng, session_id=self.session_id)

    def swot_priorities(self, top=None):
        """Items ranked by dots (ties by item id), with quadrant and control; no authors."""
        p = swot.priorities(self._rows("swot"), votes=self._rows("swot_votes"), top=top)
        return p.assign(quadrant=p["quadrant"].map(swot.QUADRANTS))[["rank", "quadrant", "text", "votes", "control"]
                                                                    ].set_index("rank")

    def swot_chart(self):
        p = swot.priorities(self._rows("swot"), votes=self._rows("swot_votes"))
        return _nothing("No SWOT items yet.") if p.empty else charts.swot_votes(p)

    def swot_control(self):
        """How many items per quadrant are within the team's control, one person's, or external."""
        items = self._rows("swot")
        return swot.control_split(items).rename(index=swot.QUADRANTS)

    def swot_strategies(self, top=2, show=6):
        """The ``show`` best candidate strategies pairing the top items of each quadrant (SO, WO, ST, WT)."""
        p = swot.priorities(self._rows("swot"), votes=self._rows("swot_votes"))
        return swot.strategies(p, top=top)[["kind", "strategy", "votes"]].head(show).set_index("kind")

    # ------------------------------------------------------------ step 3: KPIs
    def catalogue(self):
        from .forms import catalogue_browser
        return catalogue_browser(self.eng)

    def kpi_vote_form(self):
        from .forms import kpi_vote_form
        return kpi_vote_form(self.eng, session_id=self.session_id)

    def kpi_tally(self):
        """Dots per KPI, how many people chose it, and its share of all dots."""
        t = kpis.tally(self._rows("kpi_votes"), catalog=self.eng.kpi_catalog())
        return t.assign(share=t["share"].map(lambda x: f"{x:.0%}")).drop(columns="kpi_id").set_index("name")

    def kpi_votes_chart(self):
        t = kpis.tally(self._rows("kpi_votes"), catalog=self.eng.kpi_catalog())
        return _nothing("No votes yet.") if t.empty else charts.kpi_votes(t)

    def kpi_selection_form(self):
        from .forms import selection_form
        return selection_form(self.eng, session_id=self.session_id)

    def kpi_selection(self):
        """The KPIs in force for this session (chosen now, or at the latest earlier session), per scope."""
        sel = kpis.in_force(self.eng.kpis(team_id=self.team_id), self.eng.sessions(), team_id=self.team_id,
                            as_of=self.session["date"])
        return kpis.selection(sel, catalog=self.eng.kpi_catalog())[["scope", "name", "target", "period", "kind",
                                                                     "direction"]].set_index("scope")

    def kpi_balance(self):
        """Per scope: how many KPIs, leading and lagging, and whether it keeps to three to five."""
        sel = kpis.in_force(self.eng.kpis(team_id=self.team_id), self.eng.sessions(), team_id=self.team_id,
                            as_of=self.session["date"])
        return kpis.selection_advice(sel, catalog=self.eng.kpi_catalog()).set_index("scope")

    def attainment(self, latest=True):
        """Each seller's actual against target on the KPIs in force (direction-aware), wins and shortfalls."""
        sel = kpis.in_force(self.eng.kpis(team_id=self.team_id), self.eng.sessions(), team_id=self.team_id,
                            as_of=self.session["date"])
        a = self.eng.kpi_actuals()
        a = a[a["period_end"] <= self.session["date"]]
        out = kpis.attainment(a, sel, self.members, catalog=self.eng.kpi_catalog())
        if latest and len(out):
            out = out[out["period_end"] == out.groupby(["member_id", "kpi_id"])["period_end"].transform("max")]
        out = out.assign(attainment=out["attainment"].map(lambda x: "" if x != x else f"{x:.0%}"))
        return out.drop(columns=["member_id", "kpi_id"]).set_index("name")

    def attainment_chart(self):
        a = self.attainment()
        return _nothing("No KPI actuals yet.") if a.empty else charts.attainment(a, by="kpi")

    # ------------------------------------------------------------ step 4: role play
    def scorer(self, rubric_id="discovery_call"):
        from .forms import scorer
        return scorer(self.eng, session_id=self.session_id, rubric_id=rubric_id)

    def roleplay_scores(self):
        """Each seller's score from others (self rating left out), self score and self gap."""
        rp = self._rows("roleplay")
        s = roleplay.seller_scores(rp, rubrics=self.eng.rubrics())
        s.insert(0, "seller", s.pop("seller_id").map(self._names()))
        return s.drop(columns="session_id").round(2).set_index("seller")

    def coaching_focus(self):
        """Per criterion: others' mean, self mean and rater agreement; the lowest is the team's focus."""
        rp = self._rows("roleplay")
        return roleplay.criterion_means(rp, rubrics=self.eng.rubrics())[
            ["criterion", "others", "self", "alpha"]].round(2).set_index("criterion")

    def criteria_chart(self):
        rp = self._rows("roleplay")
        return _nothing("No ratings yet.") if rp.empty else charts.criteria(roleplay.criterion_means(rp, rubrics=self.eng.rubrics()))

    def blind_spots_chart(self):
        spots = roleplay.blind_spots(self._rows("roleplay"))
        if spots.empty:
            return _nothing("Blind spots need both self ratings and others' ratings.")
        crit = {c["id"]: c["name"] for spec in self.eng.rubrics().values() for c in spec["criteria"]}
        return charts.blind_spots(spots, names=self._names(), criteria_names=crit)

    def leniency(self):
        """Each rater's mean offset from the other raters on the same performances (above 0: lenient)."""
        l_ = roleplay.leniency(self._rows("roleplay"))
        l_.insert(0, "rater", l_.pop("rater_id").map(self._names()).fillna("expert"))
        return l_.round(2).set_index("rater")

    def roleplay_alpha(self):
        """Krippendorff's alpha (interval) among the raters other than the seller."""
        return round(roleplay.alpha(self._rows("roleplay")), 3)

    def roleplay_change(self):
        """Each seller's score now and at the team's previous session."""
        s = self.eng.sessions(team_id=self.team_id)
        earlier = s[s["date"] < self.session["date"]].sort_values("date")
        before = self.eng.roleplay(session_id=earlier["session_id"].iloc[-1]) if len(earlier) else \
            self._rows("roleplay").iloc[0:0]
        ch = roleplay.change(self._rows("roleplay"), before, rubrics=self.eng.rubrics())
        ch.insert(0, "seller", ch.pop("seller_id").map(self._names()))
        return ch.round(2).set_index("seller")

    # ------------------------------------------------------------ step 5: accountability
    def action_form(self):
        from .forms import action_form
        return action_form(self.eng, session_id=self.session_id)

    def leader_form(self):
        from .forms import leader_form
        return leader_form(self.eng, session_id=self.session_id)

    def actions_by_owner(self):
        """Actions of this session per owner and status; the manager's own first."""
        a = self._rows("actions")
        m = self.members.set_index("member_id")
        t = pd.crosstab(a["owner_id"], a["status"]).reindex(columns=["open", "done", "dropped"], fill_value=0)
        t.insert(0, "role", m["role"].reindex(t.index))
        t.index = t.index.map(self._names())
        return t.sort_values(["role", "open"], ascending=[True, False]).rename_axis("owner")

    def overdue(self, as_of=None):
        """Open actions of the team, from any session so far, due before ``as_of`` (default: this session)."""
        a = self.eng.actions(team_id=self.team_id)
        late = accountability.overdue(a, as_of=as_of or self.session["date"])
        return late.assign(owner=late["owner_id"].map(self._names()))[["owner", "action", "due", "session_id"]
                                                                       ].set_index("owner")

    def next_leader(self):
        return self._names().get(accountability.next_leader(self.eng.sessions(), self.eng.members(),
                                                           team_id=self.team_id, as_of=self.session["date"]))


def _nothing(text):
    """What a chart method says when there is nothing to draw yet (charts themselves show on their own)."""
    print(text)
    return None


def workshop(engagement, team_id, session_id):
    """Open a team-session of an engagement's store (a path or an open Engagement)."""
    eng = engagement if isinstance(engagement, Engagement) else Engagement(engagement)
    return Workshop(eng, team_id, session_id)


