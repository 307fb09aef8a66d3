"""Passphrase vergessen? The recovery key from setup opens the profile and a new
passphrase is set (the case files stay as they are; only the key slot changes)."""

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from kimdesk.casework.profiles import Profile, recover_profile
from kimdesk.ui.start_view import centered_card
from kimdesk.ui.tasks import TaskRunner


class RecoveryView(QWidget):
    recovered = Signal(object, object)  # Profile, open store
    cancelled = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.runner = runner
        self.profile: Profile | None = None
        layout = centered_card(self, 520)
        title = QLabel("Passphrase vergessen")
        title.setObjectName("title")
        layout.addWidget(title)
        self.intro = QLabel()
        self.intro.setObjectName("subtitle")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.key = self._field(layout, "&Wiederherstellungsschlüssel", password=False)
        self.key.setPlaceholderText("wie auf dem ausgedruckten Blatt, mit oder ohne Bindestriche")
        self.new1 = self._field(layout, "&Neue Passphrase")
        self.new2 = self._field(layout, "Neue Passphrase &wiederholen")
        self.new2.returnPressed.connect(self.submit)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        cancel = QPushButton("Abbrechen")
        cancel.clicked.connect(self.cancelled.emit)
        row.addWidget(cancel)
        row.addStretch(1)
        self.button = QPushButton("Neue Passphrase &setzen")
        self.button.setObjectName("primary")
        self.button.clicked.connect(self.submit)
        row.addWidget(self.button)
        layout.addLayout(row)

    @staticmethod
    def _field(layout: Any, text: str, password: bool = True) -> QLineEdit:  # noqa: ANN401
        label = QLabel(text)
        edit = QLineEdit()
        edit.setAccessibleName(text.replace("&", ""))
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        label.setBuddy(edit)
        layout.addWidget(label)
        layout.addWidget(edit)
        return edit

    def prepare(self, profile: Profile) -> None:
        self.profile = profile
        self.intro.setText(f"Profil: {profile.label}. Bitte den Wiederherstellungsschlüssel "
                           "eingeben, den KIMdesk bei der Einrichtung angezeigt hat, und eine "
                           "neue Passphrase wählen.")
        for edit in (self.key, self.new1, self.new2):
            edit.clear()
        self.error.clear()
        self.key.setFocus()

    def submit(self) -> None:
        if self.profile is None or not self.button.isEnabled():
            return
        profile, key = self.profile, self.key.text()
        new1, new2 = self.new1.text(), self.new2.text()
        self.button.setEnabled(False)
        self.error.setText("Wird geprüft …")
        self.runner.run(lambda: recover_profile(profile, key, new1, new2), self._done,
                        self._failed, owner=self)

    def _done(self, store: Any) -> None:  # noqa: ANN401
        self.button.setEnabled(True)
        for edit in (self.key, self.new1, self.new2):
            edit.clear()
        self.error.clear()
        self.recovered.emit(self.profile, store)

    def _failed(self, message: str) -> None:
        self.button.setEnabled(True)
        self.error.setText(message)
        self.key.setFocus()
