"""Dubletten in the Akte: the notice instead of a second file, and merging two files."""

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from kimdesk.ui.akte.base import require_client

if TYPE_CHECKING:
    from kimdesk.ui.akte.person_tabs import MasterDataTab


class DuplicateNotice(QFrame):
    """Shown instead of creating a second file of the same person."""

    def __init__(self, tab: "MasterDataTab") -> None:
        super().__init__()
        self.tab = tab
        self.confirmed = False
        self.setObjectName("draftNotice")
        self.setAccessibleName("Mögliche Dublette")
        self.box = QVBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.box.addWidget(self.label)
        self.buttons = QHBoxLayout()
        self.box.addLayout(self.buttons)
        self.hide()

    def offer(self, found: list) -> None:
        while self.buttons.count():
            item = self.buttons.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        names = "; ".join(f"{c.client.display_name}, geb. {c.client.birth_date_german}"
                          for c in found[:3])
        self.label.setText(f"Diese Person gibt es vielleicht schon ({found[0].why}): {names}. "
                           "Bitte die vorhandene Akte öffnen, statt eine zweite anzulegen.")
        for candidate in found[:3]:
            button = QPushButton(f"Akte öffnen: {candidate.client.display_name}")
            button.clicked.connect(lambda _c=False, cid=candidate.client.id:
                                   self.tab.ctx.open_client(cid))
            self.buttons.addWidget(button)
        self.create_anyway = QPushButton("Trotzdem neu anlegen")
        self.create_anyway.clicked.connect(self.anyway)
        self.buttons.addWidget(self.create_anyway)
        self.buttons.addStretch(1)
        self.show()
        first = self.buttons.itemAt(0)
        first_button = first.widget() if first is not None else None
        if first_button is not None:
            first_button.setFocus()

    def anyway(self) -> None:
        self.hide()
        self.confirmed = True
        try:
            self.tab._save(self.tab.form.values())
        finally:
            self.confirmed = False


class MergeDialog(QDialog):
    """Zusammenführen: choose the duplicate; its cases and entries move into this file."""

    def __init__(self, tab: "MasterDataTab") -> None:
        super().__init__(tab)
        self.tab = tab
        self.setWindowTitle("Dublette zusammenführen — KIMdesk")
        layout = QVBoxLayout(self)
        intro = QLabel("Alle Fälle, Kontakte, Einwilligungen, Termine und Dokumente der "
                       "gewählten Akte werden in diese Akte übernommen; die gewählte Akte wird "
                       "danach gelöscht. Ihre Schreibweise bleibt als andere Schreibweise "
                       "erhalten.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Name oder Geburtsdatum der doppelten Akte")
        self.search.textChanged.connect(self.find)
        form.addRow("&Suchen", self.search)
        self.results = QListWidget()
        self.results.setAccessibleName("Gefundene Akten")
        self.results.setWordWrap(True)  # a long name or the sentence wraps at 150 %
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form.addRow("&Akte", self.results)
        self.reason = QLineEdit("Dublette")
        form.addRow("&Grund", self.reason)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.merge_button = buttons.addButton("&Zusammenführen",
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 420)
        client = tab.data.client if tab.data else None
        if client is not None:
            self.search.setText(f"{client.given_names} {client.family_name}")

    def find(self, text: str) -> None:  # type: ignore[override]  # not QWidget.find(int)
        clients, own = self.tab.desk.clients, self.tab.file.client_id
        self.tab.run(lambda: [c for c in clients.search(text, limit=20) if c.id != own],
                     self._show)

    def _show(self, found: list) -> None:
        self.results.clear()
        for c in found:
            item = QListWidgetItem(f"{c.display_name}, geb. {c.birth_date_german or '—'}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        elif self.search.text().strip():
            nothing = QListWidgetItem("Keine andere Akte gefunden — bitte anders schreiben "
                                      "oder das Geburtsdatum eingeben.")
            nothing.setFlags(Qt.ItemFlag.NoItemFlags)  # a sentence, not a choice
            self.results.addItem(nothing)

    def merge(self) -> None:
        item = self.results.currentItem()
        if item is None:
            self.error.setText("Bitte die doppelte Akte in der Liste wählen.")
            return
        other, keep = item.data(Qt.ItemDataRole.UserRole), self.tab.file.client_id
        duplicates, reason = self.tab.desk.duplicates, self.reason.text()
        self.tab.run(lambda: duplicates.merge(require_client(keep), other, reason),
                     self._merged,
                     self.error.setText)

    def _merged(self, _result: object) -> None:
        self.accept()
        self.tab.ctx.messages.info("Die Akten wurden zusammengeführt.")
        self.tab.ctx.data_changed()
        self.tab.file.reload()
