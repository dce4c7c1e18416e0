"""The room: every participant on their own phone or laptop, the facilitator's wall updating live, and what each
page may show decided on the server (``workshop-kit room``).

One server process (Solara) holds every page: the wall (:mod:`kit.room.wall`), the presenter panel, and one page per
participant (:mod:`kit.room.participant`), opened with a personal link (:mod:`kit.room.links`). The room's step lives
in the store (:class:`kit.room._room.Room`), so the notebooks, the reports and a restarted room all see the same.
"""

from ._room import STEP_WORDS, STEPS, Room

__all__ = ["Room", "STEPS", "STEP_WORDS", "serve"]


def serve(store, **kw):
    """Start the room (see :func:`kit.room.server.serve`)."""
    from .server import serve as _serve

    return _serve(store, **kw)
