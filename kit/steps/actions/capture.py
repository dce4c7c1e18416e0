"""Step 5, commitments and accountability: actions with owners and dates (the manager's too), status
updates, and the next meeting leader in a fair rotation."""

import html

import ipywidgets as w
import pandas as pd

from ... import _format as fmt
from ..._capture import Message, RowForm, _mine, _names, _own, changed, member_options, next_id, register, session_info
from ..._schema import TABLES
from ...errors import KitError
from ...validate import parse_cell
from .model import next_leader

__all__ = ["action_form", "leader_form"]


def _earlier_actions(eng, s):
    """The actions agreed at earlier sessions that are still open (the session model's ``in_view`` list), each
    with ``agreed`` and ``open_days``."""
    from ...session import load

    here = load(eng, team_id=s["team_id"], session_id=s["session_id"])
    a = here.actions("in_view")
    return a[a["carried"]].drop(columns=["carried"]).reset_index(drop=True)


def _ask_options(eng, team_id, names):
    """(label, ask_id) of the team's asks, the open ones first: what a manager's action can answer."""
    a = eng.asks(team_id=team_id)
    a = a.assign(order=a["status"].ne("open")).sort_values(["order", "session_id", "ask_id"])
    return [
        (f"{names.get(r.member_id, r.member_id)}: {str(r.ask)[:50]} ({r.status})", r.ask_id) for r in a.itertuples()
    ]


def action_form(eng, *, session_id, audience="wall", on_change=None, member_id=None):
    """Actions: owner (the manager included), what, by when, the KPI it moves, and its status.

    The list is what a review goes through: this session's actions, then those agreed earlier and still open,
    each with the date it was agreed and how long it has been open. An earlier action's status can be updated
    here (Edit, then done or dropped); its other fields stay as agreed. With ``member_id`` (a participant's own
    page): that person's own actions only, numbered apart from everyone else's (a-<member>-01, ...); the manager's
    own page also says which ask of a seller an action answers.
    """
    s = session_info(eng, session_id)
    cat = eng.kpi_catalog()
    names = _names(eng, s["team_id"])
    m = eng.members(team_id=s["team_id"])
    manager = member_id is not None and member_id in set(m.loc[m["role"] == "manager", "member_id"])

    def listing(df):
        if df.empty:
            return df
        out = pd.DataFrame(
            {
                "Action": df["action"],
                "Owner": df["owner_id"].map(names),
                "Due": [fmt.date(d) for d in df["due"]],
                "KPI it moves": [
                    cat.get(k, {}).get("name", k) if not fmt.blank(k) and k else None for k in df["kpi_id"]
                ],
                "Status": df["status"],
                "Agreed": [
                    f"at the session of {fmt.date(a)}" if c else "this session"
                    for a, c in zip(df["agreed"], df["carried"])
                ],
                "Open for": [
                    fmt.plural(int(d), "day") if c and st == "open" and not fmt.blank(d) else None
                    for d, c, st in zip(df.get("open_days", [None] * len(df)), df["carried"], df["status"])
                ],
            }
        )
        return out if df["carried"].any() else out.drop(columns=["Agreed", "Open for"])

    def label(r):
        text = str(r["action"])
        text = text if len(text) < 40 or member_id else text[:38] + "…"  # one's own page: in full
        parts = ([] if member_id else [names.get(r["owner_id"], "a colleague")]) + [
            text,
            f"due {fmt.date(r['due'])}",
            r["status"],
        ]
        if r.get("carried"):
            parts.append(f"agreed {fmt.date(r.get('agreed'))}")
        return " · ".join(parts)

    return RowForm(
        eng,
        "actions",
        fixed=_mine({"session_id": session_id}, "owner_id", member_id),
        name="action",
        title="Actions" if member_id is None else "My actions",
        fields=[
            c
            for c in ("owner_id", "action", "due", "kpi_id", "status", "for_id", "ask_id", "every_days", "minutes")
            if c != "owner_id" or member_id is None
            # answering an ask, a recurring promise of time: the manager's own
            if c not in ("ask_id", "every_days", "minutes") or member_id is None or manager
        ],
        make_id=next_id("a") if member_id is None else next_id(f"a-{member_id}-"),
        options={
            "owner_id": member_options(eng, s["team_id"]),
            "kpi_id": [("(none)", "")] + [(spec["name"], k) for k, spec in cat.items()],
            "for_id": member_options(eng, s["team_id"], blank="(nobody in particular)"),
            "ask_id": [("(none)", "")] + _ask_options(eng, s["team_id"], names),
        },
        labels={
            "owner_id": "owner",
            "due": "due by",
            "kpi_id": "KPI it moves",
            "for_id": "for (a seller, a partner)",
            "ask_id": "answers the ask",
            "every_days": "repeats every (days)",
            "minutes": "minutes each time",
        },
        listing=listing if member_id is None else False,  # one's own actions: the entries say it all
        entries_title="Actions" if member_id is None else "Your actions",
        label=label,
        earlier=lambda: _own(_earlier_actions(eng, s), "owner_id", member_id),
        earlier_fields=("status",),
        audience=audience,
        on_change=on_change,
    )


class _Leader:
    """The leader form's state: kept current by the other forms of the notebook (see ``changed``)."""

    def __init__(self, eng, s, on_change):
        self.eng, self.s, self.on_change = eng, s, on_change
        style = {"description_width": "120px"}
        self.message = Message()
        self.proposal = w.HTML()
        self.later = w.Dropdown(description="For session", style=style)
        self.later.add_class("kit-leader-session")
        self.when = w.DatePicker(description="Next meeting", style=style)  # the device's own date picker
        self.when.add_class("kit-leader-date")
        self.who = w.Dropdown(options=member_options(eng, s["team_id"]), description="Leader", style=style)
        self.who.add_class("kit-leader-who")
        self.button = w.Button(description="Record leader", button_style="primary", icon="check")
        self.button.add_class("kit-leader-submit")
        self.button.on_click(lambda _: self.record())

    def refresh(self):
        eng, s = self.eng, self.s
        sessions = eng.sessions(team_id=s["team_id"])
        nxt = next_leader(sessions, eng.members(team_id=s["team_id"]), team_id=s["team_id"], as_of=s["date"])
        names = _names(eng, s["team_id"])
        future = sessions[sessions["date"] > s["date"]].sort_values(["date", "session_id"])
        # a blank leader_id is NaN or None: no leader recorded, never a name
        recorded = [r.leader_id if isinstance(r.leader_id, str) and r.leader_id else None for r in future.itertuples()]
        self.proposal.value = (
            f"<div style='font-size:17px'>Next in the rotation: "
            f"<b>{html.escape(names.get(nxt, '–'))}</b>"
            " (has led the fewest meetings, and longest ago; a meeting without a recorded leader counts for whoever "
            "was proposed for it).</div>"
        )
        if recorded and recorded[0]:  # already recorded: said as such, and kept unless someone changes it
            self.proposal.value += (
                f"<div style='font-size:17px'>Recorded for {fmt.date(future['date'].iloc[0])}: "
                f"<b>{html.escape(names.get(recorded[0], recorded[0]))}</b> leads it.</div>"
            )
            self.who.value = recorded[0]
        elif nxt:
            self.who.value = nxt
        words = [f"led by {names.get(led, led)}" if led else "no leader recorded yet" for led in recorded]
        options = [(f"{fmt.date(r.date)} ({r.kind}, {w})", r.session_id) for r, w in zip(future.itertuples(), words)]
        self.later.options = options or [("(none yet: give the next meeting's date)", None)]
        self.later.value = self.later.options[0][1]
        # no later session yet (every review today): the room records the next meeting right here
        self.later.layout.display = None if options else "none"
        self.when.layout.display = "none" if options else None

    def record(self):
        eng, s = self.eng, self.s
        try:
            if self.later.value is not None:
                eng.update("sessions", {"session_id": self.later.value}, leader_id=self.who.value)
                done = "Leader recorded."
            else:
                when = self.when.value
                if isinstance(when, str):  # a date typed in (a test, a notebook of your own)
                    when, msg = parse_cell(TABLES["sessions"].col("date"), when)
                    if msg:
                        raise KitError(f"next meeting: {self.when.value!r} {msg}")
                if not when:
                    raise KitError("Pick the next meeting's date first.")
                date = str(when)[:10]
                if date <= s["date"]:
                    raise KitError(f"next meeting: {date} is not after this session ({s['date']})")
                taken = set(eng.sessions()["session_id"])
                sid, n = f"{s['team_id']}-{date[:7]}", 2
                while sid in taken:
                    sid, n = f"{s['team_id']}-{date[:7]}-{n}", n + 1
                eng.add(
                    "sessions",
                    dict(session_id=sid, team_id=s["team_id"], date=date, kind="review", leader_id=self.who.value),
                )
                done = f"Next meeting on {fmt.date(date)} added ({sid}), led by {self.who.label}."
        except KitError as e:
            self.message.error(e)
            return False
        self.when.value = None
        self.refresh()
        self.message.ok(done)
        changed(self)
        return True


def leader_form(eng, *, session_id, audience="wall", on_change=None):
    """Propose the next meeting leader (led least, then longest ago) and record it on a later session; when the
    team has no later session yet, give the next meeting's date and it is added (a review) with that leader.

    Returns a VBox; ``.later``, ``.when``, ``.who``, ``.button``, ``.message`` are its parts."""
    s = session_info(eng, session_id)
    form = _Leader(eng, s, on_change)
    form.audience = audience
    form.refresh()
    register(form)
    box = w.VBox([form.proposal, form.later, form.when, form.who, form.button, form.message])
    box.add_class("kit-leader-form")
    box.form = form
    for part in ("later", "when", "who", "button", "message", "refresh", "record"):
        setattr(box, part, getattr(form, part))
    return box
