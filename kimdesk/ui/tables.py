"""A read-only table for the short lists in the Akte (contacts, referrals, history …)."""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


class ListTable(QTableWidget):
    def __init__(self, headers: list[str], accessible_name: str, stretch: int = -1) -> None:
        super().__init__(0, len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setAccessibleName(accessible_name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch if stretch >= 0 else len(headers) - 1,
                                    QHeaderView.ResizeMode.Stretch)

    def set_rows(self, rows: list[list[str]], ids: list[Any] | None = None) -> None:
        self.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if ids is not None:
                    item.setData(Qt.ItemDataRole.UserRole, ids[r])
                self.setItem(r, c, item)
        self.resizeRowsToContents()

    def current_id(self) -> Any:
        item = self.item(self.currentRow(), 0) if self.currentRow() >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None
