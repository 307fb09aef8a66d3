"""When a consent is missing: say so, and offer to act anyway with a recorded reason.

``save_with_consent`` runs a service call that takes an ``exception_reason``; if the
service answers :class:`~kimdesk.casework.consent_rules.ConsentMissingError`, the German
message is shown in a small dialog with a field for the reason. Cancelling leaves nothing
written; "Ausnahme festhalten" runs the call again with the reason, and the service records
the exception in the Verlauf.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kimdesk.casework.consent_rules import MIN_REASON, ConsentMissingError
from kimdesk.ui.dialog_height import TextDialog
from kimdesk.ui.keyboard import prepare as prepare_keyboard


@dataclass(frozen=True)
class _Needed:
    message: str


class ConsentExceptionDialog(TextDialog):
    """The missing consent in German, and the reason for acting anyway."""

    reason_given = Signal(str)

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Einwilligung fehlt — KIMdesk")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Hinweis zur Einwilligung")
        layout.addWidget(self.message)
        explain = QLabel("Nur wenn ein wichtiger Grund es verlangt (z. B. Gefahr für das "
                         "Kindeswohl): die Begründung wird in der Akte festgehalten und im "
                         "Verlauf vermerkt.")
        explain.setObjectName("subtitle")
        explain.setWordWrap(True)
        layout.addWidget(explain)
        label = QLabel("&Begründung der Ausnahme")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Begründung der Ausnahme")
        self.reason.setPlaceholderText(f"mindestens {MIN_REASON} Zeichen")
        label.setBuddy(self.reason)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton("&Abbrechen")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        row.addWidget(self.cancel_button)
        self.accept_button = QPushButton("Ausnahme &festhalten")
        self.accept_button.setObjectName("primary")
        self.accept_button.setDefault(True)  # Enter in the reason field
        self.accept_button.clicked.connect(self.submit)
        row.addWidget(self.accept_button)
        layout.addLayout(row)
        prepare_keyboard(self)
        self.reason.setFocus()

    def submit(self) -> None:
        reason = self.reason.text().strip()
        if len(reason) < MIN_REASON:
            self.error.setText(f"Bitte die Ausnahme nachvollziehbar begründen (mindestens "
                               f"{MIN_REASON} Zeichen).")
            self.reason.setFocus()
            return
        self.reason_given.emit(reason)
        self.accept()


def save_with_consent(view: Any, call: Callable[[str], Any],
                      on_done: Callable[[Any], None]) -> None:
    """Run ``call("")`` through ``view.run``; on a missing consent ask for an exception and
    run ``call(reason)`` once it is given. ``view`` is a :class:`~kimdesk.ui.view.View`."""

    def job(reason: str) -> Any:
        try:
            return call(reason)
        except ConsentMissingError as exc:
            return _Needed(str(exc))

    def done(result: Any) -> None:
        if not isinstance(result, _Needed):
            on_done(result)
            return
        view.ctx.messages.error(result.message)
        dialog = ConsentExceptionDialog(result.message, view.window())
        dialog.reason_given.connect(lambda reason: view.run(lambda: job(reason), done))
        view.consent_dialog = dialog  # for tests and the screenshot tour
        dialog.open()

    view.run(lambda: job(""), done)
