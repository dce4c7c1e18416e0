"""The sales workshop kit: capture a team's workshop in a store, analyse it, and report on it."""

from ._store import Engagement, open_engagement
from .errors import KitError, ValidationError
from .validate import validate

__version__ = "0.1.0"
__all__ = ["Engagement", "KitError", "ValidationError", "open_engagement", "validate", "__version__"]
