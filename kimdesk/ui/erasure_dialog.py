"""Confirming an erasure: what goes, that it cannot be undone, and one deliberate check.

Used for the Löschkonzept (several due files at once) and for erasure on request
(Art. 17) from the Akte. Nothing is erased until the box is ticked and the button pressed.
"""

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kimdesk.ui.dialog_height import TextDialog
from kimdesk.ui.keyboard import prepare as prepare_keyboard

WHAT_GOES = ("Stammdaten, Haushalt, Einwilligungen, Fälle, Kontakte, Assessments, Ziele und "
             "Schritte, Vermittlungen, Termine, Erinnerungen, Ausdruck-Vermerke, Entwürfe, "
             "Suchbegriffe und nicht gesendete Fallrekonstruktionen")


class ErasureDialog(TextDialog):
    def __init__(self, title: str, who: str, reason: str, check: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — KIMdesk")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("title")
        layout.addWidget(heading)
        self.what = QLabel(f"{who}: {WHAT_GOES} werden unwiderruflich gelöscht — auch aus "
                           "dem freien Speicher der Datenbank. Im Verlauf bleibt nur vermerkt, "
                           f"dass und wie viele Einträge gelöscht wurden, nie ein Name. Grund: "
                           f"{reason}.")
        self.what.setWordWrap(True)
        self.what.setAccessibleName("Was gelöscht wird")
        layout.addWidget(self.what)
        hint = QLabel("Sicherungen auf anderen Datenträgern enthalten die Akte weiter, bis sie "
                      "rotiert oder vernichtet werden.")
        hint.setObjectName("subtitle")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.confirm = QCheckBox(check)
        layout.addWidget(self.confirm)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton("&Abbrechen")
        cancel.clicked.connect(self.reject)
        row.addWidget(cancel)
        self.erase_button = QPushButton("Endgültig &löschen")
        self.erase_button.setObjectName("danger")
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.accept)
        self.confirm.toggled.connect(self.erase_button.setEnabled)
        row.addWidget(self.erase_button)
        layout.addLayout(row)
        prepare_keyboard(self)
        self.confirm.setFocus()
