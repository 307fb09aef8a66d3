"""Neu verschlüsseln: after a passphrase was replaced, the data key itself can be changed.

A new passphrase only re-wraps the data key; whoever copied the key file earlier still
opens the database with the old passphrase. This dialog asks once, shows the new recovery
key (it replaces the old one) and re-encrypts in the background
(:meth:`CaseStore.rekey <kimdesk.store.case_store.CaseStore.rekey>`).
"""

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kimdesk.casework.profiles import Profile
from kimdesk.store.case_store import CaseStore
from kimdesk.store.key_slots import new_recovery_key
from kimdesk.store.secrets import OsKeyring
from kimdesk.ui.recovery_sheet import (
    PDF_WARNING,
    print_with_dialog,
    recovery_document,
    save_pdf,
)
from kimdesk.ui.tasks import TaskRunner

QUESTION = ("Die neue Passphrase ist gesetzt. Die Fallakten sind aber weiter unter demselben "
            "Schlüssel verschlüsselt: Wer früher eine Kopie der Schlüsseldatei genommen hat, "
            "öffnet sie mit der alten Passphrase. War der Laptop in fremden Händen, jetzt neu "
            "verschlüsseln (einige Sekunden bis Minuten; dabei entsteht ein neuer "
            "Wiederherstellungsschlüssel).")
DONE = ("Der Datenbestand ist neu verschlüsselt. Der alte Wiederherstellungsschlüssel gilt "
        "nicht mehr.")


class RekeyDialog(QDialog):
    """Question (with the passphrase to confirm) → new recovery key → re-encryption."""

    def __init__(self, profile: Profile, store: CaseStore, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Neu verschlüsseln?")
        self.profile, self.store, self.runner = profile, store, runner
        self.recovery_key = new_recovery_key()
        self.rekeyed = False
        self.steps = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        self._build_question()
        self._build_key()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("error")
        layout.addWidget(self.status)

    def _build_question(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        text = QLabel(QUESTION)
        text.setWordWrap(True)
        box.addWidget(text)
        label = QLabel("&Passphrase zur Bestätigung")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase zur Bestätigung")
        label.setBuddy(self.passphrase)
        box.addWidget(label)
        box.addWidget(self.passphrase)
        row = QHBoxLayout()
        later = QPushButton("&Nicht jetzt")
        later.clicked.connect(self.reject)
        row.addWidget(later)
        row.addStretch(1)
        self.next_button = QPushButton("&Weiter")
        self.next_button.setObjectName("primary")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self._to_key)
        row.addWidget(self.next_button)
        box.addLayout(row)
        self.steps.addWidget(page)

    def _build_key(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        intro = QLabel("Der neue Wiederherstellungsschlüssel ersetzt den bisherigen, sobald "
                       "neu verschlüsselt ist. Bitte jetzt ausdrucken oder notieren:")
        intro.setWordWrap(True)
        box.addWidget(intro)
        key = QLabel(self.recovery_key)
        key.setObjectName("recoveryKey")
        key.setAccessibleName("Neuer Wiederherstellungsschlüssel")
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(key)
        row = QHBoxLayout()
        printing = QPushButton("&Drucken …")
        printing.clicked.connect(lambda: print_with_dialog(self._document(), self))
        row.addWidget(printing)
        pdf = QPushButton("Als PD&F speichern …")
        pdf.clicked.connect(self._save_pdf)
        row.addWidget(pdf)
        row.addStretch(1)
        box.addLayout(row)
        self.kept = QCheckBox("Ich habe den neuen Schlüssel &ausgedruckt oder sicher notiert.")
        box.addWidget(self.kept)
        row = QHBoxLayout()
        row.addStretch(1)
        self.start_button = QPushButton("Jetzt &neu verschlüsseln")
        self.start_button.setObjectName("primary")
        self.start_button.setEnabled(False)
        self.kept.toggled.connect(self.start_button.setEnabled)
        self.start_button.clicked.connect(self.start)
        row.addWidget(self.start_button)
        box.addLayout(row)
        self.steps.addWidget(page)

    def _document(self) -> Any:  # noqa: ANN401 - a QTextDocument
        return recovery_document(self.recovery_key, self.profile.label,
                                 self.profile.district_name)

    def _save_pdf(self) -> None:
        QMessageBox.warning(self, "Wiederherstellungsschlüssel als PDF", PDF_WARNING)
        path, _ = QFileDialog.getSaveFileName(self, "Wiederherstellungsschlüssel speichern",
                                              "KIMdesk-Wiederherstellung.pdf", "PDF (*.pdf)")
        if path:
            save_pdf(self._document(), Path(path))

    def _to_key(self) -> None:
        if not self.passphrase.text():
            self.status.setText("Bitte die Passphrase eingeben.")
            return
        self.status.clear()
        self.steps.setCurrentIndex(1)

    def start(self) -> None:
        """Re-encrypt in the background; the dialog stays open until it is done."""
        store, passphrase, key = self.store, self.passphrase.text(), self.recovery_key
        self.start_button.setEnabled(False)
        self.status.setText("Wird neu verschlüsselt …")
        self.runner.run(lambda: store.rekey(passphrase, key, secret_store=OsKeyring()),
                        self._done, self._failed, owner=self)

    def _done(self, _result: object) -> None:
        self.rekeyed = True
        self.passphrase.clear()
        QMessageBox.information(self, "Neu verschlüsselt", DONE)
        self.accept()

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.steps.setCurrentIndex(0)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
