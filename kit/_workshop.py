"""One team-session of the workshop as the notebooks show it: each method is one step's table, chart or form.

Every table and chart is built from the session (:func:`kit.session.load`) cut to the Workshop's audience
(:func:`kit.audience.cut`), never from the store's rows: under the ``wall`` audience (what the room sees projected)
no private or manager-only goal, no SWOT author and no individual score or comment reaches a cell's output or a
widget's saved state. Figures stay numbers (``View.data``) until a view formats them (:mod:`kit._format`).

A table or chart method returns a :class:`View`. Displayed in a notebook it is a live area: every form the Workshop
makes calls :meth:`Workshop.refresh` after each save, which re-loads the session and re-draws every area.
"""

import html

from . import _format as fmt
from . import audience as _audience
from . import session as _session
from ._store import Engagement

__all__ = ["Workshop", "workshop", "start", "View", "Table", "INDIVIDUAL_RESULTS"]

from ._schema import SESSION_KIND_WORDS
from ._views import _KINDS, INDIVIDUAL_RESULTS, Table, View, _line
from .steps.accounts.notebook import Accounts
from .steps.actions.notebook import Accountability
from .steps.goals.notebook import Goals
from .steps.kpis.notebook import Kpis
from .steps.pulse.notebook import Welcome
from .steps.review.notebook import Review
from .steps.roleplay.notebook import Roleplay
from .steps.swot.notebook import Swot


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


# ---------------------------------------------------------------- the Workshop


class Workshop(Welcome, Goals, Accounts, Swot, Kpis, Roleplay, Accountability, Review):
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

    def __init__(self, eng, team_id, session_id, audience="wall", *, reveal=None):
        self.eng, self.team_id, self.session_id = eng, team_id, session_id
        self.audience = _audience.policy(audience)
        self.reveal = reveal  # the room's SWOT reveal (None: the notebook's Reveal button decides)
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
        reveal = self.reveal if self.reveal is not None else getattr(reveal, "value", None)
        if reveal is not None and "swot" not in whole.carried:  # items agreed earlier are not hidden again
            pol = pol.revealed(bool(reveal))
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
        return factory(self.eng, audience=self.audience, on_change=self.refresh, **kw)

    # ------------------------------------------------------------ words
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
        kind = SESSION_KIND_WORDS[s.kind]
        since = (
            f" · compared with the {s.previous['kind']} of {fmt.date(s.previous['date'])}"
            if s.previous is not None
            else ""
        )
        who = (
            "Manager's view: individual results shown, do not project"
            if self.audience.reads_each_person
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


def workshop(engagement, team_id, session_id, audience="wall"):
    """Open a team-session of an engagement's store (a path or an open Engagement) for ``audience``."""
    eng = engagement if isinstance(engagement, Engagement) else Engagement(engagement)
    return Workshop(eng, team_id, session_id, audience=audience)
