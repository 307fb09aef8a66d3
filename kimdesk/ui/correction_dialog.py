"""Korrigieren: one entry of the file in a small dialog, with the reason for the Verlauf.

Opened from any list of the Akte (button, Enter or double-click on a line). Saving runs the
correction in the background; a rule that is broken is shown in the dialog, which stays
open with what was typed. Deleting asks for the reason too.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kimdesk.ui.forms import ChoiceField, Field, FormPanel, MemoField
from kimdesk.ui.keyboard import prepare as prepare_keyboard
from kimdesk.ui.tasks import TaskRunner

REASON = "reason"


class CorrectionDialog(QDialog):
    def __init__(self, title: str, fields: list[Field], values: dict[str, Any],
                 runner: TaskRunner, save: Callable[[dict[str, Any], str], Any],
                 delete: Callable[[str], Any] | None, done: Callable[[str], None],
                 parent: QWidget | None = None, delete_text: str = "Eintrag löschen") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — KIMdesk")
        self.runner, self._save, self._delete, self._done = runner, save, delete, done
        self.form = FormPanel(title, [*fields, MemoField(REASON, "&Grund der Korrektur", 2)],
                              "Korrektur speichern")
        for field in fields:
            value = values.get(field.key)
            if isinstance(field, ChoiceField) and value is not None:
                value = str(value)
            field.default = value if value is not None else field.default_value()
        self.form.reset()
        self.form.widget(REASON).setToolTip("Steht im Verlauf der Akte, z. B. „Tippfehler“ "
                                            "oder „auf Wunsch der Person berichtigt“.")
        self.form.submitted.connect(self.submit)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Hinweis zur Korrektur")
        self.error.hide()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.delete_button = QPushButton(f"{delete_text} …")
        self.delete_button.clicked.connect(self.ask_delete)
        self.delete_button.setVisible(delete is not None)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        cancel = QPushButton("Abbrechen")
        cancel.clicked.connect(self.reject)
        row.addWidget(cancel)
        layout.addLayout(row)
        prepare_keyboard(self)
        self.resize(560, min(640, self.form.sizeHint().height() + 120))

    def reason(self) -> str:
        return self.form.values()[REASON]

    def submit(self, values: dict[str, Any] | None = None) -> None:
        values = dict(values or self.form.values())
        reason = values.pop(REASON, "")
        self._run(lambda: self._save(values, reason), "Korrektur gespeichert.")

    def ask_delete(self) -> None:
        answer = QMessageBox.question(
            self, "Eintrag löschen",
            "Diesen Eintrag wirklich löschen? Im Verlauf bleibt vermerkt, dass es ihn gab, "
            "und der Grund.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_now()

    def delete_now(self) -> None:
        reason, delete = self.reason(), self._delete
        if delete is not None:
            self._run(lambda: delete(reason), "Eintrag gelöscht.")

    def _run(self, call: Callable[[], Any], ok: str) -> None:
        self.error.hide()
        self.runner.run(call, lambda _r: self._finished(ok), self._failed, owner=self)

    def _failed(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _finished(self, ok: str) -> None:
        self.accept()
        self._done(ok)
