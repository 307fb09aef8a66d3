"""Statistik: the anonymised tables of a period exactly as they would be sent.

Self-contained: the widget gets each period's release from a callable and never touches the
store.  Every value shown is the published one — slightly changed by the cell key method —
never the true count, and one sentence says so (as Zensus 2022 tables do).
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kimdesk.core.periods import display, recent_periods
from kimdesk.privacy.payload import PERTURBATION_NOTE, AggregateRelease
from kimdesk.privacy.perturbation import PublishedTable
from kimdesk.sync.protocol.figure_tables import TOTAL, category_label
from kimdesk.ui.tables import wrap_list

ReleaseProvider = Callable[[str], AggregateRelease]


class StatisticsView(QWidget):
    """``StatisticsView(release_provider, periods=None, today=None, parent=None)``.

    ``release_provider(period)`` returns the ``AggregateRelease`` of a period label such as
    ``"2026-Q3"`` or ``"2026"`` (e.g. ``lambda p: build_release(store, p)``); it may raise
    an exception with a German message, which is shown instead of the tables.
    """

    def __init__(self, release_provider: ReleaseProvider, periods: Sequence[str] | None = None,
                 today: date | None = None, parent: QWidget | None = None,
                 autoload: bool = True) -> None:
        super().__init__(parent)
        self._provider = release_provider
        self.release: AggregateRelease | None = None
        self.setObjectName("page")

        title = QLabel("Statistik für das Programmcontrolling")
        title.setObjectName("title")
        subtitle = QLabel("Genau diese Tabellen würden an die Koordinierungsstelle übertragen. "
                          + PERTURBATION_NOTE)
        subtitle.setObjectName("subtitle")
        subtitle.setWordWrap(True)
        self.note = subtitle

        self.period_box = QComboBox()
        self.period_box.setAccessibleName("Zeitraum")
        for label in periods or recent_periods(today or date.today()):
            self.period_box.addItem(display(label), label)
        period_label = QLabel("Zeitraum:")
        self.refresh_button = QPushButton("Aktualisieren")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period_box)
        top.addWidget(self.refresh_button)
        top.addWidget(self.status_label, 1)

        self.table_list = QListWidget()
        self.table_list.setAccessibleName("Tabellen")
        wrap_list(self.table_list)  # the long German titles wrap in the column
        self.table_title = QLabel()
        self.table_title.setObjectName("sectionTitle")
        self.table_title.setWordWrap(True)
        self.table_unit = QLabel()
        self.table_unit.setObjectName("subtitle")
        self.table_unit.setWordWrap(True)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setAccessibleName("Tabelle, wie sie übertragen würde")
        self._headers: tuple[list[str], list[list[str]]] | None = None
        self.grid.installEventFilter(self)

        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addWidget(self.table_title)
        rlay.addWidget(self.table_unit)
        rlay.addWidget(self.grid, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.period_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh_button.clicked.connect(self.reload)
        self.table_list.currentRowChanged.connect(self._show_table)
        if autoload:
            self.reload()

    # -- data -------------------------------------------------------------------------------
    @property
    def period(self) -> str:
        return str(self.period_box.currentData())

    def set_period(self, period: str) -> None:
        index = self.period_box.findData(period)
        if index < 0:
            self.period_box.addItem(display(period), period)
            index = self.period_box.count() - 1
        self.period_box.setCurrentIndex(index)  # reloads via the signal if it changed
        if self.release is None or self.release.period.label != period:
            self.reload()

    def reload(self) -> None:
        try:
            release = self._provider(self.period)
        except Exception as exc:  # noqa: BLE001 - the provider's German sentence is shown
            self.show_release(None, error=str(exc) or "Die Kennzahlen konnten nicht "
                                                      "berechnet werden.")
            return
        self.show_release(release)

    def show_release(self, release: AggregateRelease | None, error: str = "") -> None:
        self.release = release
        self.table_list.clear()
        self._headers = None
        self.grid.clear()
        self.grid.setRowCount(0)
        self.grid.setColumnCount(0)
        self.table_title.clear()
        self.table_unit.clear()
        if release is None:
            self.status_label.setText(error)
            return
        self.status_label.setText(
            f"{release.period.display}: {len(release.tables)} Tabellen, so wie sie beim "
            "Abgleich übertragen werden.")
        for table in release.tables:
            item = QListWidgetItem(f"{table.title}\n{_total_text(table)}")
            item.setData(Qt.ItemDataRole.UserRole, table.id)
            self.table_list.addItem(item)
        if release.tables:
            self.table_list.setCurrentRow(0)

    # -- rendering --------------------------------------------------------------------------
    def _label(self, dim: str, cat: str) -> str:
        did = self.release.district_id if self.release else ""
        return category_label(dim, cat, did)

    def _show_table(self, row: int) -> None:
        if self.release is None or not 0 <= row < len(self.release.tables):
            return
        table = self.release.tables[row]
        self.table_title.setText(f"{table.title} — {_total_text(table)}")
        self.table_unit.setText(f"Gezählt: {table.spec.unit}")
        col_dim, row_dims = _across(table)
        cols = [*table.categories[col_dim], TOTAL]
        rows = list(itertools.product(*((*table.categories[d], TOTAL) for d in row_dims)))
        self.grid.clear()
        self.grid.setColumnCount(len(cols))
        self.grid.setRowCount(len(rows))
        at = table.dimensions.index(col_dim)
        for i, r in enumerate(rows):
            for j, c in enumerate(cols):
                key = (*r[:at], c, *r[at:])
                item = QTableWidgetItem(str(table.values[key]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if TOTAL in key:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.grid.setItem(i, j, item)
        self._headers = ([self._label(col_dim, c) for c in cols],
                         [[self._label(d, c) for d, c in zip(row_dims, r, strict=True)]
                          for r in rows])
        self._fit_labels()

    def _fit_labels(self) -> None:
        """The headers in the most compact layout whose columns are all in view: one line
        ("Kleve · Kurzintervention"), else long column labels broken, else a row's
        categories one under the other too, else long row labels broken as well. (At
        1366×768 the one-line labels of municipality and case type with unbroken column
        labels hid two of the table's three columns behind a sideways scroll bar.)"""
        if self._headers is None:
            return
        across, down = self._headers
        grid = self.grid  # its width less the frame and a vertical scroll bar (rows may grow)
        room = grid.width() - 2 * grid.frameWidth() - grid.verticalScrollBar().sizeHint().width()
        for joiner, column_line, row_line in LABEL_LAYOUTS:
            self.grid.setHorizontalHeaderLabels([_lines(c, column_line) for c in across])
            self.grid.setVerticalHeaderLabels(
                [joiner.join(_lines(c, row_line) for c in r) or "Anzahl" for r in down])
            self.grid.resizeColumnsToContents()
            needed = (self.grid.verticalHeader().sizeHint().width()
                      + self.grid.horizontalHeader().length())
            if needed <= room:
                break
        self.grid.resizeRowsToContents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid and event.type() == QEvent.Type.Resize:
            self._fit_labels()
        return super().eventFilter(watched, event)


#: a table's last dimension goes across unless it has more categories than this (then the
#: dimension with the fewest does): 23 referring institutions do not fit side by side
ACROSS_AT_MOST = 7
#: header layouts, most compact first: how a row's categories are joined, and the length
#: beyond which a column's and a row's label is broken between words (0: never)
LABEL_LAYOUTS = ((" · ", 0, 0), (" · ", 14, 0), ("\n", 14, 0), ("\n", 12, 24))


def _across(table: PublishedTable) -> tuple[str, tuple[str, ...]]:
    """The dimension shown across the columns, and the others (down the rows), in order."""
    dims = table.dimensions
    across = dims[-1]
    if len(table.categories[across]) > ACROSS_AT_MOST:
        across = min(reversed(dims), key=lambda d: len(table.categories[d]))
    return across, tuple(d for d in dims if d != across)


def _lines(label: str, width: int) -> str:
    """A long label broken between words into lines of about ``width`` characters."""
    if not width or len(label) <= width:
        return label
    return textwrap.fill(label, width, break_long_words=False)


def _total_text(table: PublishedTable) -> str:
    total = table.values[tuple(TOTAL for _ in table.dimensions)]
    return f"Summe {total}"
