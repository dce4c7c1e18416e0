"""The room's shared state: which step a team-session is on (kept in the store, so a restart or a notebook sees
it too), the pages connected to it, and one watcher that re-draws them when the store changes.

Every page (the wall, the presenter panel, each participant's page) registers with the :class:`Room`. One thread
watches the store (sqlite's ``data_version``, a few times a second): when the room's state changes (the step, the
reveal, the role play open), every page re-draws its step; when anything else is written (an entry from a phone, a
correction from the notebooks), only the wall and the presenter panel re-draw their counts and results. A
participant's page never needs anyone else's writes: it shows that person's own entries only.
"""

import contextlib
import hashlib
import threading
import time
import weakref

from .._store import Engagement
from ..errors import KitError
from ..steps import ROOM_STEPS as STEPS
from ..steps import ROOM_WORDS as STEP_WORDS

__all__ = ["Room", "STEPS", "STEP_WORDS", "PAGES_PER_LINK", "RELEASE"]

_POLL = 0.25  # seconds between two looks at the store
# How many pages the room serves at once: per personal link (a phone, a laptop, a tablet and a reload or two), and
# in all (every member's, the wall's and the presenter's, with room to spare). A page beyond either gets a polite
# page that holds no data and no store connection, so one link opened hundreds of times cannot take the room down.
# A page whose browser has gone (closed, reloaded, a phone asleep) is not counted, and is released for good once it
# has been gone for RELEASE (Solara's kernel cull; kit.room.server sets it).
PAGES_PER_LINK = 5
PAGES_PER_PERSON_IN_ALL = 4
RELEASE = "2m"
# How many pages' clicks and re-draws run at once: the others wait their turn, asleep. Thirty phones saving in the
# same second would otherwise take turns on Python's one interpreter lock with the server's own loop, which then
# answers a page or a health check only after seconds.
TURNS = 2


class Room:
    """One team-session's room.

    Parameters
    ----------
    store : str or Path
        The engagement's store.
    team_id, session_id : str
    wall_token : str or None
        When set, the wall and presenter pages need ``?k=<wall_token>`` (a room open beyond this computer).
    counts_every : float
        Seconds between two re-draws of the wall's counts while answers pour in (the server's room: 1 s; 0: at
        every look, as tests want).
    """

    def __init__(self, store, *, team_id, session_id, wall_token=None, counts_every=0.0):
        self.store, self.team_id, self.session_id, self.wall_token = str(store), team_id, session_id, wall_token
        self._pages = weakref.WeakSet()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._eng = Engagement(self.store, threads=True)  # the watcher's (it sees the pages' writes as changes)
        self._pages_eng = Engagement(self.store, threads=True)  # the pages' one connection (see open)
        s = self._eng.sessions(session_id=session_id)
        if s.empty or s.iloc[0]["team_id"] != team_id:
            valid = ", ".join(self._eng.sessions(team_id=team_id)["session_id"]) or "(none)"
            raise KitError(f"no session {session_id!r} of team {team_id!r} in {self.store}; valid: {valid}")
        self.session = s.iloc[0].to_dict()
        self.state = self._read_state()
        self._version = self._eng.data_version()
        self.counts_every = counts_every  # seconds between two re-draws of the wall's counts (see poll)
        self._owed, self._counted = False, 0.0
        self._ahead = False  # a page read a state the watcher has not seen: its next look re-draws every page
        self._thread = None
        self._mine = {}  # hash of a link's token -> what its holder wrote anonymously (in memory only)
        self.answering = threading.Lock()  # one anonymous answer at a time: checked and written together
        self._turns = threading.BoundedSemaphore(TURNS)

    def open(self):
        """A page's handle on the store: every page shares one connection (their statements take turns), so the
        store is opened once per room, not once per page; closing the handle leaves it open for the others."""
        return self._pages_eng.handle()

    def turn(self):
        """A context in which a page handles a click or re-draws, TURNS pages at a time (take it inside the page's
        own lock, never the other way round)."""
        return self._turns

    # ------------------------------------------------------------ the state
    def _read_state(self, eng=None):
        return _normal((eng or self._eng).room_state(self.session_id))

    def now(self, eng):
        """The room's state as the store holds it this instant, read through ``eng`` (the page's own connection):
        what a write is decided on. ``state`` is the watcher's last look, which may be a moment behind."""
        state = self._read_state(eng)
        with self._lock:
            self._ahead = self._ahead or state != self.state
        return state

    def set(self, eng, *, from_step=None, results_were=None, **changes):
        """Change the room's state (the step, the reveal, the role play open) through the calling page's store
        handle ``eng``; every page follows at the watcher's next look. With ``from_step`` (the step the calling
        page shows), only while the room is still on it: two screens pressing Next at once move the room one step,
        not two; with ``results_were``, only while the results shown are still those (a page turned as the other
        screen presses Update results changes nothing). Returns whether it changed. The pages are never re-drawn
        from here: a page's click holds that page's lock, and re-drawing another page from it could wait on a page
        whose own click waits on this one."""
        if "step" in changes and changes["step"] not in STEPS:
            raise KitError(f"unknown step {changes['step']!r}; valid: {', '.join(STEPS)}")

        def moved(stored):
            if results_were is not None and _normal(stored)["results"] != results_were:
                return True
            return from_step is not None and _normal(stored)["step"] != from_step

        return eng.set_room_state(self.session_id, unless=moved, **changes) is not None

    # ------------------------------------------------------------ anonymous entries
    # Who wrote an anonymous entry (an unsigned SWOT item, a pulse answer) is never written anywhere: the room keeps
    # it in memory, keyed by a hash of the writer's link, so that the writer's page (reloaded, or on another device)
    # finds their own entries again while the room runs. Once it stops, nobody can tell, not even with the links file
    # and the store together.
    def remember(self, token, what):
        with self._lock:
            self._mine.setdefault(_key(token), set()).add(what)

    def forget(self, token, what):
        with self._lock:
            self._mine.get(_key(token), set()).discard(what)

    def forget_everywhere(self, what):
        """No link wrote ``what`` any more (two SWOT items merged: the item is the room's, nobody's to change)."""
        with self._lock:
            for mine in self._mine.values():
                mine.discard(what)

    def remembers(self, token, what):
        with self._lock:
            return what in self._mine.get(_key(token), ())

    # A once-only anonymous answer (the pulse) is remembered in the store, as a hash of the link and the question: a
    # restarted room, or a second room on the same store, still takes one answer per link; the hash says that a link
    # answered, never which answer.
    def has_answered(self, eng, token, what):
        """Whether the link ``token`` gave its once-only answer ``what`` (through the page's own connection)."""
        return bool(eng.room_answered(self.session_id, what, _mark(self.session_id, token, what)))

    def answer_once(self, eng, token, what, write):
        """Run ``write()`` (the anonymous answer) unless the link ``token`` answered ``what`` already; True when it
        was written. Checked and recorded in the store first, so two tabs or two rooms never both write."""
        mark = _mark(self.session_id, token, what)
        with self.answering:
            if not eng.mark_room_answer(self.session_id, what, mark):
                return False
            try:
                write()
            except BaseException:
                eng.mark_room_answer(self.session_id, what, mark, remove=True)
                raise
        return True

    def answered(self, eng, what):
        """How many links gave their once-only answer ``what`` in this room (a count, never which)."""
        return eng.room_answered(self.session_id, what)

    # ------------------------------------------------------------ the pages
    def register(self, page):
        """Keep ``page`` current (anything with ``context``, ``follows`` ('state' or 'all') and ``redraw()``)."""
        with self._lock:
            self._pages.add(page)

    def unregister(self, page):
        with self._lock:
            self._pages.discard(page)

    def pages(self):
        with self._lock:
            return list(self._pages)

    def admits(self, member_id=None, *, people):
        """Why a new page may not open (None: it may): 'link' when ``member_id``'s link has PAGES_PER_LINK pages
        connected already, 'full' when the room serves PAGES_PER_PERSON_IN_ALL pages per person of its ``people``
        (at least 40). Only pages whose browser is connected now count."""
        live = [p for p in self.pages() if _connected(p)]
        if len(live) >= max(40, PAGES_PER_PERSON_IN_ALL * people):
            return "full"
        if member_id is not None and sum(getattr(p, "member_id", None) == member_id for p in live) >= PAGES_PER_LINK:
            return "link"
        return None

    def poll(self):
        """Look at the store once: re-draw what changed. Returns True when something did.

        When the room's state moved, every page re-draws at once. When only answers came in, the wall and the
        presenter panel re-draw their counts, at most once every ``counts_every`` seconds while answers pour in
        (thirty people saving in the same second cost one re-draw of the wall, not thirty); the last change is
        always drawn."""
        with self._lock:
            version = self._eng.data_version()
            changed = version != self._version
            moved = False
            if changed:
                self._version = version
                state = self._read_state()
                moved, self.state = state != self.state or self._ahead, state
                self._ahead = False
            self._owed = self._owed or (changed and not moved)
            counts = self._owed and time.monotonic() - self._counted >= self.counts_every
            if not (moved or counts):
                return False
            self._owed, self._counted = False, time.monotonic()
        for page in self.pages():
            if moved or page.follows == "all":
                _redraw(page)
        return True

    def start(self):
        """Watch the store in a thread of its own until :meth:`stop`."""

        def run():
            while not self._stop.wait(_POLL):
                try:
                    self.poll()
                except Exception:  # a busy store now: the next look catches up
                    time.sleep(_POLL)

        self._thread = threading.Thread(target=run, name="workshop-kit-room", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._eng.close()
        self._pages_eng.close()


def _normal(state):
    """The room's state as stored, with its defaults: the step (the first if none), the reveal, the role play open,
    and the results shown."""
    return {
        "step": state.get("step") if state.get("step") in STEPS else STEPS[0],
        "revealed": bool(state.get("revealed", False)),
        "roleplay": state.get("roleplay") or None,
        "timer": state.get("timer") or None,  # {"step", "ends", "seconds"}: see kit.room.timer
        "results": state.get("results")
        or None,  # {"step", "n"}: the wall shows that step's results, as of the nth press
    }


def _connected(page):
    """Whether a page's browser is connected now (a page without a browser session, in a test, always is)."""
    ctx = getattr(page, "context", None)
    if ctx is None:
        return True
    if ctx.closed_event.is_set():
        return False
    status = [getattr(s, "value", s) for s in getattr(ctx, "page_status", {}).values()]
    return not status or "connected" in status


def _key(token):
    return hashlib.sha256(str(token).encode()).hexdigest()


def _mark(session_id, token, what):
    """The store's record that a link answered ``what``: a hash of the link's token, the session and the question
    (not the token's own hash, which the links table holds: the two cannot be matched without the token)."""
    return hashlib.sha256(f"answered\n{session_id}\n{what}\n{token}".encode()).hexdigest()


def _redraw(page):
    """Re-draw one page inside its own browser session (its widgets' messages go to that page only), while that
    page handles no click of its own."""
    ctx = getattr(page, "context", None)
    if ctx is not None and getattr(ctx, "closed_event", None) is not None and ctx.closed_event.is_set():
        return
    try:
        turn = page.room.turn() if hasattr(page, "room") else contextlib.nullcontext()
        with ctx if ctx is not None else contextlib.nullcontext(), getattr(ctx, "lock", contextlib.nullcontext()), turn:
            page.redraw()
    except Exception as e:  # one page failing must not stop the others
        try:
            page.failed(e)
        except Exception:
            pass
