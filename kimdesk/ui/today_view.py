"""Heute: the start screen — appointments, due steps, follow-ups, reminders, expiring
residence titles and open cases without contact. Enter on a line opens the Akte."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from kimdesk.casework.today import OPTIONAL_SECTIONS, SECTIONS, Agenda
from kimdesk.core import plurals
from kimdesk.core.dates import german
from kimdesk.ui.decisions_panel import DecisionsPanel
from kimdesk.ui.view import Context, View

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
OVERDUE = QColor("#a12a2a")


class TodayView(View):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.setObjectName("page")
        self._stale = True
        self.agenda: Agenda | None = None
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel("Heute")
        self.title.setObjectName("title")
        head.addWidget(self.title)
        head.addStretch(1)
        refresh = QPushButton("&Aktualisieren (F5)")
        refresh.setShortcut("F5")
        refresh.setAccessibleName("Heute aktualisieren")
        refresh.clicked.connect(self.refresh)
        head.addWidget(refresh)
        layout.addLayout(head)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("subtitle")
        layout.addWidget(self.subtitle)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Was heute ansteht")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Datum", "Klient*in", "Was"])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemActivated.connect(self._open)
        layout.addWidget(self.tree, 1)
        self.decisions = DecisionsPanel(ctx)  # what the steering group decided
        layout.addWidget(self.decisions)
        self.setFocusProxy(self.tree)

    def mark_stale(self) -> None:
        self._stale = True

    def refresh(self) -> None:
        self._stale = False
        today = date.today()
        self.title.setText(f"Heute, {WEEKDAYS[today.weekday()]}, {german(today)}")
        self.subtitle.setText("Wird geladen …")
        service = self.desk.today
        self.run(lambda: service.agenda(today), self._show)
        self.decisions.refresh()

    def _show(self, agenda: Agenda) -> None:
        self.agenda = agenda
        self.tree.clear()
        bold = QFont()
        bold.setBold(True)
        total = 0
        for key, title in SECTIONS.items():
            items = agenda.sections.get(key, [])
            count = agenda.totals.get(key, 0)
            if not count and key in OPTIONAL_SECTIONS:
                continue
            total += count
            shown = f"{title} ({count})" if count <= len(items) else \
                f"{title} ({len(items)} von {count})"
            head = QTreeWidgetItem([shown if count else f"{title} — nichts", "", ""])
            head.setFirstColumnSpanned(True)
            head.setFont(0, bold)
            head.setData(0, Qt.ItemDataRole.UserRole, None)
            self.tree.addTopLevelItem(head)
            for item in items:
                row = QTreeWidgetItem([german(item.on), item.client_name, item.text])
                row.setData(0, Qt.ItemDataRole.UserRole, item.client_id)
                if item.overdue:
                    for col in range(3):
                        row.setForeground(col, QBrush(OVERDUE))
                    row.setToolTip(0, "überfällig")
                head.addChild(row)
            head.setExpanded(key != "no_contact" or count <= 25)
        self.subtitle.setText(f"{plurals.count(total, 'Eintrag')}. Eingabe oder Doppelklick "
                              "öffnet die Akte.")
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first.child(0) or first)

    def _open(self, item: QTreeWidgetItem) -> None:
        client_id = item.data(0, Qt.ItemDataRole.UserRole)
        if client_id:
            self.ctx.open_client(int(client_id))

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        super().showEvent(event)
        if self._stale and self.agenda is not None:
            self.refresh()
