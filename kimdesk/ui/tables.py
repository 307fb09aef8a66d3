"""A read-only table for the short lists in the Akte (contacts, referrals, history …),
and wrapping text in lists and trees (table titles, life areas, goals and steps).

Long texts (notes) wrap, show whole on hover, and every column can be widened by dragging
its header; Enter on a line opens it (the Akte tabs connect ``activated``).
"""

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTreeView,
)

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


class _ColumnWrap(QStyledItemDelegate):
    """Measures the text of a tree's first column against that column's width, so that
    long texts take more lines instead of being cut (``QTreeView`` alone measures them on
    one line). The other columns keep their one-line width (they size to their contents)."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                 ) -> QSize:  # noqa: N802 - Qt API
        if index.column() != 0:
            return super().sizeHint(option, index)
        width = self.tree.header().sectionSize(0)
        depth, parent = 1, index.parent()  # the tree's indentation and its expand arrow
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width -= depth * self.tree.indentation()
        option.rect = QRect(0, 0, max(width, 1), 1)
        return super().sizeHint(option, index)


def wrap_tree(tree: QTreeView) -> None:
    """Long texts in the first column of ``tree`` wrap (a goal at 150 % reads whole)."""
    tree.setWordWrap(True)
    tree.setTextElideMode(Qt.TextElideMode.ElideNone)
    tree.setUniformRowHeights(False)
    tree.setItemDelegate(_ColumnWrap(tree))
    tree.header().sectionResized.connect(lambda *_a: tree.scheduleDelayedItemsLayout())


def wrap_list(view: QListView) -> None:
    """Long lines of ``view`` wrap instead of running off sideways; a steady scroll bar
    keeps the width the lines are measured at the width they are drawn at."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
