"""The engagement store: one SQLite file per engagement, validated writes, import and export.

One class, :class:`Engagement`, made of five parts, one module each: the file and its connection
(:mod:`._connection`), reading (:mod:`._reading`), checked writes (:mod:`._writing`), a whole folder in and out
(:mod:`._interchange`) and the room's rows (:mod:`._room_state`).
"""

from ._connection import SCHEMA_VERSION, _Connection
from ._interchange import _Interchange
from ._reading import _Reading
from ._room_state import _RoomState
from ._writing import _Writing

__all__ = ["Engagement", "open_engagement", "SCHEMA_VERSION"]


class Engagement(_Interchange, _Writing, _Reading, _RoomState, _Connection):
    """One engagement's store. Readers return DataFrames; writers validate first and change nothing if rejected.

    Parameters
    ----------
    path : str or Path
        The ``.db`` file.
    create : bool
        Create the file if it does not exist (otherwise a missing file is an error).
    readonly : bool or None
        Read without writing anything (default: when the file or its folder cannot be written).
    threads : bool
        Used from several threads (the room): one connection shared through :meth:`handle`, one statement or
        transaction at a time.
    """


def open_engagement(path, *, create=False, readonly=None):
    """Open an engagement store (``create=True`` makes a new empty one if ``path`` does not exist;
    ``readonly=True`` reads without writing anything, which is the default for a store one cannot write)."""
    return Engagement(path, create=create, readonly=readonly)
