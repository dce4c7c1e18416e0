"""The hub's pages: a seller's, the manager's and the team's, each read for its person (or the team) through the
audience policy before a widget is made from it.

A page reads the session in force as it stands today (:meth:`kit.hub._hub.Hub.session`), cut to ``member(id)`` for
a seller, ``MANAGER`` for the manager, ``TEAM`` for the team's page, so another person's private goal, coaching
note, conversation or a KPI result they did not choose to show never reaches its widgets. Every write checks on the
server, from the store, that the person may make it (their own action, their own ask, a seller of their team), then
re-draws the page; a write refused changes nothing and says why.
"""

import datetime as dt
import hashlib
import html
import logging
import secrets

import ipywidgets as w
import pandas as pd

from .. import _blocks
from .. import _format as fmt
from .._capture import Message, choices, close_widgets
from .._live import say
from .._schema import (
    COACHING_KINDS,
    KIND_WORDS,
    SHARE_WORDS,
    STATUS_WORDS,
    TOPIC_WORDS,
)
from ..audience import MANAGER, TEAM, member
from ..errors import KitError
from ..session._load import sharing_on
from ..steps.goals.model import progress_words
from ..steps.kpis import model as kpis
from ..steps.kpis.section import results_from
from ..steps.review import model as review
from ..steps.review import owed
from ..steps.review import section as review_section

__all__ = ["SellerPage", "ManagerPage", "TeamPage", "page_for"]

log = logging.getLogger("kit.hub")


def _h(text, level=2):
    return w.HTML(f"<h{level} class='kit-hub-h'>{html.escape(text)}</h{level}>")


def _html(markup, cls=None):
    x = w.HTML(markup)
    if cls:
        x.add_class(cls)
    return x


def _blocks_html(blocks):
    return _html("<div class='kit-hub-blocks'>" + "".join(_blocks.html(b) for b in blocks if b) + "</div>")


def _section_html(sec):
    if sec is None:
        return None
    intro = f"<p class='kit-hub-intro'>{html.escape(sec['intro'])}</p>" if sec.get("intro") else ""
    return _html(
        f"<h3 class='kit-hub-h'>{html.escape(sec['title'])}</h3>{intro}<div class='kit-hub-blocks'>"
        + "".join(_blocks.html(b) for b in sec["blocks"])
        + "</div>"
    )


def _button(text, cls, style="primary"):
    b = w.Button(description=text, button_style=style, layout=w.Layout(width="auto"))
    b.add_class(cls)
    b.add_class("kit-room-button")
    return b


def _text(label, placeholder="", *, area=False):
    """A text field with its label (a screen reader says it; the page stacks it above the field)."""
    t = (w.Textarea if area else w.Text)(placeholder=placeholder, description=label, layout=w.Layout(width="100%"))
    t.style.description_width = "initial"
    return t


def _pct(attainment):
    """An attainment as a percentage, or a dash when it has none (a result of 0 on a 'lower is better' KPI)."""
    return fmt.DASH if attainment is None or attainment != attainment else fmt.pct(kpis.shown(attainment))


def _new_id(taken, prefix):
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


class _Page:
    """What every hub page shares: its person, its store handle, its header and message, its re-draw."""

    title = ""

    def __init__(self, hub, *, member_id, token, context=None):
        self.hub, self.member_id, self.token, self.context = hub, member_id, token, context
        self.eng = hub.open()
        m = self.eng.members(team_id=hub.team_id)
        me = m[m["member_id"] == member_id]
        if me.empty:
            raise KitError(f"{member_id!r} is not a member of team {hub.team_id!r}")
        self.name, self.role = str(me.iloc[0]["name"]), str(me.iloc[0]["role"])
        self.header = w.HTML()
        self.message = Message()
        self.body = w.VBox()
        self._boxes = {}  # section name -> its box (see sections)
        end = w.HTML("")
        end.add_class("kit-hub-body-end")  # room under the last button for what a save says, at the screen's foot
        self.widget = w.VBox([self.header, self.message, self.body, end])
        self.widget.add_class("kit-room")
        self.widget.add_class("kit-room-participant")
        self.widget.add_class("kit-hub")
        self.redraw()

    def links(self):
        own, team = f"./?k={self.token}", f"./team?k={self.token}"
        return own, team

    def redraw(self, only=None):
        """Draw the page again from the store: every section, or only the sections named in ``only`` (what a write
        changed: the other sections, and what the person is typing in them, stay as they are)."""
        if only is not None and self._boxes:
            if not only:
                return
            s = self.hub.session(self.eng, self.policy())
            try:
                for name, make in self.sections():
                    if name in only and name in self._boxes:
                        box = self._boxes[name]
                        old = box.children
                        box.children = tuple(x for x in make(s) if x is not None)
                        close_widgets(*old)
                return
            except Exception as e:
                log.error("%s's hub page could not be drawn", self.member_id, exc_info=e)
        close_widgets(*self.body.children)
        self._boxes = {}
        today = self.hub.today()
        nxt = self.hub.upcoming(self.eng)
        nxt_words = f" · next review {fmt.date(nxt['date'])}" if nxt else ""
        self.header.value = (
            "<div class='kit-room-head'>"
            f"<div class='kit-room-who'>{html.escape(self.title_for())}</div>"
            f"<div class='kit-room-step'>{html.escape(str(self.hub.team['name']))} · "
            f"{html.escape(fmt.date(today))}{html.escape(nxt_words)}</div>"
            f"<nav class='kit-hub-nav'>{self.nav()}</nav></div>"
        )
        s = self.hub.session(self.eng, self.policy())
        if s is None:
            first = self.hub.upcoming(self.eng)
            when = f" on {fmt.date(first['date'])}" if first else ""
            self.body.children = (
                say(f"The team's first session is{when or ' not scheduled yet'}: this page fills up after it."),
            )
            return
        try:
            boxes = []
            for name, make in self.sections():
                box = w.VBox([x for x in make(s) if x is not None])
                box.add_class(f"kit-hub-part-{name}")
                self._boxes[name] = box
                boxes.append(box)
            self.body.children = tuple(boxes)
        except Exception as e:  # plain words on the page; the detail (which may name the store) to the console
            log.error("%s's hub page could not be drawn", self.member_id, exc_info=e)
            self.body.children = (say("This page could not be drawn just now: reload it.", colour="#b23c00"),)

    def title_for(self):
        return self.name

    def nav(self):
        own, team = self.links()
        return (
            f"<a href='{html.escape(own)}'>My page</a><a href='{html.escape(team)}'>The team's page</a>"
            f"<a href='{html.escape('./one-pager?k=' + self.token)}' target='_blank' rel='noopener'>"
            f"{'My latest report' if self.role == 'manager' else 'My latest one-pager'}</a>"
        )

    def act(self, write, done, only=None):
        """Run ``write()`` (a store write), say ``done`` (or why nothing was saved), and draw the page again (only the
        sections named in ``only``, when given)."""
        try:
            with self.hub.turn(), self.hub.writing:
                try:
                    said = write()
                finally:
                    self.hub.wrote()
        except KitError as e:
            self.message.error(e)
            return False
        self.redraw(only)
        self.message.ok(said or done)
        return True

    def policy(self):
        raise NotImplementedError

    def _name(self, member_id):
        """A member's name, read from the store (a write's message names whom it concerns)."""
        m = self.eng.members(member_id=member_id)
        return str(m.iloc[0]["name"]) if len(m) else member_id

    def sections(self):
        """The page's sections in order: (name, function(session) -> widgets)."""
        raise NotImplementedError

    def close(self):
        self.hub.unregister(self)
        self.eng.close()

    # ------------------------------------------------------------ shared parts
    def _actions_list(self, s, owner, *, heading, empty):
        """``owner``'s open actions, oldest due first, each with a line and Done / Dropped; then those done or dropped
        since the last session, each with Open again."""
        a = s.rows["actions"]
        mine = a[a["owner_id"] == owner].sort_values(["due", "action_id"])
        open_ = mine[mine["status"] == "open"]
        out = [_h(heading)]
        if open_.empty:
            out.append(say(empty, colour="#5b6675"))
        for r in open_.itertuples():
            late = (dt.date.fromisoformat(s.today) - dt.date.fromisoformat(str(r.due))).days
            when = f"due {fmt.date(r.due)}" + (f", {fmt.plural(late, 'day')} overdue" if late > 0 else "")
            who = f" · for {s.name(r.for_id)}" if isinstance(r.for_id, str) and r.for_id else ""
            note = _text("A line about it (optional; the team reads it at the review)", "e.g. sent on Friday")
            done, drop = _button("Done", "kit-hub-done", "success"), _button("Dropped", "kit-hub-drop", "")
            key = {"session_id": r.session_id, "action_id": r.action_id}
            done.on_click(lambda _, k=key, n=note: self._set_status(k, "done", n.value))
            drop.on_click(lambda _, k=key, n=note: self._set_status(k, "dropped", n.value))
            box = w.VBox(
                [
                    _html(
                        f"<div class='kit-room-item'><b>{html.escape(str(r.action))}</b><br>"
                        f"<span class='kit-room-muted'>{html.escape(when + who)}</span></div>"
                    ),
                    note,
                    w.HBox([done, drop]),
                ]
            )
            box.add_class("kit-room-entry")
            box.add_class("kit-hub-action")
            out.append(box)
        since = s.date
        closed = mine[(mine["status"] != "open") & mine["changed"].notna()]
        pairs = s.rows["partners"]
        partners = set(pairs.loc[pairs["member_id"] == owner, "partner_id"]) if len(pairs) else set()
        closed = closed[~closed["for_id"].isin(partners)]  # check-ins: counted in their own part
        closed = closed[closed["changed"] >= since] if len(closed) else closed
        if len(closed):
            out.append(_h("Done or dropped since the last session", 3))
        for r in closed.itertuples():
            again = _button("Open again", "kit-hub-reopen", "")
            again.on_click(
                lambda _, k={"session_id": r.session_id, "action_id": r.action_id}: self._set_status(k, "open", None)
            )
            said = f"{STATUS_WORDS[r.status]} {fmt.date(r.changed)}" + (
                f": {r.note}" if isinstance(r.note, str) and r.note else ""
            )
            line = w.HBox(
                [
                    _html(
                        f"<div class='kit-room-item'>{html.escape(str(r.action))}<br>"
                        f"<span class='kit-room-muted'>{html.escape(said)}</span></div>"
                    ),
                    again,
                ]
            )
            line.add_class("kit-room-entry")
            out.append(line)
        return out

    def _writable_today(self):
        """Refuses a write dated on the day of the session in force: what happens that day belongs to the session (its
        documents show it), so it is recorded in the session's notebook; the hub records from the next day."""
        info = self.hub.in_force(self.eng)
        if info is not None and info["date"] == self.hub.today():
            raise KitError(
                f"Today is the day of the team's session ({fmt.date(info['date'])}): what happens today belongs to it. "
                "Record it in the session's notebook (06), or here from tomorrow."
            )
        return info

    def _set_status(self, key, status, note):
        def write():
            self._writable_today()
            row = self.eng.table("actions", **key)
            if row.empty or row.iloc[0]["owner_id"] != self.member_id:  # only one's own, checked in the store
                raise KitError("This is not one of your actions any more: reload the page.")
            self.eng.update(
                "actions", key, status=status, changed_on=self.hub.today(), change_note=(note or "").strip() or None
            )
            return {"done": "Marked done.", "dropped": "Marked dropped.", "open": "Open again."}[status]

        self.act(write, "Saved.", only=("actions", "owed"))


class SellerPage(_Page):
    """A seller's own page: their actions, check-ins, goals, numbers, asks, and whom they show their numbers to."""

    def policy(self):
        return member(self.member_id)

    def sections(self):
        return [
            ("actions", self._actions),
            ("checkin", self._checkin),
            ("manager", self._from_manager),
            ("rate", self._rate),
            ("numbers", self._numbers),
            ("goals", self._goals),
            ("asks", self._asks),
            ("sharing", self._sharing),
        ]

    def _actions(self, s):
        return self._actions_list(
            s,
            self.member_id,
            heading="Your actions",
            empty="No open action: well done. New ones come from the next review.",
        )

    # ---- the partner check-in
    def _checkin(self, s):
        p = s.rows["partners"]
        mine = p[p["member_id"] == self.member_id]
        out = [_h("Your partner check-in")]
        if mine.empty:
            return out + [say("No accountability partner is recorded for you yet: it is set at a review.")]
        partner = mine.iloc[0]["partner_id"]
        a = s.rows["actions"]
        pair = {(self.member_id, partner), (partner, self.member_id)}
        ins = a[
            pd.Series([(o, f) in pair for o, f in zip(a["owner_id"], a["for_id"])], index=a.index)
            & (a["status"] == "done")
        ]
        ins = ins[(ins["due"] >= s.date) & (ins["due"] <= s.today)] if len(ins) else ins
        last = f" The last: {fmt.date(ins['due'].max())}." if len(ins) else ""
        out.append(
            say(
                f"Your partner is {s.name(partner)}. Check-ins since the last session: {len(ins)}.{last}",
                colour="#44505f",
            )
        )
        day = w.DatePicker(description="The day you checked in", value=dt.date.fromisoformat(s.today))
        day.style.description_width = "initial"
        day.add_class("kit-hub-checkin-date")
        line = _text("What you went through, in a line (the team sees it)", area=True)
        line.add_class("kit-hub-checkin-line")
        record = _button("Record the check-in", "kit-hub-checkin")
        record.on_click(lambda _: self._record_checkin(partner, day.value, line.value))
        return out + [day, line, record]

    def _record_checkin(self, partner, day, line):
        def write():
            info = self.hub.in_force(self.eng)
            when = day.isoformat() if day else None
            if when is None or not (info["date"] < when <= self.hub.today()):
                raise KitError(
                    f"Pick the day of the check-in: after the last session ({fmt.date(info['date'])}), up to today."
                )
            acts = self.eng.actions(team_id=self.hub.team_id)  # ids are the team's: an answer names its ask by id
            words = (line or "").strip()
            if not words:
                raise KitError("Write what you went through, in a line: the review reads it.")
            same = acts[(acts["owner_id"] == self.member_id) & (acts["for_id"] == partner) & (acts["due"] == when)]
            if len(same):
                raise KitError(f"Your check-in of {fmt.date(when)} with {self._name(partner)} is recorded already.")
            self.eng.add(
                "actions",
                {
                    "session_id": info["session_id"],
                    "action_id": _new_id(set(acts["action_id"]), "c"),
                    "owner_id": self.member_id,
                    "action": f"Check-in with {self._name(partner)}" + (f": {words}" if words else ""),
                    "due": when,
                    "status": "done",
                    "for_id": partner,
                },
                changed_on=when,
            )
            return f"Check-in with {self._name(partner)} on {fmt.date(when)} recorded."

        self.act(write, "Recorded.", only=("checkin",))

    # ---- what the manager recorded with this seller (theirs and the manager's only: the cut keeps their own rows)
    def _from_manager(self, s):
        c = s.coaching if s.coaching is not None else None
        t = s.conversations if s.conversations is not None else None
        c = c[(c["member_id"] == self.member_id) & (c["date"] > s.date)] if c is not None and len(c) else None
        t = t[(t["member_id"] == self.member_id) & (t["date"] > s.date)] if t is not None and len(t) else None
        if (c is None or c.empty) and (t is None or t.empty):
            return []
        items = []
        for r in c.sort_values("date").itertuples() if c is not None else []:
            note = f": {r.note}" if isinstance(r.note, str) and r.note else ""
            items.append(f"{fmt.date(r.date)} · {KIND_WORDS[r.kind]}, {r.minutes} minutes{note}")
        for r in t.sort_values("date").itertuples() if t is not None else []:
            step = (
                f" Next step: {r.agreed_next_step}."
                if isinstance(r.agreed_next_step, str) and r.agreed_next_step
                else ""
            )
            follow = f" Follow-up on {fmt.date(r.follow_up)}." if isinstance(r.follow_up, str) and r.follow_up else ""
            items.append(f"{fmt.date(r.date)} · a conversation ({TOPIC_WORDS[r.topic]}): {r.summary}{step}{follow}")
        lis = "".join(f"<li>{html.escape(x)}</li>" for x in items)
        return [
            _h("With your manager since the last session"),
            say("Between you and your manager only.", size=14, colour="#5b6675"),
            _html(f"<ul class='kit-hub-with-manager'>{lis}</ul>"),
        ]

    # ---- rating the manager's coaching, anonymously
    def _mark(self, session_id):
        """The store's record that this link rated the coaching of a period (a hash: the store alone names nobody)."""
        return hashlib.sha256(f"rated\n{self.token}\n{session_id}".encode()).hexdigest()

    def _rate(self, s):
        """One anonymous rating a period of the coaching since the last session, once the seller had a one-to-one or
        a joint call in it (one a period, not one an entry: when few sellers were coached, a rating per entry would
        tell whose it is)."""
        c = s.coaching
        if c is None or c.empty or self.eng.hub_rated(self._mark(s.session_id)):
            return []
        c = c[(c["member_id"] == self.member_id) & c["kind"].isin(["one_to_one", "joint_call"]) & (c["date"] > s.date)]
        if c.empty:
            return []
        from ..catalog import coaching_rubric

        kinds = ", ".join(f"{fmt.plural(n, KIND_WORDS[k])}" for k, n in c["kind"].value_counts().sort_index().items())
        out = [
            _h("Rate your coaching"),
            say(
                f"Since the last session ({fmt.date(s.date)}) you had {kinds} with {s.name(c['manager_id'].iloc[-1])}. "
                "How did it go? Once for the period, anonymously: your manager sees the figures at the next review, "
                "only once three of you have rated, and never who rated what.",
                size=15,
                colour="#44505f",
            ),
        ]
        picks = {}
        for crit in coaching_rubric()["criteria"]:
            anchors = "".join(f"<li><b>{k}</b>: {html.escape(str(v))}</li>" for k, v in sorted(crit["anchors"].items()))
            pick = choices([(str(n), n) for n in range(1, 6)], row=True)
            pick.add_class(f"kit-hub-rate-{crit['id']}")
            picks[crit["id"]] = pick
            out += [
                _html(
                    f"<div class='kit-room-criterion'>{html.escape(crit['name'])}</div>"
                    f"<ul class='kit-room-anchors'>{anchors}</ul>"
                ),
                pick,
            ]
        send = _button("Send my rating (anonymous)", "kit-hub-rate")
        send.on_click(lambda _: self._send_rating({k: p.value for k, p in picks.items()}))
        return out + [send]

    def _send_rating(self, scores):
        def write():
            if any(v is None for v in scores.values()):
                raise KitError("Choose a level for each of the four, from 1 to 5.")
            info = self._writable_today()
            rating = secrets.token_hex(8)  # ties this rating's four scores together, and nothing else
            rows = [
                {"session_id": info["session_id"], "rating": rating, "criterion_id": k, "score": int(v)}
                for k, v in scores.items()
            ]
            if not self.eng.rate_once(self._mark(info["session_id"]), rows):
                raise KitError("You rated this period's coaching already.")
            return "Thank you: your rating is in, with nobody's name on it."

        self.act(write, "Sent.", only=("rate",))

    # ---- the numbers
    def _numbers(self, s):
        out = [_h("Your numbers against the team's KPIs")]
        att = s.attainment[s.attainment["member_id"] == self.member_id]
        if len(att):
            latest = att[att["period_end"] == att.groupby("kpi_id")["period_end"].transform("max")]
            rows = [
                [
                    str(r.kpi),
                    kpis.value_words(r, s.catalog, s.currency),
                    kpis.goal_words(r, s.catalog, s.currency),
                    _pct(r.attainment),
                ]
                for r in latest.sort_values("kpi").itertuples()
            ]
            out.append(
                _blocks_html([_blocks.table(["KPI", "Latest", "Target", "Of target"], rows, numeric=["Of target"])])
            )
        else:
            out.append(say("No result of yours is reported yet on the KPIs the team chose.", colour="#5b6675"))
        f = review.rebuilt_funnel(s, member_id=self.member_id)
        if len(f):
            out.append(_blocks_html([review_section.funnel_words(s, f.iloc[0]), results_from(s, brief=True)]))
        # a partner who chose to show theirs to this seller (or to the team)
        p = s.rows["partners"]
        partner = p.loc[p["member_id"] == self.member_id, "partner_id"]
        if len(partner):
            theirs = s.attainment[s.attainment["member_id"] == partner.iloc[0]]
            if len(theirs):
                latest = theirs[theirs["period_end"] == theirs.groupby("kpi_id")["period_end"].transform("max")]
                words = "; ".join(
                    f"{r.kpi} {_pct(r.attainment)} of target" for r in latest.sort_values("kpi").itertuples()
                )
                out.append(say(f"{s.name(partner.iloc[0])} shows you theirs: {words}.", size=15))
        return out

    # ---- the goals
    def _goals(self, s):
        g = s.rows["goals"]
        g = g[g["member_id"] == self.member_id]
        out = [_h("Your goals")]
        if g.empty:
            return out + [say("No goal of yours is recorded yet.", colour="#5b6675")]
        items = "".join(
            f"<li>{html.escape(str(r.goal))} <span class='kit-room-muted'>({html.escape(progress_words(r.progress))};"
            f" {html.escape(_shared_words(r.visibility))})</span></li>"
            for r in g.itertuples()
        )
        return out + [
            _html(f"<ul class='kit-hub-goals'>{items}</ul>"),
            say("You mark how each stands at the next review.", size=14, colour="#5b6675"),
        ]

    # ---- the asks
    def _asks(self, s):
        out = [_h("Your asks of your manager")]
        q = s.rows["asks"]
        q = q[q["member_id"] == self.member_id]
        a = s.rows["actions"]
        answers = a[a["ask_id"].notna() & (a["owner_id"] == s.manager_id)] if len(a) else a
        items = []
        for r in q.sort_values(["status", "session_id", "ask_id"]).itertuples():
            ans = answers[answers["ask_id"] == r.ask_id]
            said = "; ".join(f"{x.action} ({STATUS_WORDS[x.status]}, due {fmt.date(x.due)})" for x in ans.itertuples())
            items.append(
                f"<li>{html.escape(str(r.ask))} <span class='kit-room-muted'>({STATUS_WORDS[r.status]})</span>"
                + (
                    f"<br>Your manager: {html.escape(said)}"
                    if said
                    else "<br><span class='kit-room-muted'>No answer yet.</span>"
                )
                + "</li>"
            )
        if items:
            out.append(_html(f"<ul class='kit-hub-asks'>{''.join(items)}</ul>"))
        text = _text("A new ask: what you need from your manager (the team sees your asks)", area=True)
        text.add_class("kit-hub-ask-text")
        send = _button("Send to my manager", "kit-hub-ask")
        send.on_click(lambda _: self._ask(text.value))
        return out + [text, send]

    def _ask(self, words):
        def write():
            words_ = (words or "").strip()
            if not words_:
                raise KitError("Write what you need first.")
            info = self._writable_today()
            taken = set(self.eng.asks(team_id=self.hub.team_id)["ask_id"])
            self.eng.add(
                "asks",
                {
                    "session_id": info["session_id"],
                    "ask_id": _new_id(taken, "h"),
                    "member_id": self.member_id,
                    "ask": words_,
                    "status": "open",
                },
                changed_on=self.hub.today(),
            )
            return "Sent: your manager sees it on their page, and the next review goes through it."

        self.act(write, "Sent.", only=("asks",))

    # ---- sharing by choice
    def _sharing(self, s):
        now = sharing_on(self.eng.table("sharing", member_id=self.member_id), s.today).get(self.member_id, "manager")
        pick = choices([(v, k) for k, v in SHARE_WORDS.items()], value=now)
        pick.add_class("kit-hub-share")
        pick.observe(lambda ch: self._share(ch["new"]) if ch["new"] else None, "value")
        return [
            _h("Who sees your numbers"),
            say(
                "Your KPI results and funnel are your manager's to see. Show them to your partner or to the whole "
                "team if you want them to hold you to them; you can change this at any time.",
                size=15,
                colour="#44505f",
            ),
            pick,
        ]

    def _share(self, choice):
        def write():
            self._writable_today()
            rows = self.eng.table("sharing", member_id=self.member_id)
            if sharing_on(rows, self.hub.today()).get(self.member_id, "manager") == choice:  # as stored: nothing to do
                return f"Your numbers are shown to {_YOUR[choice]}."
            self.eng.put("sharing", {"member_id": self.member_id, "since": self.hub.today(), "kpis": choice})
            return f"From today your numbers are shown to {_YOUR[choice]}."

        self.act(write, "Saved.", only=("sharing",))


_YOUR = {
    "manager": "your manager only",
    "partner": "your accountability partner (and your manager)",
    "team": "the whole team",
}


def _shared_words(visibility):
    return {"team": "shared with the team", "manager": "shared with your manager", "private": "private"}.get(
        visibility, str(visibility)
    )


class ManagerPage(_Page):
    """The manager's page: log coaching and a conversation; what they owe, against what they promised; time against
    need; their own actions, held as strictly as the sellers'."""

    def policy(self):
        return MANAGER

    def title_for(self):
        return f"{self.name} (manager)"

    def sections(self):
        return [
            ("coaching", self._coaching),
            ("conversation", self._conversation),
            ("logged", self._logged),
            ("owed", self._owed),
            ("actions", self._actions),
            ("asks", self._asks),
        ]

    def _logged(self, s):
        """What was logged since the last session, and the conversations' follow-ups that have fallen due."""
        c, t = s.coaching, s.conversations
        c = c[c["date"] > s.date] if c is not None and len(c) else None
        t = t[t["date"] > s.date] if t is not None and len(t) else None
        out = []
        if c is not None and len(c):
            rows = [
                [fmt.date(r.date), s.name(r.member_id), KIND_WORDS[r.kind], fmt.count(r.minutes)]
                for r in c.sort_values(["date", "member_id"], ascending=[False, True]).itertuples()
            ]
            out += [
                _h("Coaching logged since the last session", 3),
                _blocks_html([_blocks.table(["When", "Seller", "Kind", "Minutes"], rows, numeric=["Minutes"])]),
            ]
        if t is not None and len(t):
            rows = []
            for r in t.sort_values("date", ascending=False).itertuples():
                due = isinstance(r.follow_up, str) and r.follow_up and r.follow_up <= s.today
                follow = fmt.date(r.follow_up) if isinstance(r.follow_up, str) and r.follow_up else fmt.DASH
                rows.append(
                    [fmt.date(r.date), s.name(r.member_id), TOPIC_WORDS[r.topic], follow + (" (due)" if due else "")]
                )
            out += [
                _h("Conversations since the last session", 3),
                _blocks_html([_blocks.table(["When", "Seller", "About", "Follow up on"], rows)]),
            ]
        if out:
            out.append(
                say(
                    "To correct an entry, use notebook 06's coaching and conversation forms.", size=14, colour="#5b6675"
                )
            )
        return out

    def _owed(self, s):
        out = [_section_html(owed.failed_them(s))]
        out += [_section_html(owed.promise_against_practice(s)), _section_html(owed.coaching_as_rated(s))]
        out.append(
            say(
                f"Your sellers rate the coaching of this period (since {fmt.date(s.date)}) anonymously, once each; you "
                "see it at the next review, from three of them, never who rated what.",
                size=14,
                colour="#5b6675",
            )
        )
        t = review_section.time_against_need(s, compact=True)
        if t:
            out += [_h("Your time against their need (since the last session)"), _blocks_html(t)]
        return out

    def _actions(self, s):
        return self._actions_list(
            s, self.member_id, heading="Your own actions", empty="No open action of yours: nothing owed."
        )

    def _sellers(self, s):
        return [(r.name, r.member_id) for r in s.sellers.sort_values("name").itertuples()]

    # ---- coaching
    def _coaching(self, s):
        who = choices(self._sellers(s))
        who.add_class("kit-hub-coach-who")
        minutes = choices([(str(m), m) for m in (15, 30, 45, 60, 90)], row=True)
        minutes.add_class("kit-hub-coach-minutes")
        kind = choices([(KIND_WORDS[k], k) for k in COACHING_KINDS], value="one_to_one")
        kind.add_class("kit-hub-coach-kind")
        note = _text("A note (yours and this seller's only)", "e.g. agreed to work on the opening question", area=True)
        note.add_class("kit-hub-coach-note")
        day = w.DatePicker(description="The day it happened", value=dt.date.fromisoformat(s.today))
        day.style.description_width = "initial"
        log_it = _button("Log the coaching", "kit-hub-coach")
        log_it.on_click(lambda _: self._log_coaching(who.value, minutes.value, kind.value, note.value, day.value))
        return [
            _h("Log coaching"),
            say("Who", bold=True),
            who,
            say("Minutes", bold=True),
            minutes,
            say("Kind", bold=True),
            kind,
            note,
            day,
            log_it,
        ]

    def _log_coaching(self, seller, minutes, kind, note, day):
        def write():
            if not seller or not minutes:
                raise KitError("Choose the seller and the minutes first.")
            when = self._day(day)
            key = {"date": when, "manager_id": self.member_id, "member_id": seller, "kind": kind}
            if len(self.eng.table("coaching", **key)):
                raise KitError(
                    f"A {KIND_WORDS[kind]} with {self._name(seller)} on {fmt.date(when)} is logged already: choose "
                    "another kind, or correct it in notebook 06."
                )
            self.eng.add("coaching", dict(key, minutes=int(minutes), note=(note or "").strip() or None))
            return f"{minutes} minutes of {KIND_WORDS[kind]} with {self._name(seller)} logged for {fmt.date(when)}."

        self.act(write, "Logged.", only=("coaching", "logged", "owed"))

    def _day(self, day):
        info = self.hub.in_force(self.eng)
        when = day.isoformat() if day else None
        if when is None or when > self.hub.today() or (info is not None and when <= info["date"]):
            since = f"after the last session ({fmt.date(info['date'])})" if info is not None else "up to"
            raise KitError(f"Pick the day it happened: {since}, up to today. Earlier ones go in notebook 06.")
        return when

    # ---- a documented conversation
    def _conversation(self, s):
        who = choices(self._sellers(s))
        who.add_class("kit-hub-talk-who")
        topic = choices([(v, k) for k, v in TOPIC_WORDS.items()])
        topic.add_class("kit-hub-talk-topic")
        summary = _text("What was said (this seller's and yours only)", area=True)
        summary.add_class("kit-hub-talk-summary")
        step = _text("The next step agreed")
        step.add_class("kit-hub-talk-step")
        follow = w.DatePicker(description="Follow up on (optional)")
        follow.style.description_width = "initial"
        save = _button("Record the conversation", "kit-hub-talk")
        save.on_click(lambda _: self._talk(who.value, topic.value, summary.value, step.value, follow.value))
        return [
            _h("Document a conversation"),
            say("Praise a win or address a shortfall early, and write it down while it is fresh.", size=15),
            who,
            say("About", bold=True),
            topic,
            summary,
            step,
            follow,
            save,
        ]

    def _talk(self, seller, topic, summary, step, follow):
        def write():
            if not seller or not topic or not (summary or "").strip():
                raise KitError("Choose the seller and what it was about, and write what was said.")
            self._writable_today()
            today = self.hub.today()
            key = {"date": today, "manager_id": self.member_id, "member_id": seller, "topic": topic}
            if len(self.eng.table("conversations", **key)):
                raise KitError(
                    f"A {TOPIC_WORDS[topic]} conversation with {self._name(seller)} is recorded today already."
                )
            self.eng.add(
                "conversations",
                dict(
                    key,
                    summary=summary.strip(),
                    agreed_next_step=(step or "").strip() or None,
                    follow_up=follow.isoformat() if follow else None,
                ),
            )
            return f"The conversation with {self._name(seller)} is recorded."

        self.act(write, "Recorded.", only=("conversation", "logged"))

    # ---- every ask and its answer
    def _asks(self, s):
        q = s.rows["asks"]
        out = [_h("The sellers' asks")]
        if q.empty:
            return out + [say("No ask yet.", colour="#5b6675")]
        a = s.rows["actions"]
        answered = a[a["ask_id"].notna()] if len(a) else a
        rows = []
        for r in q.sort_values(["status", "session_id", "ask_id"]).itertuples():
            ans = answered[answered["ask_id"] == r.ask_id]
            rows.append(
                [
                    s.name(r.member_id),
                    str(r.ask),
                    STATUS_WORDS[r.status],
                    "; ".join(f"{x.action} ({STATUS_WORDS[x.status]})" for x in ans.itertuples()) or "not yet",
                ]
            )
        out.append(_blocks_html([_blocks.table(["Seller", "Ask", "Status", "Your answer (an action of yours)"], rows)]))
        for r in q[q["status"] == "open"].sort_values(["session_id", "ask_id"]).itertuples():
            ans = answered[answered["ask_id"] == r.ask_id]
            box = [
                _html(
                    f"<div class='kit-room-item'><b>{html.escape(s.name(r.member_id))}</b>: "
                    f"{html.escape(str(r.ask))}</div>"
                )
            ]
            if ans.empty:  # answer it with a commitment of yours
                what = _text("What you will do about it", "e.g. join the call on 12 March")
                what.add_class("kit-hub-answer-text")
                due = w.DatePicker(description="By", value=None)
                due.style.description_width = "initial"
                due.add_class("kit-hub-answer-due")
                commit = _button("Commit to it", "kit-hub-answer")
                commit.on_click(
                    lambda _, r=r, t=what, d=due: self._answer(r.session_id, r.ask_id, r.member_id, t.value, d.value)
                )
                box += [what, due]
            else:
                commit = None
            close = _button("Mark the ask done", "kit-hub-ask-done", "")
            close.on_click(lambda _, r=r: self._close_ask(r.session_id, r.ask_id))
            box.append(w.HBox([x for x in (commit, close) if x is not None]))
            v = w.VBox(box)
            v.add_class("kit-room-entry")
            v.add_class("kit-hub-open-ask")
            out.append(v)
        return out

    def _answer(self, session_id, ask_id, seller, words, due):
        def write():
            info = self._writable_today()
            words_ = (words or "").strip()
            if not words_ or due is None:
                raise KitError("Write what you will do, and by when.")
            if due.isoformat() < self.hub.today():
                raise KitError("Give a date from today on: it is a commitment, not a record.")
            acts = self.eng.actions(team_id=self.hub.team_id)
            self.eng.add(
                "actions",
                {
                    "session_id": info["session_id"],
                    "action_id": _new_id(set(acts["action_id"]), "m"),
                    "owner_id": self.member_id,
                    "action": words_,
                    "due": due.isoformat(),
                    "status": "open",
                    "ask_id": ask_id,
                    "for_id": seller,
                },
                changed_on=self.hub.today(),
            )
            return f"Committed: {self._name(seller)} sees your answer on their page; it is one of your actions now."

        self.act(write, "Committed.", only=("actions", "asks", "owed"))

    def _close_ask(self, session_id, ask_id):
        def write():
            self._writable_today()
            self.eng.update(
                "asks", {"session_id": session_id, "ask_id": ask_id}, status="done", changed_on=self.hub.today()
            )
            return "The ask is marked done."

        self.act(write, "Done.", only=("asks", "owed"))


class TeamPage(_Page):
    """The team's page: the KPIs it chose, the figures its sellers chose to show (team figures otherwise), the open
    actions and who holds them, the next review, its leader and its date."""

    def policy(self):
        return TEAM

    def title_for(self):
        return "The team's page"

    def sections(self):
        return [("kpis", self._kpis), ("open", self._open), ("next", self._next)]

    def _kpis(self, s):
        out = [_h("The KPIs we chose")]
        k = s.kpis_in_force
        if k.empty:
            return out + [say("No KPI is chosen yet.", colour="#5b6675")]
        cat = s.catalog
        goals = [
            f"<li>{html.escape(cat.get(r.kpi_id, {}).get('name', r.kpi_id))}: "
            f"{html.escape(kpis.goal_words(r, cat, s.currency))}"
            f" ({'the whole team' if r.scope == 'team' else html.escape(str(r.scope))})</li>"
            for r in k.itertuples()
        ]
        out.append(_html(f"<ul>{''.join(goals)}</ul>"))
        att = s.attainment
        if att.empty:
            return out + [say("No result to show yet.", colour="#5b6675")]
        latest = att[att["period_end"] == att.groupby(["member_id", "kpi_id"])["period_end"].transform("max")]
        named = latest[latest["member_id"].isin(s.members["member_id"])]
        if len(named):
            rows = [
                [
                    s.name(r.member_id),
                    str(r.kpi),
                    kpis.value_words(r, cat, s.currency),
                    _pct(r.attainment),
                ]
                for r in named.sort_values(["name", "kpi"]).itertuples()
            ]
            out.append(say("Shown by choice:", bold=True))
            out.append(
                _blocks_html([_blocks.table(["Seller", "KPI", "Latest", "Of target"], rows, numeric=["Of target"])])
            )
        team = latest.groupby("kpi")["attainment"].agg(["mean", "count"]).reset_index()
        rows = [[r.kpi, _pct(r.mean), str(r.count)] for r in team.itertuples()]
        out.append(say("The team's figures (every seller's latest result, as a share of the target):", bold=True))
        out.append(
            _blocks_html([_blocks.table(["KPI", "Average, of target", "Sellers"], rows, numeric=rows and ["Sellers"])])
        )
        return out

    def _open(self, s):
        a = review.ageing(s)
        out = [_h("Open actions, and who holds them")]
        if a.empty:
            return out + [say("No open action.", colour="#5b6675")]
        rows = [
            [
                r.owner,
                str(r.action),
                fmt.date(r.due),
                f"{fmt.plural(r.days_overdue, 'day')} overdue" if r.days_overdue else "on time",
            ]
            for r in a.itertuples()
        ]
        return out + [_blocks_html([_blocks.table(["Who", "Action", "Due", "Where it stands"], rows)])]

    def _next(self, s):
        out = [_h("The next review")]
        nxt = self.hub.upcoming(self.eng)
        sessions, members = self.eng.sessions(team_id=self.hub.team_id), self.eng.members(team_id=self.hub.team_id)
        from ..steps.actions.model import rotation

        rot, proposed = rotation(sessions, members, team_id=self.hub.team_id)
        if nxt is None:
            return out + [
                say("No next review is scheduled yet: add it to sessions.csv (or notebook 00), then reload.", size=15)
            ]
        row = rot[rot["session_id"] == nxt["session_id"]].iloc[0]
        leader, recorded = row["leader_id"], bool(row["recorded"])
        who = s.name(leader) if leader else "nobody yet"
        words = f"{fmt.date(nxt['date'])}, led by {who}" + ("" if recorded else " (the rotation's proposal)")
        out.append(say(words, size=19, bold=True))
        out.append(
            _html(
                f"<a class='kit-hub-ics' href='./calendar.ics?k={html.escape(self.token)}' download>"
                "Add it to my calendar (.ics)</a>"
            )
        )
        if not recorded and leader and (self.member_id == leader or self.role == "manager"):
            confirm = _button(
                "I will lead it" if self.member_id == leader else f"Confirm {who} leads it", "kit-hub-lead"
            )
            confirm.on_click(lambda _: self._confirm(nxt["session_id"], leader))
            out.append(confirm)
        elif not recorded:
            out.append(say(f"{who} or the manager confirms it here.", size=14, colour="#5b6675"))
        return out

    def _confirm(self, session_id, leader):
        def write():
            info = self.eng.sessions(session_id=session_id)
            if info.empty or info.iloc[0]["team_id"] != self.hub.team_id:
                raise KitError("That review is not in the store any more: reload the page.")
            led = info.iloc[0]["leader_id"]
            if isinstance(led, str) and led:  # someone confirmed it meanwhile: it stands
                raise KitError(f"{self._name(led)} is recorded to lead it already.")
            if self.member_id != leader and self.role != "manager":
                raise KitError("The proposed leader or the manager confirms who leads.")
            self.eng.update("sessions", {"session_id": session_id}, leader_id=leader)
            return f"{self._name(leader)} leads the review of {fmt.date(info.iloc[0]['date'])}."

        self.act(write, "Confirmed.", only=("next",))


def page_for(hub, *, member_id, role, token, where, context=None):
    """The page a member's link opens at ``where`` ('' or 'team')."""
    if where == "team":
        return TeamPage(hub, member_id=member_id, token=token, context=context)
    cls = ManagerPage if role == "manager" else SellerPage
    return cls(hub, member_id=member_id, token=token, context=context)
