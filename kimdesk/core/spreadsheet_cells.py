"""Cells of the CSV and XLSX files KIMdesk writes: text, never a live formula.

Spreadsheet programs evaluate a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and,
in some, a tab or carriage return) as a formula. A name imported or typed as
``=HYPERLINK("http://…";"Klick")`` would turn into a link — or worse — in the file a
coordinator opens ("CSV injection"). Such text is stored as typed, and neutralised here on
the way out: a leading apostrophe makes it plain text in Excel and LibreOffice.

Every CSV or XLSX that KIMdesk writes, on the laptop or in the office, goes through
:func:`safe_cell` (or :func:`csv_text`, which uses it); ``tests/test_spreadsheet_cells.py``
fails when code writes such a file without it.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as it may go into a cell: text that would start a formula gets a leading
    apostrophe; numbers, dates and other text pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable[Any]], delimiter: str = ";") -> str:
    """Rows as CSV text (German Excel's semicolon by default), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return out.getvalue()
