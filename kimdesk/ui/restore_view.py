"""Sicherung zurückspielen: a whole-store backup from another disk becomes a new profile.

Reached from the profile selection. The backup opens with the passphrase it had when it
was written, or with the recovery key (then a new passphrase is set). Nothing appears in
the profile list until the copy has passed every check (``kimdesk.store.backup_sets``).
"""

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from kimdesk.casework.profiles import restore_profile
from kimdesk.ui.start_view import centered_card
from kimdesk.ui.tasks import TaskRunner
from kimdesk.ui.view import scroll_body


class RestoreView(QWidget):
    restored = Signal(object, object)  # Profile, open store
    cancelled = Signal()

    def __init__(self, runner: TaskRunner, kdf: Any = None,  # noqa: ANN401 - KdfParams
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.runner, self.kdf = runner, kdf
        # scrolls on a small screen at 150 % (the recovery-key form is the longest page)
        layout = centered_card(scroll_body(self), 560)
        title = QLabel("Sicherung zurückspielen")
        title.setObjectName("title")
        layout.addWidget(title)
        intro = QLabel("Eine Sicherung (Ordner „KIMdesk-Sicherung-…“) wird als neues Profil "
                       "angelegt, erst nach vollständiger Prüfung.")
        intro.setObjectName("subtitle")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        label = QLabel("&Sicherungsordner")
        row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setAccessibleName("Sicherungsordner")
        label.setBuddy(self.folder)
        row.addWidget(self.folder, 1)
        self.browse = QPushButton("A&uswählen …")
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.browse)
        layout.addWidget(label)
        layout.addLayout(row)
        self.label = self._field(layout, "&Name des Profils", password=False)
        self.with_passphrase = QRadioButton("Mit der &Passphrase der Sicherung")
        self.with_key = QRadioButton("Mit dem &Wiederherstellungsschlüssel")
        group = QButtonGroup(self)
        for button in (self.with_passphrase, self.with_key):
            group.addButton(button)
            layout.addWidget(button)
        self.with_passphrase.setChecked(True)
        self.passphrase = self._field(layout, "Passphrase der Sicherun&g")
        self.key = self._field(layout, "Wiederherstellungss&chlüssel", password=False)
        self.new1 = self._field(layout, "&Neue Passphrase")
        self.new2 = self._field(layout, "Neue Passphrase wi&ederholen")
        group.buttonToggled.connect(lambda *_: self._mode())
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Hinweis zum Zurückspielen")
        layout.addWidget(self.error)
        row = QHBoxLayout()
        cancel = QPushButton("&Abbrechen")
        cancel.clicked.connect(self.cancelled.emit)
        row.addWidget(cancel)
        row.addStretch(1)
        self.button = QPushButton("&Prüfen und zurückspielen")
        self.button.setText("Prüfen und &zurückspielen")
        self.button.setObjectName("primary")
        self.button.clicked.connect(self.submit)
        row.addWidget(self.button)
        layout.addLayout(row)
        for edit in (self.passphrase, self.new2):
            edit.returnPressed.connect(self.submit)
        self._mode()

    def _field(self, layout: Any, text: str, password: bool = True) -> QLineEdit:  # noqa: ANN401
        label = QLabel(text)
        edit = QLineEdit()
        edit.setAccessibleName(text.replace("&", ""))
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        label.setBuddy(edit)
        layout.addWidget(label)
        layout.addWidget(edit)
        edit.setProperty("label", label)
        return edit

    def _mode(self) -> None:
        recovery = self.with_key.isChecked()
        for edit, shown in ((self.passphrase, not recovery), (self.key, recovery),
                            (self.new1, recovery), (self.new2, recovery)):
            edit.setVisible(shown)
            edit.property("label").setVisible(shown)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Sicherungsordner wählen",
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def prepare(self) -> None:
        for edit in (self.folder, self.passphrase, self.key, self.new1, self.new2):
            edit.clear()
        self.label.setText("Wiederhergestellt")
        self.with_passphrase.setChecked(True)
        self.error.clear()
        self.button.setEnabled(True)
        self.folder.setFocus()

    def submit(self) -> None:
        if not self.button.isEnabled():
            return
        folder, label = self.folder.text().strip(), self.label.text()
        if not folder:
            self.error.setText("Bitte den Ordner der Sicherung angeben.")
            self.folder.setFocus()
            return
        recovery = self.with_key.isChecked()
        if recovery and self.new1.text() != self.new2.text():
            self.error.setText("Die beiden Eingaben der neuen Passphrase stimmen nicht überein.")
            self.new2.setFocus()
            return
        passphrase = "" if recovery else self.passphrase.text()
        key = self.key.text() if recovery else ""
        new = self.new1.text() if recovery else ""
        kdf = self.kdf
        self.button.setEnabled(False)
        self.error.setText("Die Sicherung wird geprüft und zurückgespielt …")
        self.runner.run(lambda: restore_profile(label, Path(folder), passphrase, key, new,
                                                kdf=kdf),
                        self._done, self._failed, owner=self)

    def _done(self, result: tuple[Any, Any]) -> None:
        profile, store = result
        self.button.setEnabled(True)
        for edit in (self.passphrase, self.key, self.new1, self.new2):
            edit.clear()
        self.error.clear()
        self.restored.emit(profile, store)

    def _failed(self, message: str) -> None:
        self.button.setEnabled(True)
        self.error.setText(message)
