"""The sales workshop kit: capture a team's workshop in a store, analyse it, and report on it."""

import importlib

from ._store import Engagement, open_engagement
from .errors import KitError, ValidationError
from .validate import validate

__version__ = "0.1.0"
__all__ = [
    "Engagement",
    "KitError",
    "ValidationError",
    "Workshop",
    "audience",
    "forms",
    "open_engagement",
    "session",
    "start",
    "validate",
    "workshop",
    "__version__",
]

# The notebook side (widgets, charts) loads on first use, so that the command line starts fast.
_LAZY = {
    "forms": ("kit.forms", None),
    "session": ("kit.session", None),
    "audience": ("kit.audience", None),
    "workshop": ("kit._workshop", "workshop"),
    "Workshop": ("kit._workshop", "Workshop"),
    "start": ("kit._workshop", "start"),
}


def __getattr__(name):
    if name in _LAZY:
        module, attr = _LAZY[name]
        mod = importlib.import_module(module)
        return mod if attr is None else getattr(mod, attr)
    raise AttributeError(f"module 'kit' has no attribute {name!r}")
