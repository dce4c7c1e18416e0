"""Step 6, the review: what the team owes each other, results against commitments, and what it takes now.

The Workshop's methods for notebook 06 (see kit/_workshop.py). Every figure comes from
:mod:`kit.steps.review.model` on the session cut to the Workshop's audience: under the wall no seller's own
results, coaching or conversation is read.
Coaching and documented conversations are shown and recorded only in the manager's own copy (``audience =
"manager"``); a seller's own copy (``member:<id>``) shows their own.
"""

from .forms import Forms
from .others import Others
from .owed import Owed
from .results import Results
from .time import Time

__all__ = ["Review"]


class Review(Forms, Results, Owed, Others, Time):
    """Step 6, the review: the review loop's views and forms (one mixin per part of the review)."""
