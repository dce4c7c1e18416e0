"""Reading and writing the engagement folder (CSV + YAML) and the capture workbook (.xlsx).

One module a job: the limits and a row as read (:mod:`._rows`), reading a folder (:mod:`._read`), reading the
workbook (:mod:`._workbook`), a cell to and from a spreadsheet (:mod:`._cells`) and writing a folder
(:mod:`._write`).
"""

from ._cells import dumps_extra, escape_cell, format_value, unescape_cell
from ._read import _decode as decode_file
from ._read import _separator as separator
from ._read import read_source
from ._rows import MAX_CELL_CHARS, RawSource, Row, safe_yaml
from ._write import write_folder, write_zip_reproducibly

__all__ = [
    "Row",
    "RawSource",
    "read_source",
    "decode_file",
    "separator",
    "write_folder",
    "write_zip_reproducibly",
    "format_value",
    "escape_cell",
    "unescape_cell",
    "dumps_extra",
    "safe_yaml",
    "MAX_CELL_CHARS",
]
