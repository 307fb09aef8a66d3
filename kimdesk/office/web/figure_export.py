"""CSV and XLSX of a Kennzahlen view: exactly what the page shows — the same heading lines,
the same rows and columns, "keine Meldung" and "zurückgehalten" written out (never 0) —
with every text cell neutralised against formulas (``kimdesk.core.spreadsheet_cells``)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from kimdesk.core.spreadsheet_cells import csv_text, safe_cell
from kimdesk.office.web.pivot import Pivot

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def heading(p: Pivot, district_name: str) -> list[str]:
    """The lines above the table, as on the page."""
    return [p.title, f"{district_name} · {p.period_display} · gegliedert nach {p.by_label}",
            f"Gezählt wird: {p.unit}", p.completeness, p.note, p.error_note,
            *p.explanations()]


def rows(p: Pivot) -> Iterable[list[Any]]:
    """The table: a header row, then one row per line of the page (numbers as numbers)."""
    yield [*p.row_headers, *(c.label for c in p.columns)]
    for row in p.rows:
        yield [*row.labels, *(v if v is not None else p.text(row, i)
                              for i, v in enumerate(row.values))]


def filename(p: Pivot, extension: str) -> str:
    return f"kennzahlen-{p.table_id}-{p.period}-{p.by}.{extension}"


def csv_bytes(p: Pivot, district_name: str) -> bytes:
    """Semicolon CSV for German Excel, UTF-8 with byte-order mark (so Excel reads ä, ß)."""
    lines = [[line] for line in heading(p, district_name)] + [[]] + list(rows(p))
    return ("\ufeff" + csv_text(lines)).encode("utf-8")


def xlsx_bytes(p: Pivot, district_name: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    add_sheet(book.active, "Kennzahlen", p, district_name)
    return workbook_bytes(book)


def add_sheet(sheet: Any, title: str, p: Pivot, district_name: str) -> None:
    """Write one view into a worksheet: heading lines, header row, rows."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.title = title[:31]
    for line in heading(p, district_name):
        sheet.append([safe_cell(line)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    first = sheet.max_row + 1
    for values in rows(p):
        sheet.append([safe_cell(v) for v in values])
    for cell in sheet[first]:
        cell.font = Font(bold=True)
    labels = len(p.row_headers)
    for row in sheet.iter_rows(min_row=first + 1, max_col=labels):
        for cell in row:
            cell.font = Font(bold=cell.value in ("Summe", "alle Fälle (jeder Fall einmal)"))
    for i in range(1, labels + len(p.columns) + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 34 if i <= labels else 16
    sheet.freeze_panes = sheet.cell(row=first + 1, column=labels + 1)


def workbook_bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
