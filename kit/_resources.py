"""Where the kit's own files are: the workshop notebooks and the templates (report, catalogue, rubrics, capture).

The repository keeps them in its top-level ``notebooks/`` and ``templates/`` folders, where users look for them;
a built wheel carries copies inside the package, in ``kit/_data/`` (pyproject.toml's hatch wheel ``sources``).
An installed kit reads the packaged copy; a checkout (an editable install) reads the repository's folders, so an
edit there is seen at once.
"""

from importlib.resources import files
from pathlib import Path

__all__ = ["folder", "NOTEBOOKS", "TEMPLATES"]


def folder(name):
    """The folder ``name`` (``"notebooks"`` or ``"templates"``) as a :class:`~pathlib.Path`."""
    package = Path(str(files(__package__)))
    packaged = package / "_data" / name
    if packaged.is_dir():  # an installed wheel
        return packaged
    return package.parent / name  # a checkout: the repository's top-level folder


NOTEBOOKS = folder("notebooks")
TEMPLATES = folder("templates")
