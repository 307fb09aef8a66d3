"""Unlock and lock screen: the passphrase, a clear message, a growing delay after failures.

The same view serves as the lock screen of an open profile (``verify`` checks the
passphrase against the open store) — it shows the profile's label and nothing of a client.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from kimdesk.casework.profiles import Profile
from kimdesk.core.plurals import seconds
from kimdesk.ui.start_view import centered_card
from kimdesk.ui.tasks import TaskRunner


def failure_delay(failures: int) -> int:
    """Seconds to wait before the next attempt: none for the first two, then growing."""
    return 0 if failures < 2 else min(2 ** (failures - 2), 60)


class UnlockView(QWidget):
    unlocked = Signal(object)  # whatever the attempt function returned
    typing = Signal()  # the person began to type a passphrase (not a prefilled one)
    switch_profile = Signal()
    forgot = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.runner = runner
        self.failures = 0
        self._attempt: Callable[[str], Any] = lambda _p: None
        self._wait_left = 0
        self._countdown = QTimer(self, interval=1000)
        self._countdown.timeout.connect(self._tick)
        layout = centered_card(self, 460)
        self.title = QLabel("Entsperren")
        self.title.setObjectName("title")
        layout.addWidget(self.title)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("subtitle")
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.subtitle)
        label = QLabel("&Passphrase")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.returnPressed.connect(self.submit)
        self.passphrase.textEdited.connect(lambda _text: self.typing.emit())
        label.setBuddy(self.passphrase)
        layout.addWidget(label)
        layout.addWidget(self.passphrase)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Hinweis zum Entsperren")
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.switch_button = QPushButton("Anderes &Profil")
        self.switch_button.setAccessibleName("Anderes Profil wählen")
        self.switch_button.clicked.connect(self.switch_profile.emit)
        row.addWidget(self.switch_button)
        self.forgot_button = QPushButton("Passphrase &vergessen?")
        self.forgot_button.setAccessibleName("Passphrase vergessen: mit dem "
                                             "Wiederherstellungsschlüssel eine neue setzen")
        self.forgot_button.clicked.connect(self.forgot.emit)
        row.addWidget(self.forgot_button)
        row.addStretch(1)
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("primary")
        self.restore_button.hide()
        self.restore_button.clicked.connect(self._restore)
        row.addWidget(self.restore_button)
        self._restore_action: Callable[[], Any] | None = None
        self.button = QPushButton("&Entsperren  (Eingabe)")
        self.button.setObjectName("primary")
        self.button.setAccessibleName("Entsperren")
        self.button.clicked.connect(self.submit)
        row.addWidget(self.button)
        layout.addLayout(row)

    def prepare(self, profile: Profile, attempt: Callable[[str], Any], locked: bool,
                prefill: str = "") -> None:
        """Show for a profile; ``attempt(passphrase)`` runs in the background."""
        self._attempt = attempt
        self.title.setText("Gesperrt" if locked else "Entsperren")
        where = f"{profile.label} — {profile.district_name}" if profile.district_name \
            else profile.label
        self.subtitle.setText(
            (f"KIMdesk ist gesperrt. Profil: {where}." if locked else f"Profil: {where}.")
            + " Bitte die Passphrase eingeben.")
        self._restore_action = None
        self.restore_button.hide()
        self.switch_button.setVisible(not locked)
        self.forgot_button.setVisible(not locked)
        self.passphrase.setText(prefill)
        if prefill:
            self.error.setText("Demo: die Passphrase ist bereits eingetragen — Eingabe drücken.")
            self.error.setObjectName("subtitle")
        else:
            self.error.clear()
        self.error.style().unpolish(self.error)
        self.error.style().polish(self.error)
        self.passphrase.setFocus()

    def offer(self, message: str, button: str, action: Callable[[], Any]) -> None:
        """A damaged store with a sound backup: say so and offer to put it back."""
        self._restore_action = action
        self._show_error(message)
        self.restore_button.setText(button)
        self.restore_button.setAccessibleName(button.replace("&", ""))
        self.restore_button.show()
        self.restore_button.setFocus()

    def _restore(self) -> None:
        action = self._restore_action
        if action is None:
            return
        self.restore_button.setEnabled(False)
        self.error.setObjectName("subtitle")
        self.error.setText("Die Sicherung wird geprüft und zurückgespielt …")

        def done(result: Any) -> None:
            self._restore_action = None
            self.restore_button.hide()
            self.restore_button.setEnabled(True)
            self._done(result)

        def failed(message: str) -> None:
            self.restore_button.setEnabled(True)
            self._show_error(message)

        self.runner.run(action, done, failed, owner=self)

    def submit(self) -> None:
        if self._wait_left:
            self._show_error(f"Bitte noch {seconds(self._wait_left)} warten, dann erneut "
                             "versuchen.")
            return
        if not self.button.isEnabled():
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show_error("Bitte die Passphrase eingeben.")
            return
        self._busy(True)
        self.error.setObjectName("subtitle")
        self.error.setText("Wird entsperrt …")
        attempt = self._attempt
        self.runner.run(lambda: attempt(passphrase), self._done, self._failed, owner=self)

    def _done(self, result: Any) -> None:
        self.failures = 0
        self._busy(False)
        self.passphrase.clear()
        self.error.clear()
        self.unlocked.emit(result)

    def _failed(self, message: str) -> None:
        self.failures += 1
        self._busy(False)
        self.passphrase.selectAll()
        delay = failure_delay(self.failures)
        if delay:  # the field stays where the cursor is: one can retype while waiting
            self._wait_left = delay
            self.button.setEnabled(False)
            self._countdown.start()
            message += (f" Nach {self.failures} Fehlversuchen: bitte {seconds(delay)} "
                        "warten.")
        self._show_error(message)

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self.end_delay()

    def end_delay(self) -> None:
        self._wait_left = 0
        self._countdown.stop()
        self.button.setEnabled(True)
        self.passphrase.setFocus()

    def checking(self) -> bool:
        """A passphrase is being checked (the field is read-only meanwhile)."""
        return self.passphrase.isReadOnly()

    def waiting(self) -> bool:
        return self._wait_left > 0

    def _busy(self, busy: bool) -> None:
        """Read-only, not disabled, while checking: a disabled field would hand the focus
        to the next button and a retyped passphrase would go nowhere."""
        self.button.setEnabled(not busy)
        self.passphrase.setReadOnly(busy)
        if not busy:
            self.passphrase.setFocus()

    def _show_error(self, message: str) -> None:
        self.error.setObjectName("error")
        self.error.style().unpolish(self.error)
        self.error.style().polish(self.error)
        self.error.setText(message)
        self.error.setAccessibleDescription(message)
