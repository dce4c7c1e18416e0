"""One team-session of the workshop as the notebooks show it: each method is one step's table, chart or form.

Every table and chart is built from the session (:func:`kit.session.load`) cut to the Workshop's audience
(:func:`kit.audience.cut`), never from the store's rows: under the ``wall`` audience (what the room sees projected)
no private or manager-only goal, no SWOT author and no individual score or comment reaches a cell's output or a
widget's saved state. Figures stay numbers (``View.data``) until a view formats them (:mod:`kit._format`).

A table or chart method returns a :class:`View`. Displayed in a notebook it is a live area: every form the Workshop
makes calls :meth:`Workshop.refresh` after each save, which re-loads the session and re-draws every area.
"""

import html
import inspect

import pandas as pd

from . import _format as fmt
from . import accountability, charts, goals, kpis, roleplay, swot
from . import audience as _audience
from . import session as _session
from ._schema import KPI_ADVICE, PULSE_LEVELS, PULSE_PHASES, span_words
from ._store import Engagement

__all__ = ["Workshop", "workshop", "start", "View", "Table", "INDIVIDUAL_RESULTS"]

# What the wall says instead of each person's scores and results.
INDIVIDUAL_RESULTS = (
    "Individual results go to the manager's report and each seller's one-pager; the room sees the team's figures."
)

_ROLES = {"seller": "Seller", "manager": "Manager"}
_KINDS = {"kickoff": "Kickoff", "review": "Review"}
_CONTROL = {"team": "the team", "individual": "one person", "external": "outside our control"}
_PAIRS = {
    "SO": "Strength on an opportunity",
    "WO": "Fix a weakness to seize an opportunity",
    "ST": "Strength against a threat",
    "WT": "Reduce a weakness before a threat hits",
}
_STATUS = {"open": "Open", "done": "Done", "dropped": "Dropped"}
_KPI_STATUS = {"win": "At or above target", "on the way": "On the way", "shortfall": "Below 80%"}


def start(engagement, *, import_from=None):
    """Open the engagement's store, creating it; import ``import_from`` (a folder or workbook) only into a
    store that holds no engagement yet, so re-running a notebook never overwrites what was captured."""
    eng = Engagement(engagement, create=True)
    if import_from and not eng.settings.get("name"):
        ds = eng.import_source(import_from)
        print(f"Imported {import_from} into {engagement} ({len(ds.tables['teams'])} teams).")
    elif import_from:
        print(
            f"{engagement} already holds '{eng.settings['name']}': nothing imported (use workshop-kit import "
            "to update it from a folder)."
        )
    return eng


# ---------------------------------------------------------------- what a view is made of

_TABLE_STYLE = "border-collapse:collapse;font-size:15px;margin:4px 0 12px 0"
_TH = "text-align:{a};padding:5px 12px;border-bottom:2px solid #0173b2;background:#f3f7fb;font-weight:600"
_TD = "padding:4px 12px;border-bottom:1px solid #e3e8ef;vertical-align:top"
_TD_TEXT = _TD + ";text-align:left"
_TD_NUM = _TD + ";text-align:right;white-space:nowrap"  # a figure never breaks over two lines
_TD_LABEL = _TD + ";text-align:left;white-space:nowrap"  # nor a row's name (a seller, a KPI)


class Table:
    """A table as people read it: worded headers, numbers underneath (``data``), formatted only when shown.

    Parameters
    ----------
    data : DataFrame
        One row per line shown, columns named in words; figures as numbers.
    formats : dict
        column -> function(value) -> text (from :mod:`kit._format`); other columns are shown as text.
    caption : str, optional
        One line above the table.
    empty : str
        What is said when there are no rows.
    """

    def __init__(self, data, formats=None, *, caption=None, empty="Nothing yet."):
        self.data = data.reset_index(drop=True)
        self.formats, self.caption, self.empty = dict(formats or {}), caption, empty

    def text(self):
        """The table as shown: every cell a string (a dash for a blank; never NaN, None, True or False)."""
        out = pd.DataFrame(index=self.data.index)
        for col in self.data.columns:
            f = self.formats.get(col, _cell)
            out[col] = [f(v) if not fmt.blank(v) else fmt.DASH for v in self.data[col]]
        return out

    def styler(self):
        """The same table as a pandas Styler (numbers underneath, formatted at display), for notebooks of your own."""
        return self.data.style.format(
            {c: f for c, f in self.formats.items() if c in self.data}, na_rep=fmt.DASH, escape="html"
        ).hide(axis="index")

    def html(self):
        lines = [_line(self.caption)] if self.caption else []
        if self.data.empty:
            return "".join(lines) + _line(self.empty, muted=True)
        shown = self.text()
        right = {c: c in self.formats for c in shown.columns}
        head = "".join(
            f"<th style='{_TH.format(a='right' if right[c] else 'left')}'>{html.escape(str(c))}</th>"
            for c in shown.columns
        )
        body = "".join(
            "<tr>"
            + "".join(
                f"<td style='{_TD_NUM if right[c] else _TD_LABEL if i == 0 else _TD_TEXT}'>{html.escape(v)}</td>"
                for i, (c, v) in enumerate(zip(shown.columns, row))
            )
            + "</tr>"
            for row in shown.itertuples(index=False)
        )
        return "".join(lines) + (
            f"<table class='kit-table' style='{_TABLE_STYLE}'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )

    def __repr__(self):
        return self.text().to_string(index=False) if len(self.data) else self.empty


def _cell(v):
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return "Yes" if v else "No"
    if isinstance(v, float):
        return fmt.num(v, 0 if v.is_integer() else 2)
    return str(v)


def _line(text, *, muted=False):
    colour = "#5b6675" if muted else "#1f2a37"
    return f"<p style='font-size:16px;color:{colour};margin:6px 0'>{html.escape(text)}</p>"


class Note(str):
    """One line of text in a view (escaped when shown)."""


class View:
    """One table or chart of a notebook, built from the session as the Workshop's audience may see it.

    ``data`` is the first table's numbers, ``tables`` / ``figures`` / ``notes`` what the view is made of.
    Displayed in a notebook, it is a live area (an HTML widget) that :meth:`Workshop.refresh` re-draws after
    every save of a form.
    """

    def __init__(self, ws, name, build):
        self.ws, self.name, self._build = ws, name, build

    def parts(self):
        out = self._build()
        return [p for p in (out if isinstance(out, list) else [out]) if p is not None]

    @property
    def tables(self):
        return [p for p in self.parts() if isinstance(p, Table)]

    @property
    def data(self):
        t = self.tables
        return t[0].data if t else None

    @property
    def notes(self):
        return [str(p) for p in self.parts() if isinstance(p, str)]

    @property
    def figures(self):
        return [p for p in self.parts() if hasattr(p, "savefig")]

    def html(self):
        out = []
        for p in self.parts():
            if isinstance(p, Table):
                out.append(p.html())
            elif isinstance(p, str):
                out.append(_line(p))
            else:  # a matplotlib figure: embedded, closed
                out.append(f"<img alt='chart' style='max-width:100%;height:auto' src='{charts.png_data_uri(p)}'/>")
        return f"<div class='kit-view kit-view-{self.name}'>{''.join(out)}</div>"

    def text(self):
        """What the view says, as plain text (its notes and tables), e.g. for a test."""
        out = []
        for p in self.parts():
            if isinstance(p, Table):
                out += [p.caption or "", repr(p)]
            elif isinstance(p, str):
                out.append(str(p))
        return "\n".join(x for x in out if x)

    def __repr__(self):
        return self.text()

    def _ipython_display_(self):
        import ipywidgets as w
        from IPython.display import display

        area = w.HTML(value=self.html())
        area.add_class(f"kit-view-{self.name}")
        # one live area per view: displaying it again (a cell run twice) replaces the one before
        self.ws._areas[:] = [(a, v) for a, v in self.ws._areas if v.name != self.name] + [(area, self)]
        bundle = area._repr_mimebundle_()
        bundle["text/html"] = area.value  # read without a kernel (a static page, a diff viewer)
        display(bundle, raw=True)


# ---------------------------------------------------------------- the Workshop


class Workshop:
    """A team-session as an audience sees it.

    Parameters
    ----------
    eng : Engagement
        The store.
    team_id, session_id : str
    audience : str or kit.audience.Policy
        'wall' (the default: what the room sees projected), 'team', 'manager' or 'member:<id>'.

    Attributes
    ----------
    session : kit.session.Session
        The session cut to the audience: the only rows any table, chart or form list here is built from.
    """

    def __init__(self, eng, team_id, session_id, audience="wall"):
        self.eng, self.team_id, self.session_id = eng, team_id, session_id
        self.audience = _audience.policy(audience)
        self._areas, self._swot_form, self._voting, self.session = [], None, False, None
        self.reload()

    @staticmethod
    def setup(eng, *, team_id=None):
        """The forms that set an engagement up by hand (its settings, a team and its manager, the team's members and
        sessions), folded into one accordion, every panel closed: only needed when nothing was imported."""
        import ipywidgets as w

        from . import forms

        panels = [
            ("The engagement: name, client, currency, dots per vote", forms.settings_form(eng)),
            ("A new team and its manager", forms.team_form(eng)),
        ]
        if team_id:
            panels += [
                ("The team's members", forms.member_form(eng, team_id=team_id)),
                ("The team's sessions", forms.session_form(eng, team_id=team_id)),
            ]
        inner = w.Accordion(
            children=[getattr(f, "widget", f) for _, f in panels], titles=[t for t, _ in panels], selected_index=None
        )
        why = w.HTML(
            "<p style='font-size:15px'>Open a panel to enter what was not imported. To work on another team or "
            "session, open the notebooks for it: <code>workshop-kit open STORE --team T --session S</code>.</p>"
        )
        acc = w.Accordion(
            children=[w.VBox([why, inner])],
            titles=["Setting up by hand (only when nothing was imported)"],
            selected_index=None,
        )
        acc.add_class("kit-setup")
        return acc

    # ------------------------------------------------------------ loading and live areas
    @property
    def policy(self):
        """The policy the rows are cut with now (the wall hides this session's own SWOT text until the reveal)."""
        return self.session.policy

    def reload(self):
        """Read the session again from the store, cut to the audience."""
        whole = _session.load(self.eng, team_id=self.team_id, session_id=self.session_id)
        pol = self.audience
        reveal = getattr(self._swot_form, "reveal", None)
        if reveal is not None and "swot" not in whole.carried:  # items agreed earlier are not hidden again
            pol = pol.revealed(bool(reveal.value))
        self.session = _audience.cut(whole, pol)
        return self.session

    def refresh(self):
        """After a save: re-load the session and re-draw every table and chart shown so far."""
        self.reload()
        for area, view in self._areas:
            try:
                area.value = view.html()
            except Exception as e:  # one failing area must not stop the others from re-drawing
                area.value = _line(f"Could not draw this after the change: {e}", muted=True)

    def _view(self, name, build):
        return View(self, name, build)

    def _form(self, factory, **kw):
        """A form made with this Workshop's audience, re-drawing the tables after every save."""
        accepted = inspect.signature(factory).parameters
        extra = dict(audience=self.audience, on_change=self.refresh)
        kw.update({k: v for k, v in extra.items() if k in accepted})
        kw = {k: v for k, v in kw.items() if k in accepted or k in ("session_id",)}
        return factory(self.eng, **kw)

    # ------------------------------------------------------------ words
    @property
    def manager_view(self):
        return self.audience.individuals

    def _money(self, x):
        return fmt.money(x, self.session.currency)

    def _session_words(self, row):
        return f"{_KINDS.get(row['kind'], row['kind'])}, {fmt.date(row['date'])}"

    def _agreed(self, table):
        c = self.session.carried.get(table)
        if not c:
            return None
        kind = self.session.sessions.set_index("session_id")["kind"].get(c["session_id"], "")
        return f"As agreed at the session of {fmt.date(c['date'])} ({_KINDS.get(kind, kind).lower()})."

    def _repr_html_(self):
        s = self.session
        kind = "Kickoff workshop" if s.kind == "kickoff" else "Review meeting"
        since = (
            f" · compared with the {s.previous['kind']} of {fmt.date(s.previous['date'])}"
            if s.previous is not None
            else ""
        )
        who = (
            "Manager's view: individual results shown, do not project"
            if self.manager_view
            else "Shown to the room: team figures only"
        )
        return (
            f"<div style='font-size:18px;padding:6px 10px;border-left:5px solid #0173b2;background:#f3f7fb'>"
            f"<b>{html.escape(str(s.team['name']))}</b> · {kind} on {html.escape(fmt.date(s.date))}{since} · "
            f"{fmt.plural(len(s.sellers), 'seller')}, annual target "
            f"{html.escape(self._money(s.team['annual_target']))}"
            f"<div style='font-size:13px;color:#5b6675'>{html.escape(who)}</div></div>"
        )

    def __repr__(self):
        s = self.session
        return f"<Workshop {s.team['name']} · {s.kind} {s.date} · {s.session_id} · {self.audience.name}>"

    # ------------------------------------------------------------ step 0: the team and the pulse
    def overview(self):
        """Who is in the team, with role, territory and annual quota."""

        def build():
            m = self.session.members.sort_values(["role", "name"])  # the manager first
            return Table(
                pd.DataFrame(
                    {
                        "Name": m["name"],
                        "Role": m["role"].map(_ROLES),
                        "Territory": m["territory"],
                        "Annual quota": [q if r == "seller" else None for q, r in zip(m["annual_quota"], m["role"])],
                    }
                ),
                {"Annual quota": self._money},
            )

        return self._view("overview", build)

    def pulse_form(self, phase="opening"):
        """One answer per person, anonymous by default: at the opening, or (``phase='closing'``) at the end."""
        from .forms import pulse_form

        return self._form(pulse_form, session_id=self.session_id, phase=phase)

    def pulse_chart(self, phase="opening"):
        """The pulse of one phase: answers per level and where the team places itself."""

        def build():
            p = self.session.pulse(phase)
            if p.empty:
                return Note("No answers yet: they appear here as people answer.")
            mean = accountability.pulse_mean(p)
            return charts.pulse(accountability.pulse_distribution(p), mean=mean, words=accountability.pulse_words(mean))

        return self._view(f"pulse-{phase}", build)

    def pulse_compare(self):
        """The opening and the closing pulse side by side: answers per level and the average of each."""

        def build():
            s = self.session
            opening, closing = s.pulse("opening"), s.pulse("closing")
            dist = {
                ph: accountability.pulse_distribution(p)["answers"].tolist()
                for ph, p in (("opening", opening), ("closing", closing))
            }
            rows = pd.DataFrame(
                {
                    "Where is our team today?": [f"{k} {v}" for k, v in PULSE_LEVELS.items()],
                    "At the start": dist["opening"],
                    "At the end": dist["closing"],
                }
            )
            means = pd.DataFrame(
                {
                    "Where is our team today?": ["Average (of 5)"],
                    "At the start": [accountability.pulse_mean(opening)],
                    "At the end": [accountability.pulse_mean(closing)],
                }
            )
            table = Table(
                pd.concat([rows, means], ignore_index=True).astype({"At the start": float, "At the end": float}),
                {"At the start": _count_or_mean, "At the end": _count_or_mean},
            )
            said = f"{fmt.plural(len(opening), 'person', 'people')} answered at the start, {len(closing)} at the end."
            if closing.empty:
                said += " Ask the closing question with the form above."
            return [Note(said), table]

        return self._view("pulse-compare", build)

    def pulse_trend(self):
        """The opening pulse at each of the team's sessions so far: answers, average and what it means."""

        def build():
            s = self.session
            rows = []
            upto = s.sessions[s.sessions["date"] <= s.date]
            for r in upto.itertuples():
                if r.session_id == s.session_id:
                    p = s.pulse("opening")
                else:
                    p = _audience.cut_table("pulse", self.eng.pulse(session_id=r.session_id), self.policy)
                    p = p[p["phase"].fillna(PULSE_PHASES[0]) == PULSE_PHASES[0]] if len(p) else p
                mean = accountability.pulse_mean(p)
                rows.append(
                    {
                        "Session": self._session_words(r._asdict()),
                        "Answers": len(p),
                        "Average (of 5)": mean,
                        "Where the team places itself": accountability.pulse_words(mean) if len(p) else None,
                    }
                )
            return Table(
                pd.DataFrame(rows),
                {"Answers": fmt.count, "Average (of 5)": lambda x: fmt.num(x, 1)},
                caption="The opening pulse, session by session:",
            )

        return self._view("pulse-trend", build)

    # ------------------------------------------------------------ step 1: goals and commitments
    def goal_form(self):
        from .forms import goal_form

        return self._form(goal_form, session_id=self.session_id)

    def commitment_form(self):
        from .forms import commitment_form

        return self._form(commitment_form, session_id=self.session_id)

    def goals_agreed(self):
        """At a review: the goals agreed at the earlier session (listed under the goal form), as carried."""

        def build():
            s = self.session
            g = s.rows["goals"]
            said = self._agreed("goals")
            if said is None:
                return (
                    None
                    if len(g)
                    else Note("No goals yet: each seller's goals appear under the form as they are saved.")
                )
            shared = int(g["shared"].sum()) if "shared" in g else len(g)
            return Note(
                f"{said} {fmt.plural(len(g), 'goal')} carry into this review, {shared} of them shared with "
                "the team; a seller who sets a new goal today adds it with the form."
            )

        return self._view("goals-agreed", build)

    def goals_by_category(self):
        """How many goals fall in each category; goals not shared with this audience are counted apart."""

        def build():
            g = self.session.rows["goals"]
            shown = _audience.visible_goals(g)
            counts = (
                goals.goals_by_category(shown)
                if len(shown)
                else pd.DataFrame({"category": ["financial", "career", "personal", "learning", "other"], "goals": 0})
            )
            data = pd.DataFrame({"Kind of goal": counts["category"].str.capitalize(), "Goals": counts["goals"]})
            hidden = len(g) - len(shown)
            if hidden:
                data.loc[len(data)] = ["Not shared with the room", hidden]
            return Table(data, {"Goals": fmt.count})

        return self._view("goals-by-category", build)

    def commitments_vs_target(self):
        """All sellers' commitments together, the team's target and the gap (each seller's commitment is listed under
        the commitment form and drawn in the chart)."""

        def build():
            s = self.session
            c = s.commitments()
            if c.empty:
                return Note("No commitments yet: they appear here as each seller's commitment is saved.")
            gap = s.commitment_gap()
            rows = [
                (f"All {fmt.plural(len(c), 'seller')} together", s.commitment_total()),
                ("The team's target", float(s.team["annual_target"])),
                ("Short of the target" if gap > 0 else "Above the target", abs(gap)),
            ]
            return Table(pd.DataFrame(rows, columns=["", "Annual commitment"]), {"Annual commitment": self._money})

        return self._view("commitments", build)

    def commitments_chart(self):
        def build():
            s = self.session
            c = s.commitments()
            if c.empty:
                return None
            return charts.commitments(c, target=float(s.team["annual_target"]), names=s.names())

        return self._view("commitments-chart", build)

    def funnel(self):
        """What each commitment takes: deals, opportunities, first meetings a week and pipeline open at any time."""

        def build():
            s = self.session
            c = s.commitments()
            if c.empty:
                return None
            f = goals.funnel(c)
            data = pd.DataFrame(
                {
                    "Seller": f["member_id"].map(s.names()),
                    "Annual commitment": f["annual_commitment"],
                    "Average deal": f["avg_deal_size"],
                    "Win rate": f["win_rate"],
                    "Sales cycle": f["sales_cycle_days"],
                    "Deals needed": f["deals_needed"],
                    "Opportunities needed": f["opportunities_needed"],
                    "Opportunities a week": f["opportunities_per_week"],
                    "First meetings a week": f["meetings_per_week"],
                    "Pipeline open at any time": f["pipeline_needed"],
                }
            ).sort_values("Seller")
            one = lambda x: fmt.num(x, 1)  # noqa: E731
            return Table(
                data,
                {
                    "Annual commitment": self._money,
                    "Average deal": self._money,
                    "Win rate": fmt.pct,
                    "Sales cycle": lambda x: fmt.plural(int(x), "day"),
                    "Deals needed": fmt.count,
                    "Opportunities needed": fmt.count,
                    "Opportunities a week": one,
                    "First meetings a week": one,
                    "Pipeline open at any time": self._money,
                },
            )

        return self._view("funnel", build)

    # ------------------------------------------------------------ step 2: SWOT
    def swot_item_form(self):
        from .forms import swot_item_form

        form = self._form(swot_item_form, session_id=self.session_id)
        reveal = getattr(form, "reveal", None)
        if reveal is not None:
            if len(self.session.own["swot_votes"]):  # the room has voted, so it has seen the items
                reveal.value = True
            self._swot_form = form
            reveal.observe(lambda _: self.refresh(), names="value")
            self.refresh()
        return form

    def swot_vote_form(self):
        from .forms import swot_vote_form

        kw = {"reveal": self._swot_form} if self._swot_form is not None else {}
        self._voting = True  # its list is the ranking, updated as dots are placed
        return self._form(swot_vote_form, session_id=self.session_id, **kw)

    def _ranked(self):
        """The SWOT ranked; empty while this session's items are hidden until the reveal (nothing to show yet)."""
        s = self.session
        if not s.policy.reveal:
            return s.rows["swot"].iloc[0:0].assign(votes=0, rank=0, tied=False)
        return swot.priorities(s.rows["swot"], votes=s.rows["swot_votes"])

    def swot_priorities(self, top=None):
        """Items ranked by dots (items with the same dots share a rank, written 1=), with quadrant and control; the
        top priority, or the tie for it, in words. Under a vote form of this session the ranking is the form's list,
        so only the words are shown."""

        def build():
            p = self._ranked()
            if p.empty and not self.session.policy.reveal:
                return Note("The items are hidden until the reveal: the priorities appear here once they are shown.")
            if p.empty:
                return Note("No SWOT items yet: they appear here once the room has named them.")
            if top:
                p = p.head(top)
            data = pd.DataFrame(
                {
                    "Rank": [swot.rank_label(r, t) for r, t in zip(p["rank"], p["tied"])],
                    "Quadrant": p["quadrant"].map(swot.QUADRANTS),
                    "Item": p["text"],
                    "Dots": p["votes"],
                    "Within whose control": p["control"].map(_CONTROL),
                }
            )
            parts = [Note(self._agreed("swot"))] if self._agreed("swot") else []
            first = swot.top_priorities(p)
            if len(first) > 1 and first["votes"].iloc[0] > 0:
                parts.append(
                    Note(
                        f"A {_count_words(len(first))}-way tie for the top priority, "
                        f"{fmt.plural(int(first['votes'].iloc[0]), 'dot')} each: decide together which "
                        "comes first, or take them all."
                    )
                )
            elif first["votes"].iloc[0] > 0:
                parts.append(
                    Note(f"Top priority: {first['text'].iloc[0]} ({fmt.plural(int(first['votes'].iloc[0]), 'dot')}).")
                )
            if self._voting and "swot" not in self.session.carried:
                return parts  # the vote form lists this ranking as the dots come in: not shown twice
            return parts + [Table(data, {"Dots": fmt.count})]

        return self._view("swot-priorities", build)

    def swot_chart(self):
        def build():
            p = self._ranked()
            return None if p.empty else charts.swot_votes(p)

        return self._view("swot-chart", build)

    def swot_control(self):
        """How many items per quadrant are within the team's control, one person's, or outside it."""

        def build():
            items = self.session.rows["swot"]
            if items.empty:
                return None
            t = swot.control_split(items)
            data = pd.DataFrame(
                {
                    "Quadrant": [swot.QUADRANTS[q] for q in t.index],
                    "Within the team's control": t["team"].values,
                    "Within one person's control": t["individual"].values,
                    "Outside our control": t["external"].values,
                }
            )
            return Table(data, {c: fmt.count for c in data.columns[1:]}, caption="Within our control or not:")

        return self._view("swot-control", build)

    def swot_strategies(self, top=2, show=6):
        """The ``show`` best candidate strategies pairing the top items of each quadrant (SO, WO, ST, WT)."""

        def build():
            p = self._ranked()
            if p.empty:
                return None
            st = swot.strategies(p, top=top).head(show)
            if st.empty:
                return Note(
                    "Strategies pair items across quadrants: name strengths, weaknesses, opportunities "
                    "and threats first."
                )
            return Table(
                pd.DataFrame(
                    {
                        "Pairing": st["kind"].map(_PAIRS),
                        "Candidate strategy": st["strategy"],
                        "Dots behind it": st["votes"],
                    }
                ),
                {"Dots behind it": fmt.count},
            )

        return self._view("swot-strategies", build)

    # ------------------------------------------------------------ step 3: KPIs
    def catalogue(self):
        from .forms import catalogue_browser

        return catalogue_browser(self.eng)

    def kpi_vote_form(self):
        from .forms import kpi_vote_form

        return self._form(kpi_vote_form, session_id=self.session_id)

    def _tally(self):
        return kpis.tally(self.session.rows["kpi_votes"], catalog=self.session.catalog)

    def kpi_tally(self):
        """Dots per KPI, how many people chose it, and its share of all dots."""

        def build():
            t = self._tally()
            c = self.session.carried.get("kpis")
            if t.empty and c:
                return Note(
                    f"No KPI vote at this session: the KPIs chosen at the session of {fmt.date(c['date'])} "
                    "are in force (below)."
                )
            if t.empty:
                return Note("No votes yet: the tally appears here as people vote.")
            return Table(
                pd.DataFrame(
                    {
                        "KPI": t["name"],
                        "Leading or lagging": t["kind"],
                        "Dots": t["dots"],
                        "People who chose it": t["voters"],
                        "Share of the dots": t["share"],
                    }
                ),
                {"Dots": fmt.count, "People who chose it": fmt.count, "Share of the dots": fmt.pct},
            )

        return self._view("kpi-tally", build)

    def kpi_votes_chart(self):
        def build():
            t = self._tally()
            return None if t.empty else charts.kpi_votes(t)

        return self._view("kpi-votes-chart", build)

    def kpi_selection_form(self):
        from .forms import selection_form

        return self._form(selection_form, session_id=self.session_id)

    def _selection(self):
        s = self.session
        return kpis.selection(s.kpis_in_force, catalog=s.catalog)

    def kpi_selection(self):
        """The KPIs in force for this session (chosen now, or at the latest earlier session), per scope."""

        def build():
            sel = self._selection()
            if sel.empty:
                return Note("No KPIs selected yet: they appear here as they are saved.")
            cur = self.session.currency
            data = pd.DataFrame(
                {
                    "For": [_scope(x) for x in sel["scope"]],
                    "KPI": sel["name"],
                    "Target": [fmt.measure(v, u, cur) for v, u in zip(sel["target"], sel["unit"])],
                    "Per": sel["period"],
                    "Leading or lagging": sel["kind"],
                    "Better when": sel["direction"].map({"higher": "higher", "lower": "lower"}),
                }
            )
            c = self.session.carried.get("kpis")
            caption = f"In force since the session of {fmt.date(c['date'])}." if c else None
            return Table(data, caption=caption)

        return self._view("kpi-selection", build)

    def kpi_balance(self):
        """Per scope: how many KPIs, leading and lagging, and whether it keeps to the advice (three to five)."""

        def build():
            s = self.session
            if s.kpis_in_force.empty:
                return None
            a = kpis.selection_advice(s.kpis_in_force, catalog=s.catalog)
            lo, hi = KPI_ADVICE
            advice = [
                "Within the advice" if lo <= n <= hi else (f"Add {lo - n}" if n < lo else f"Drop {n - hi}")
                for n in a["kpis"]
            ]
            return Table(
                pd.DataFrame(
                    {
                        "For": [_scope(x) for x in a["scope"]],
                        "KPIs": a["kpis"],
                        "Leading": a["leading"],
                        "Lagging": a["lagging"],
                        f"{span_words(KPI_ADVICE).capitalize()} per scope": advice,
                    }
                ),
                {"KPIs": fmt.count, "Leading": fmt.count, "Lagging": fmt.count},
            )

        return self._view("kpi-balance", build)

    def _attainment(self):
        return self.session.latest_attainment()

    def attainment(self):
        """Latest actual against target on the KPIs in force: per KPI for the room (how many sellers at or above
        target, on the way, below 80%), per seller in the manager's view."""

        def build():
            a = self._attainment()
            if a.empty:
                return Note("No results reported yet: attainment shows at a review, once KPI actuals are in.")
            unit = dict(zip(self._selection()["kpi_id"], self._selection()["unit"]))
            cur = self.session.currency
            if self.manager_view:
                a = a.sort_values(["name", "kpi"])
                data = pd.DataFrame(
                    {
                        "Seller": a["name"],
                        "KPI": a["kpi"],
                        "Period ending": a["period_end"].map(fmt.date),
                        "Actual": [fmt.measure(v, unit.get(k), cur) for v, k in zip(a["value"], a["kpi_id"])],
                        "Target": [fmt.measure(v, unit.get(k), cur) for v, k in zip(a["target"], a["kpi_id"])],
                        "Attainment": a["attainment"],
                        "Status": a["status"].map(_KPI_STATUS),
                    }
                )
                return Table(data, {"Attainment": fmt.pct})
            rows = []
            for kpi, g in a.groupby("kpi", sort=True):
                st = g["status"].value_counts()
                rows.append(
                    {
                        "KPI": kpi,
                        "Sellers measured": len(g),
                        "Team attainment": g["attainment"].mean(),
                        "At or above target": int(st.get("win", 0)),
                        "On the way": int(st.get("on the way", 0)),
                        "Below 80%": int(st.get("shortfall", 0)),
                    }
                )
            return [
                Note(INDIVIDUAL_RESULTS),
                Table(
                    pd.DataFrame(rows),
                    {
                        "Sellers measured": fmt.count,
                        "Team attainment": fmt.pct,
                        "At or above target": fmt.count,
                        "On the way": fmt.count,
                        "Below 80%": fmt.count,
                    },
                ),
            ]

        return self._view("attainment", build)

    def attainment_chart(self):
        def build():
            a = self._attainment()
            return None if a.empty else charts.attainment(a, by="kpi")

        return self._view("attainment-chart", build)

    # ------------------------------------------------------------ step 4: role play
    def scorer(self, rubric_id="discovery_call"):
        from .forms import scorer

        return self._form(scorer, session_id=self.session_id, rubric_id=rubric_id)

    def _ratings(self):
        return self.session.rows["roleplay"]

    def roleplay_scores(self):
        """The team's role-play figures; each seller's score, self score and self gap in the manager's view."""

        def build():
            rp, s = self._ratings(), self.session
            if rp.empty:
                return Note("No ratings yet: the results appear here as calls are scored.")
            sc = roleplay.seller_scores(rp, rubrics=s.rubrics)
            if self.manager_view:
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
                    }
                ),
                {"Others' ratings": _two, "Self ratings": _two, "Rater agreement (α)": _two},
                caption="The team's coaching focus: the criteria others scored lowest (1 to 5), with how "
                "far raters agree on each (1 full agreement, 0 chance):",
            )

        return self._view("coaching-focus", build)

    def criteria_chart(self):
        def build():
            rp = self._ratings()
            return None if rp.empty else charts.criteria(roleplay.criterion_means(rp, rubrics=self.session.rubrics))

        return self._view("criteria-chart", build)

    def blind_spots_chart(self):
        """Each seller's self rating against others' per criterion (the manager's view only)."""

        def build():
            if not self.manager_view:
                return None
            s = self.session
            spots = roleplay.blind_spots(self._ratings())
            if spots.empty:
                return Note("Blind spots need both self ratings and others' ratings.")
            crit = {c["id"]: c["name"] for spec in s.rubrics.values() for c in spec["criteria"]}
            return [
                Note("Blind spots: red where a seller rates themself higher than others do."),
                charts.blind_spots(spots, names=s.names(), criteria_names=crit),
            ]

        return self._view("blind-spots", build)

    def leniency(self):
        """Each rater's mean offset from the other raters on the same calls (the manager's view only)."""

        def build():
            if not self.manager_view:
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
            if not self.manager_view:
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
            a = roleplay.alpha(self._ratings())
            if a != a:
                return Note("Rater agreement: too few overlapping ratings to say yet.")
            words = (
                "good"
                if a >= 0.8
                else "fair: agree together what a 3 and a 5 look like"
                if a >= 0.667
                else "low: agree together what a 3 and a 5 look like before the next call"
            )
            return Note(f"Raters agree at α = {a:.2f} (1 full agreement, 0 chance): {words}.")

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
            if self.manager_view:
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

    # ------------------------------------------------------------ step 5: accountability
    def action_form(self):
        from .forms import action_form

        return self._form(action_form, session_id=self.session_id)

    def leader_form(self):
        from .forms import leader_form

        return self._form(leader_form, session_id=self.session_id)

    def action_summary(self):
        """At a review, the actions agreed earlier: how many are done, open (and overdue), dropped, as the report
        counts them; the overdue ones by name. The open ones are listed, with how long they have been open, under
        the action form."""

        def build():
            s = self.session
            earlier = s.actions("earlier")
            if s.previous is None or earlier.empty:
                return None
            n = s.action_counts("earlier")
            parts = [
                Note(
                    f"Actions from earlier sessions: {n['done']} done, {n['open']} open ({n['overdue']} "
                    f"overdue), {n['dropped']} dropped."
                )
            ]
            for r in accountability.overdue(earlier, as_of=s.date).itertuples():
                late = (pd.Timestamp(s.date) - pd.Timestamp(r.due)).days
                parts.append(
                    Note(
                        f"Overdue: {s.name(r.owner_id)}: {r.action} (due {fmt.date(r.due)}, "
                        f"{fmt.plural(late, 'day')} ago)."
                    )
                )
            return parts

        return self._view("action-summary", build)

    def actions_by_owner(self):
        """Actions per owner and status, agreed at this session or earlier; the manager's own first."""

        def build():
            s = self.session
            a = s.actions("all")
            if a.empty:
                return Note("No actions yet: they appear here as they are saved.")
            role = dict(zip(s.members["member_id"], s.members["role"]))
            t = pd.crosstab(a["owner_id"], a["status"]).reindex(columns=list(_STATUS), fill_value=0).reset_index()
            t["order"] = t["owner_id"].map(lambda m: 0 if role.get(m) == "manager" else 1)
            t["name"] = t["owner_id"].map(s.name)
            t = t.sort_values(["order", "name"])
            data = pd.DataFrame(
                {
                    "Owner": t["name"],
                    "Role": t["owner_id"].map(role).map(_ROLES),
                    **{label: t[k].values for k, label in _STATUS.items()},
                }
            )
            return Table(
                data,
                {label: fmt.count for label in _STATUS.values()},
                caption="Actions per owner, agreed at this session or earlier:" if s.previous is not None else None,
            )

        return self._view("actions-by-owner", build)

    def overdue(self, as_of=None):
        """Open actions, from any session so far, due before ``as_of`` (default: this session's date)."""

        def build():
            s = self.session
            when = as_of or s.date
            late = accountability.overdue(s.actions("all"), as_of=when)
            if late.empty:
                return Note("Nothing overdue.")
            days = [(pd.Timestamp(when) - pd.Timestamp(d)).days for d in late["due"]]
            data = pd.DataFrame(
                {
                    "Owner": late["owner_id"].map(s.name),
                    "Action": late["action"],
                    "Was due": late["due"].map(fmt.date),
                    "Agreed": late["agreed"].map(fmt.date),
                    "Days overdue": days,
                }
            )
            return Table(data, {"Days overdue": fmt.count}, caption="Open and past due:")

        return self._view("overdue", build)

    def next_leader(self):
        """The name of who leads the next meeting in the rotation (None for a team without members)."""
        nxt = self.session.next_leader
        return self.session.name(nxt) if nxt else None


def _two(x):
    return fmt.num(x, 2)


def _count_or_mean(x):
    return fmt.count(x) if float(x).is_integer() else fmt.num(x, 1)


def _scope(scope):
    return "The whole team" if scope == "team" else str(scope)


def _count_words(n):
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return words[n] if n < len(words) else str(n)


def workshop(engagement, team_id, session_id, audience="wall"):
    """Open a team-session of an engagement's store (a path or an open Engagement) for ``audience``."""
    eng = engagement if isinstance(engagement, Engagement) else Engagement(engagement)
    return Workshop(eng, team_id, session_id, audience=audience)
