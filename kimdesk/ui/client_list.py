"""Klient*innen: search as you type, filters, sorting — smooth with 10,000 clients.

Keystrokes are debounced (150 ms); each query runs on the store worker and only the
answer to the latest query is shown.
"""

import time
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from kimdesk.casework.clients import ClientSummary
from kimdesk.core.vocabulary import CASE_TYPE_LABELS, PHASE_LABELS
from kimdesk.ui.view import Context, View

DEBOUNCE_MS = 150
LIMIT = 100
COLUMNS = ("Name", "Geburtsdatum", "Kommune", "Offene Fälle")


class ClientTableModel(QAbstractTableModel):
    def __init__(self, municipality_name: Any) -> None:
        super().__init__()
        self.rows: list[ClientSummary] = []
        self._municipality_name = municipality_name

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            col = index.column()
            if col == 0:
                return row.display_name
            if col == 1:
                return row.birth_date_german
            if col == 2:
                return self._municipality_name(row.municipality_id)
            return str(row.open_cases) if row.open_cases else "—"
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def set_rows(self, rows: list[ClientSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        keys = (lambda r: (r.family_name.casefold(), r.given_names.casefold()),
                lambda r: r.birth_date or "",
                lambda r: self._municipality_name(r.municipality_id).casefold(),
                lambda r: r.open_cases)
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=keys[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class ClientsView(View):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.setObjectName("page")
        self._seq = 0
        self._stale = True
        self.last_latency_s = 0.0
        self._asked_at = 0.0
        layout = QVBoxLayout(self)
        title = QLabel("Klient*innen")
        title.setObjectName("title")
        layout.addWidget(title)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Name (auch andere Schreibweisen), Geburtsdatum oder "
                                       "Kommune — Strg+F")
        self.search.setAccessibleName("Suche nach Klient*innen")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._schedule)
        self.search.returnPressed.connect(self._open_first)
        row.addWidget(self.search, 3)
        self.case_type = self._filter_combo("Fallart", [("", "Alle Fallarten")] + [
            (k.value, v) for k, v in CASE_TYPE_LABELS.items()])
        self.phase = self._filter_combo("Phase", [("", "Alle Phasen")] + [
            (k.value, v) for k, v in PHASE_LABELS.items()])
        self.municipality = self._filter_combo("Kommune", [("", "Alle Kommunen")] + [
            (m.id, m.name) for m in self.desk.district.municipalities()])
        self.status = self._filter_combo("Status", [
            ("all", "Alle"), ("open", "mit offenem Fall"), ("closed", "abgeschlossen")])
        for combo in (self.case_type, self.phase, self.municipality, self.status):
            row.addWidget(combo, 1)
        new = QPushButton("&Neue Person (Strg+N)")
        new.setAccessibleName("Neue Person anlegen")
        new.clicked.connect(self.ctx.new_client)
        row.addWidget(new)
        layout.addLayout(row)
        self.model = ClientTableModel(self.desk.municipality_name)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Liste der Klient*innen")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths (no measuring per query), wide enough for the bold header text and
        # the sort arrow.
        bold = QFont(self.table.horizontalHeader().font())
        bold.setBold(True)
        width = QFontMetrics(bold).horizontalAdvance
        for col, sample in ((1, "Geburtsdatum"), (2, "Emmerich am Rhein"),
                            (3, "Offene Fälle")):
            self.table.horizontalHeader().setSectionResizeMode(
                col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width(sample) + 36)
        self.table.activated.connect(self._open_index)
        layout.addWidget(self.table, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("subtitle")
        self.status_label.setAccessibleName("Anzahl der Treffer")
        layout.addWidget(self.status_label)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.query)
        self.setFocusProxy(self.search)

    def _filter_combo(self, name: str, options: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(f"Filter {name}")
        combo.setToolTip(f"Filter: {name}")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        for oid, text in options:
            combo.addItem(text, oid)
        combo.currentIndexChanged.connect(lambda _i: self.query())
        return combo

    def activate(self) -> None:
        if self._stale:
            self.query()
        self.search.setFocus()

    def mark_stale(self) -> None:
        self._stale = True

    def _schedule(self) -> None:
        self._asked_at = time.perf_counter()
        self._debounce.start()

    def query(self) -> None:
        self._debounce.stop()
        self._stale = False
        self._seq += 1
        seq = self._seq
        text = self.search.text()
        filters = dict(case_type=self.case_type.currentData(), phase=self.phase.currentData(),
                       municipality_id=self.municipality.currentData(),
                       status=self.status.currentData())
        clients = self.desk.clients
        self.run(lambda: clients.find(text, limit=LIMIT, **filters),
                 lambda rows: self._show(seq, rows))

    def _show(self, seq: int, rows: list[ClientSummary]) -> None:
        if seq != self._seq:
            return  # an older query answered late
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        custom_sort = header.sortIndicatorSection() not in (-1, 0) or \
            header.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder
        if custom_sort and not self.search.text().strip():
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if rows:
            self.table.selectRow(0)
        more = " — weitere vorhanden, bitte die Suche eingrenzen" if len(rows) >= LIMIT else ""
        self.status_label.setText(f"{len(rows)} Treffer{more}")
        if self._asked_at:
            self.last_latency_s = time.perf_counter() - self._asked_at

    def _open_first(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self._open_index(index)

    def _open_index(self, index: QModelIndex) -> None:
        self.ctx.open_client(self.model.data(index, Qt.ItemDataRole.UserRole))
