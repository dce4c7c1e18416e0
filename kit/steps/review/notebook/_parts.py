"""What the review's notebook views share: the manager-only note and two cell formats."""

from .... import _format as fmt
from ...kpis import model as kpis

MANAGER_ONLY = (
    "Coaching time and documented conversations are between the manager and each seller: they are recorded and "
    'shown in the manager\'s own copy of this notebook (audience = "manager"), never on the wall.'
)


def _pct(x):
    return fmt.pct(kpis.shown(x))


def _overdue(days):
    return fmt.plural(int(days), "day") if days else "not yet due"
