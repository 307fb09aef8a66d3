"""Heute's panel "Beschlüsse der Lenkungsgruppe": what the coordination published, newest
first; unread ones are marked „NEU“ (in text, not only in bold) until the case manager
marks them read."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from kimdesk.casework.decisions import DecisionNote, DecisionService
from kimdesk.core.dates import german
from kimdesk.ui.view import Context, View


class DecisionsPanel(View):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.notes: list[DecisionNote] = []
        self.box = QGroupBox("Beschlüsse der Lenkungsgruppe")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.box)
        layout = QVBoxLayout(self.box)
        self.summary = QLabel("Noch keine Beschlüsse vom Kreisbüro.")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName("Beschlüsse der Lenkungsgruppe")
        self.list.currentRowChanged.connect(self._show_text)
        self.list.setMaximumHeight(110)
        row.addWidget(self.list, 2)
        self.text = QTextBrowser()
        self.text.setAccessibleName("Text des Beschlusses")
        self.text.setMaximumHeight(110)
        row.addWidget(self.text, 3)
        layout.addLayout(row)
        self.read_button = QPushButton("Als &gelesen markieren")
        self.read_button.setAccessibleName("Alle neuen Beschlüsse als gelesen markieren")
        self.read_button.clicked.connect(self._mark_read)
        layout.addWidget(self.read_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.setVisible(False)

    def _service(self) -> DecisionService:
        return DecisionService(self.desk.store)

    def refresh(self) -> None:
        service = self._service()
        self.run(service.recent, self._show)

    def _show(self, notes: list[DecisionNote]) -> None:
        self.notes = notes
        self.setVisible(bool(notes))
        self.list.clear()
        new = sum(1 for n in notes if n.new)
        self.summary.setText(
            f"{new} neue{'r' if new == 1 else ''} Beschluss{'' if new == 1 else 'e'} der "
            "Lenkungsgruppe." if new else "Keine neuen Beschlüsse; die letzten stehen hier.")
        self.read_button.setEnabled(new > 0)
        bold = QFont()
        bold.setBold(True)
        for note in notes:
            when = german(note.published_at.date()) if note.published_at else ""
            text = ("NEU: " if note.new else "") + note.title + (f" ({when})" if when else "")
            item = QListWidgetItem(text)
            if note.new:
                item.setFont(bold)
            self.list.addItem(item)
        if notes:
            self.list.setCurrentRow(0)

    def _show_text(self, row: int) -> None:
        if 0 <= row < len(self.notes):
            self.text.setPlainText(self.notes[row].body)

    def _mark_read(self) -> None:
        service = self._service()
        self.run(service.mark_read, lambda _r: self.refresh())
