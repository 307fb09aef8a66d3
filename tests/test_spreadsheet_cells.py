"""No CSV or XLSX written by KIMdesk carries a live formula."""

import ast
import csv
import io
from pathlib import Path

import pytest

from kimdesk.core.spreadsheet_cells import csv_text, safe_cell

ROOT = Path(__file__).resolve().parents[1]
HOME = "kimdesk/core/spreadsheet_cells.py"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://example.org";"Klick")', "+49 157 1",
                                  "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_would_start_a_formula_is_written_as_text(text):
    assert safe_cell(text) == "'" + text
    (cell,), = csv.reader(io.StringIO(csv_text([[text]])), delimiter=";")
    assert cell == "'" + text


@pytest.mark.parametrize("value", ["Müller", "Al-Hassan", "", 12, -3, 2.5, None])
def test_other_values_pass_unchanged(value):
    assert safe_cell(value) == value


def test_every_module_that_writes_csv_or_xlsx_makes_its_cells_safe():
    """Writers: csv.writer / csv.DictWriter, openpyxl Workbook / xlsxwriter. A module that
    uses one must go through safe_cell or csv_text (or be the one that defines them)."""
    offenders = []
    for path in sorted((ROOT / "kimdesk").rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        if relative == HOME:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.attr if isinstance(n, ast.Attribute) else n.id for n in ast.walk(tree)
                 if isinstance(n, ast.Attribute | ast.Name)}
        imports = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom | ast.Import)
                   for a in n.names} | {n.module or "" for n in ast.walk(tree)
                                        if isinstance(n, ast.ImportFrom)}
        writes = ({"writer", "DictWriter"} & names and "csv" in names) or \
            "Workbook" in names or "xlsxwriter" in imports
        if writes and not {"safe_cell", "csv_text"} & names:
            offenders.append(relative)
    assert offenders == []


def test_my_figures_sheet_carries_no_live_formula():
    from io import BytesIO

    from openpyxl import load_workbook

    from kimdesk.casework.my_figures import FigureRow, MyFigures, to_xlsx

    label = '=HYPERLINK("http://example.org";"Klick")'
    sheet = load_workbook(BytesIO(to_xlsx(MyFigures(2026, [FigureRow("Kontakte", label)])))
                          ).active
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "'" + label in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
