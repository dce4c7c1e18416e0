"""The hub's shared state: one team, the day it stands at, and one store connection for every page.

Between sessions, the team's work is added to the session in force (the team's latest session up to today): an
action marked done, a check-in, an ask; each change is dated the day it happens (``history``), so that session's own
documents still show it as it stood on its day. The figures a page shows are that session's, as they stand today
(:func:`kit.session.load` with ``as_of``).
"""

import datetime as dt
import threading
import weakref

from .. import session as _session
from .._store import Engagement
from ..audience import cut
from ..errors import KitError, NotFoundError

__all__ = ["Hub", "TURNS"]

TURNS = 2  # pages handling a click or drawing at once (the others wait, asleep: the server's loop answers at once)
PAGES_PER_LINK = 5  # screens one link may hold open at once (a phone, a laptop, a tab or two): never hundreds


class Hub:
    """One team's pages between sessions.

    Parameters
    ----------
    store : str or Path
    team_id : str
    today : str or None
        The day the hub stands at (YYYY-MM-DD): None for the calendar's (a rehearsal on a copy of the store may set
        one, to walk through a quarter).
    """

    def __init__(self, store, *, team_id, today=None):
        self.store, self.team_id, self._today = str(store), team_id, today
        if today is not None:
            try:
                dt.date.fromisoformat(str(today))
            except ValueError:
                raise KitError(f"--today {today!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-02-10") from None
        self._eng = Engagement(self.store, threads=True)
        teams = self._eng.teams()
        if team_id not in set(teams["team_id"]):
            self._eng.close()
            raise NotFoundError(
                f"no team {team_id!r} in {self.store}; valid: {', '.join(teams['team_id']) or '(none)'}"
            )
        self.team = teams[teams["team_id"] == team_id].iloc[0].to_dict()
        self._turns = threading.BoundedSemaphore(TURNS)
        self.writing = threading.Lock()  # a new id is chosen and written together
        self._pages, self._lock = weakref.WeakSet(), threading.Lock()
        self._writes, self._cached = 0, None  # the uncut session in force, read once until the store changes
        self._loading = threading.Lock()

    def today(self):
        return str(self._today or dt.date.today().isoformat())

    def open(self):
        """A page's handle on the hub's one store connection."""
        return self._eng.handle()

    def turn(self):
        return self._turns

    def sessions(self, eng):
        s = eng.sessions(team_id=self.team_id)
        return s.sort_values(["date", "session_id"]).reset_index(drop=True)

    def in_force(self, eng):
        """The team's latest session up to today (a dict), or None before its first."""
        s = self.sessions(eng)
        s = s[s["date"] <= self.today()]
        return None if s.empty else s.iloc[-1].to_dict()

    def upcoming(self, eng):
        """The team's next session after today (a dict), or None when none is scheduled."""
        s = self.sessions(eng)
        s = s[s["date"] > self.today()]
        return None if s.empty else s.iloc[0].to_dict()

    def wrote(self):
        """A page wrote to the store (through the hub's own connection, which sqlite's data_version does not count)."""
        with self._lock:
            self._writes += 1

    def session(self, eng, pol=None):
        """The session in force as it stands today (cut to ``pol`` when given), or None before the first.

        The uncut session is read once for every page until the store changes (a page's write, or another process's:
        a notebook, an import), so thirty people opening their page cost one read, not thirty."""
        info = self.in_force(eng)
        if info is None:
            return None

        def cached(key):
            with self._lock:
                return self._cached[1] if self._cached and self._cached[0] == key else None

        key = (info["session_id"], self.today(), eng.data_version(), self._writes)
        s = cached(key)
        if s is None:
            with self._loading:  # pages re-drawn after the same writes wait for one read instead of each reading
                key = (info["session_id"], self.today(), eng.data_version(), self._writes)
                s = cached(key)
                if s is None:
                    s = _session.load(eng, team_id=self.team_id, session_id=info["session_id"], as_of=self.today())
                    with self._lock:
                        self._cached = (key, s)
        return cut(s, pol) if pol is not None else s

    def register(self, page):
        with self._lock:
            self._pages.add(page)

    def unregister(self, page):
        with self._lock:
            self._pages.discard(page)

    def admits(self, member_id, *, people):
        """Why a new page may not open (None: it may): 'link' when that member's link holds PAGES_PER_LINK pages
        already, 'full' when the hub holds four per member of the team (at least 40)."""
        from ..room._room import _connected

        with self._lock:
            live = [p for p in self._pages if _connected(p)]
        if len(live) >= max(40, 4 * people):
            return "full"
        if sum(p.member_id == member_id for p in live) >= PAGES_PER_LINK:
            return "link"
        return None

    def close(self):
        self._eng.close()
