"""One team-session as every view sees it: read once from the store, used by the notebooks, the forms, the reports
and ``summary`` alike.

The session model decides, in one place,

* what carries into a review: each person's goals and commitment, as agreed at the latest earlier session where
  they recorded any (a seller who revisits theirs replaces only their own), and the SWOT (with its votes) agreed
  at the latest earlier session that has them, each marked with the date it was agreed; the actions still open
  from earlier sessions, with how long they have been open; the KPI selection in force;
* what "this session's" rows are (``own``), as opposed to what the session shows (``rows``, carried rows included);
* the previous session to compare with (``previous`` and ``before``).

Figures stay numbers here; views format them at display time (``kit._format``). What an audience may see is cut
by :func:`kit.audience.cut`, before anything is built from the rows.
"""

from ._load import carried_rows, derive, load
from ._model import CARRIED, CARRIED_OPEN, PER_PERSON, Session
from ._model import _pulse as _pulse

__all__ = ["Session", "load", "CARRIED", "PER_PERSON", "CARRIED_OPEN", "carried_rows", "derive"]
