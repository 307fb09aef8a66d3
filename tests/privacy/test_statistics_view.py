"""The Statistik screen shows exactly the published tables: "gesperrt", never 0."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from kimdesk.core.errors import DomainError
from kimdesk.privacy.count_tables import TOTAL
from kimdesk.privacy.payload import release_from_records
from kimdesk.ui.statistics_view import SUPPRESSED, StatisticsView
from tests.privacy.conftest import case, records


def _release(period: str):
    rows = [case(i, "2026-07-01", sex="m" if i % 2 else "f") for i in range(1, 10)]
    rows.append(case(10, "2026-07-02", municipality="kleve-goch", case_type="short_intervention"))
    return release_from_records(records(rows, areas=[(1, "language"), (2, "work")]), period)


def test_view_shows_suppressed_cells_as_gesperrt_and_why(qtbot) -> None:
    asked: list[str] = []

    def provider(period: str):
        asked.append(period)
        return _release(period)

    view = StatisticsView(provider, periods=["2026-Q3", "2026"], today=date(2026, 10, 15))
    qtbot.addWidget(view)
    assert asked == ["2026-Q3"]
    release = view.release
    assert "bestanden" in view.status_label.text()
    assert view.table_list.count() == len(release.release.tables)
    assert "% gesperrt" in view.table_list.item(0).text()

    for row, table in enumerate(release.release.tables):
        view.table_list.setCurrentRow(row)
        grid = view.grid
        shown = {}
        for i in range(grid.rowCount()):
            for j in range(grid.columnCount()):
                shown[(i, j)] = grid.item(i, j).text()
        assert len(shown) == len(table.cells)  # every cell of the table, margins included
        hidden = sum(1 for v in table.cells.values() if v is None)
        assert sum(1 for t in shown.values() if t == SUPPRESSED) == hidden
        zeros = sum(1 for v in table.cells.values() if v == 0)
        assert sum(1 for t in shown.values() if t == "0") == zeros  # zeros are real zeros
        assert f"k = {table.k}" in view.table_title.text()

    view.table_list.setCurrentRow(0)  # case_flow: Goch's single case is hidden
    flow = release.release.tables[0]
    cols = [*flow.categories[flow.dimensions[-1]], TOTAL]
    header = [view.grid.horizontalHeaderItem(j).text() for j in range(len(cols))]
    assert header[-1] == "Summe"
    goch_rows = [i for i in range(view.grid.rowCount())
                 if view.grid.verticalHeaderItem(i).text().startswith("Goch")]
    assert goch_rows
    texts = [view.grid.item(i, j).text() for i in goch_rows for j in range(len(cols))]
    assert SUPPRESSED in texts
    tip = next(view.grid.item(i, j).toolTip() for i in goch_rows for j in range(len(cols))
               if view.grid.item(i, j).text() == SUPPRESSED)
    assert tip.startswith("Wert kleiner als k=") or tip.startswith("verdeckt")

    total_hidden = sum(1 for t in release.release.tables for v in t.cells.values() if v is None)
    assert view.suppressed_list.rowCount() == total_hidden
    reasons = {view.suppressed_list.item(r, 2).text() for r in range(total_hidden)}
    assert any("Wert kleiner als k=3" in r for r in reasons)

    view.period_box.setCurrentIndex(1)  # pick the year
    assert asked[-1] == "2026" and view.release.period.label == "2026"
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    assert asked[-1] == "2026" and len(asked) == 3


def test_view_shows_the_providers_german_error(qtbot) -> None:
    def provider(period: str):
        raise DomainError("Die Kennzahlen haben die Datenschutzprüfung nicht bestanden.")

    view = StatisticsView(provider, periods=["2026-Q3"])
    qtbot.addWidget(view)
    assert view.release is None
    assert "nicht bestanden" in view.status_label.text()
    assert view.grid.rowCount() == 0 and view.table_list.count() == 0
