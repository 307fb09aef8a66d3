"""The Statistik screen shows exactly the published tables — the perturbed values that
leave, every cell and margin — with the one sentence that they are slightly changed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from kimdesk.core.errors import DomainError
from kimdesk.privacy.payload import PERTURBATION_NOTE, release_from_records
from kimdesk.sync.protocol.figure_tables import TOTAL
from kimdesk.ui.statistics_view import StatisticsView
from tests.privacy.conftest import case, records


def _release(period: str):
    rows = [case(i, "2026-07-01", sex="m" if i % 2 else "f") for i in range(1, 10)]
    rows.append(case(10, "2026-07-02", municipality="kleve-goch", case_type="short_intervention"))
    return release_from_records(records(rows, areas=[(1, "language"), (2, "work")]), period)


def test_view_shows_the_published_values_and_says_they_are_changed(qtbot) -> None:
    asked: list[str] = []

    def provider(period: str):
        asked.append(period)
        return _release(period)

    view = StatisticsView(provider, periods=["2026-Q3", "2026"], today=date(2026, 10, 15))
    qtbot.addWidget(view)
    assert asked == ["2026-Q3"]
    assert PERTURBATION_NOTE in view.note.text()
    release = view.release
    assert view.table_list.count() == len(release.tables)
    assert "Summe" in view.table_list.item(0).text()

    for row, table in enumerate(release.tables):
        view.table_list.setCurrentRow(row)
        grid = view.grid
        shown = [grid.item(i, j).text() for i in range(grid.rowCount())
                 for j in range(grid.columnCount())]
        assert len(shown) == len(table.values)  # every cell of the table, margins included
        assert sorted(shown) == sorted(str(v) for v in table.values.values())
        assert "1" not in shown and "2" not in shown  # never a value in 1 … js

    view.table_list.setCurrentRow(0)  # case_flow
    flow = release.tables[0]
    cols = [*flow.categories[flow.dimensions[-1]], TOTAL]
    header = [view.grid.horizontalHeaderItem(j).text() for j in range(len(cols))]
    assert header[-1] == "Summe"
    goch = [i for i in range(view.grid.rowCount())
            if view.grid.verticalHeaderItem(i).text().startswith("Goch")]
    assert goch
    value = view.grid.item(goch[-1], len(cols) - 1).text()  # Goch, Summe, Summe: one case
    assert value == str(flow.values[("kleve-goch", TOTAL, TOTAL)]) and value in ("0", "3")

    view.period_box.setCurrentIndex(1)  # pick the year
    assert asked[-1] == "2026" and view.release.period.label == "2026"
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    assert asked[-1] == "2026" and len(asked) == 3


def test_view_shows_the_providers_german_error(qtbot) -> None:
    def provider(period: str):
        raise DomainError("Die Kennzahlen konnten nicht berechnet werden.")

    view = StatisticsView(provider, periods=["2026-Q3"])
    qtbot.addWidget(view)
    assert view.release is None
    assert "nicht berechnet" in view.status_label.text()
    assert view.grid.rowCount() == 0 and view.table_list.count() == 0
