"""A read-only table for the short lists in the Akte (contacts, referrals, history …).

Long texts (notes) wrap, show whole on hover, and every column can be widened by dragging
its header; Enter on a line opens it (the Akte tabs connect ``activated``).
"""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

#: a cell longer than this shows its whole text on hover
TOOLTIP_FROM = 30
MAX_COLUMN = 280
MIN_TEXT = 200


class ListTable(QTableWidget):
    def __init__(self, headers: list[str], accessible_name: str, stretch: int = -1,
                 empty: str = "Noch keine Einträge.") -> None:
        super().__init__(0, len(headers))
        #: said in the empty table, so that an empty list reads as "nothing yet"
        self.empty_text = empty
        self.setHorizontalHeaderLabels(headers)
        self.setAccessibleName(accessible_name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        self.setTabKeyNavigation(False)  # one Tab stop: arrows move inside, Tab leaves
        self.stretch = stretch if stretch >= 0 else len(headers) - 1
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

    def set_rows(self, rows: list[list[str]], ids: list[Any] | None = None) -> None:
        self.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if len(value or "") > TOOLTIP_FROM:
                    item.setToolTip(value)
                if ids is not None:
                    item.setData(Qt.ItemDataRole.UserRole, ids[r])
                self.setItem(r, c, item)
        self.fit_columns()
        self.resizeRowsToContents()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if self.rowCount() or not self.empty_text:
            return
        painter = QPainter(self.viewport())
        try:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(12, 12, -12, -12),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop |
                             Qt.TextFlag.TextWordWrap, self.empty_text)
        finally:
            painter.end()

    def fit_columns(self) -> None:
        """Columns as wide as their contents (long texts capped), the text column takes
        the rest; the user can still drag every border."""
        self.resizeColumnsToContents()
        for column in range(self.columnCount()):
            if column != self.stretch:
                self.setColumnWidth(column, min(self.columnWidth(column), MAX_COLUMN))
        used = sum(self.columnWidth(c) for c in range(self.columnCount()) if c != self.stretch)
        self.setColumnWidth(self.stretch, max(MIN_TEXT, self.viewport().width() - used))

    def select_id(self, row_id: Any) -> bool:
        """Select the line of ``row_id``; False when it is not in the list."""
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == row_id:
                self.selectRow(row)
                self.scrollToItem(item)
                return True
        return False

    def current_id(self) -> Any:
        item = self.item(self.currentRow(), 0) if self.currentRow() >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None
