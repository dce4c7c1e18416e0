"""The form every capture step builds on: widgets made from the contract, one submit that writes to the store
at once (or shows the same message the command line gives and writes nothing), and edit / remove of entries.

Model and view are split as in the ipywidgets tutorial: the model is the store (:class:`kit.Engagement`,
which validates) plus the step's analysis functions; a form only turns widget values into rows and
shows what the model says.

What a form shows (its entries, the list under it, what Edit loads into its inputs) comes only from
rows cut to its audience (:func:`kit.audience.cut_table`), before any widget is built from them: a dropdown's
labels are sent to every browser showing the notebook, whatever the page displays. The facilitator's notebooks
use the ``wall`` audience (what the room may see projected).
"""

from ._inputs import choices
from ._parts import (
    _LIVE,
    ANONYMOUS,
    OWNER_CORRECTS,
    ROOM_TROUBLE,
    Held,
    Message,
    _mine,
    _names,
    _own,
    changed,
    close_widgets,
    html_table,
    member_options,
    next_id,
    not_shared,
    register,
    session_info,
)
from ._rowform import RowForm
from ._vote import DotVote

__all__ = [
    "RowForm",
    "choices",
    "DotVote",
    "Held",
    "Message",
    "session_info",
    "member_options",
    "html_table",
    "next_id",
    "ANONYMOUS",
    "changed",
    "close_widgets",
    "register",
    "OWNER_CORRECTS",
    "not_shared",
    "ROOM_TROUBLE",
    "_LIVE",
    "_names",
    "_mine",
    "_own",
]
